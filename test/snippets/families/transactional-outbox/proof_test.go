package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
)

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(20)
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, q string, args ...interface{}) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func enqueue(t *testing.T, db *sql.DB, events ...[2]string) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := Enqueue(ctx, tx, e[0], e[1], map[string]string{"a": e[0]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 400; i++ {
		if cond() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s", what)
}

func TestRolledBackEventIsNeverPublished(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	ctx := context.Background()
	tx, _ := db.BeginTx(ctx, nil)
	if err := Enqueue(ctx, tx, "order-1", "OrderPlaced", nil); err != nil {
		t.Fatal(err)
	}
	_ = tx.Rollback()
	n, err := RelayBatch(ctx, db, func(context.Context, Event) error { t.Error("published a rolled-back event"); return nil }, 10)
	if err != nil || n != 0 {
		t.Fatalf("relay: %d %v", n, err)
	}
}

func TestTwoRelaysPublishEachEventOnceInOrderPerAggregate(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	var events [][2]string
	for i := 0; i < 300; i++ {
		events = append(events, [2]string{fmt.Sprintf("agg-%d", i%30), "Happened"})
	}
	enqueue(t, db, events...)
	var mu sync.Mutex
	var got []Event
	publish := func(_ context.Context, e Event) error { mu.Lock(); got = append(got, e); mu.Unlock(); return nil }
	ctx := context.Background()
	var wg sync.WaitGroup
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := RelayBatch(ctx, db, publish, 10)
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	for {
		n, err := RelayBatch(ctx, db, publish, 10)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	seen := map[int64]bool{}
	per := map[string][]int64{}
	for _, e := range got {
		if seen[e.ID] {
			t.Fatalf("event %d published twice", e.ID)
		}
		seen[e.ID] = true
		per[e.AggregateID] = append(per[e.AggregateID], e.ID)
	}
	if len(seen) != 300 {
		t.Fatalf("published %d events, want 300", len(seen))
	}
	for agg, ids := range per {
		if !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] < ids[j] }) {
			t.Fatalf("%s out of order: %v", agg, ids)
		}
	}
}

func TestRelayDoesNotWaitForAnotherRelaysBatch(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	var events [][2]string
	for i := 0; i < 20; i++ {
		events = append(events, [2]string{fmt.Sprintf("s-%d", i), "E"})
	}
	enqueue(t, db, events...)
	ctx := context.Background()
	held := make(chan struct{})
	started := make(chan struct{})
	var once sync.Once
	var first, second []int64
	aDone := make(chan struct{})
	go func() {
		defer close(aDone)
		_, _ = RelayBatch(ctx, db, func(_ context.Context, e Event) error {
			first = append(first, e.ID)
			once.Do(func() { close(started) })
			<-held
			return nil
		}, 5)
	}()
	<-started
	defer func() {
		select {
		case <-held:
		default:
			close(held)
		}
		<-aDone
	}()
	bDone := make(chan int, 1)
	go func() {
		n, _ := RelayBatch(ctx, db, func(_ context.Context, e Event) error { second = append(second, e.ID); return nil }, 5)
		bDone <- n
	}()
	select {
	case n := <-bDone:
		if n != 5 {
			t.Fatalf("relay B claimed %d, want 5", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("relay B waited for relay A's locked rows (no SKIP LOCKED?)")
	}
	close(held)
	<-aDone
	for _, a := range first {
		for _, b := range second {
			if a == b {
				t.Fatalf("event %d in both batches", a)
			}
		}
	}
}

func TestPoisonEventIsRetriedAloneThenDeadLettered(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"a", "Good"}, [2]string{"p", "Poison"}, [2]string{"b", "Good"}, [2]string{"p", "AfterPoison"})
	ctx := context.Background()
	var published []string
	tries := 0
	publish := func(_ context.Context, e Event) error {
		if e.Type == "Poison" {
			tries++
			return errors.New("broker rejects it")
		}
		published = append(published, e.AggregateID+":"+e.Type)
		return nil
	}
	for round := 0; round < MaxAttempts+2; round++ {
		if _, err := RelayBatch(ctx, db, publish, 100); err != nil {
			t.Fatal(err)
		}
		// Per aggregate, the oldest pending event goes first: p's later event waits behind the
		// poison event until that is dead-lettered.
		if round == 0 && fmt.Sprint(published) != fmt.Sprint([]string{"a:Good", "b:Good"}) {
			t.Fatalf("first batch published %v, want [a:Good b:Good] (p:AfterPoison waits behind p's pending Poison)", published)
		}
		exec(t, db, `UPDATE outbox SET next_attempt_at = now()`)
	}
	if tries != MaxAttempts {
		t.Fatalf("poison tried %d times, want %d", tries, MaxAttempts)
	}
	want := []string{"a:Good", "b:Good", "p:AfterPoison"}
	if fmt.Sprint(published) != fmt.Sprint(want) {
		t.Fatalf("published %v, want %v", published, want)
	}
	var dead bool
	if err := db.QueryRow(`SELECT dead_at IS NOT NULL FROM outbox WHERE event_type = 'Poison'`).Scan(&dead); err != nil || !dead {
		t.Fatalf("poison not dead-lettered (%v)", err)
	}
}

// A publish error PostgreSQL cannot store as text (a NUL byte, bytes that are not UTF-8, as when a
// broker's error quotes a raw frame) must still be recorded as one failed attempt. Otherwise the
// failure UPDATE fails, the batch rolls back, its good events are published again every round and
// the poison event is retried at once, forever, never backed off nor dead-lettered.
func TestUnstorableErrorTextStillCountsAsAFailedAttempt(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"a", "Good"}, [2]string{"p", "Poison"}, [2]string{"q", "Poison"})
	ctx := context.Background()
	var published []string
	publish := func(_ context.Context, e Event) error {
		if e.Type == "Poison" && e.AggregateID == "p" {
			return errors.New("broker said: \x00\x01 bad frame")
		}
		if e.Type == "Poison" {
			return errors.New("broker said: \xff\xfe not utf-8")
		}
		published = append(published, e.AggregateID+":"+e.Type)
		return nil
	}
	for round := 0; round < 3; round++ {
		_, _ = RelayBatch(ctx, db, publish, 100)
		exec(t, db, `UPDATE outbox SET next_attempt_at = now()`)
	}
	rows, err := db.Query(`SELECT aggregate_id, attempts, coalesce(last_error, '') FROM outbox WHERE event_type = 'Poison' ORDER BY aggregate_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var read []string
	for rows.Next() {
		var agg, lastErr string
		var attempts int
		if err := rows.Scan(&agg, &attempts, &lastErr); err != nil {
			t.Fatal(err)
		}
		read = append(read, agg)
		if attempts != 3 {
			t.Fatalf("poison %s: %d failed attempts recorded after 3 rounds, want 3", agg, attempts)
		}
		if !strings.HasPrefix(lastErr, "broker said") {
			t.Fatalf("poison %s: last_error %q", agg, lastErr)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(read) != "[p q]" {
		t.Fatalf("read the poison rows %v, want [p q]", read)
	}
	if fmt.Sprint(published) != "[a:Good]" {
		t.Fatalf("published %v, want [a:Good] (once, not again with every rolled-back batch)", published)
	}
}

func TestRunReportsErrorsAndKeepsRelaying(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	exec(t, db, `ALTER TABLE outbox RENAME TO outbox_away`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var errs []error
	var sent []int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(ctx, db, func(_ context.Context, e Event) error { mu.Lock(); sent = append(sent, e.ID); mu.Unlock(); return nil },
			20*time.Millisecond, func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() })
	}()
	until(t, "an error is reported", func() bool { mu.Lock(); defer mu.Unlock(); return len(errs) > 0 })
	exec(t, db, `ALTER TABLE outbox_away RENAME TO outbox`)
	enqueue(t, db, [2]string{"r1", "E"}, [2]string{"r2", "E"}, [2]string{"r3", "E"})
	until(t, "the relay recovers", func() bool { mu.Lock(); defer mu.Unlock(); return len(sent) == 3 })
	cancel()
	<-done
}

func TestWritersOfOneAggregateGoOutInCommitOrder(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	ctx := context.Background()
	t1, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = t1.Rollback() }()
	if err := Enqueue(ctx, t1, "order-9", "First", map[string]int{}); err != nil {
		t.Fatal(err)
	}
	t2, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = t2.Rollback() }()
	second := make(chan error, 1)
	go func() {
		if err := Enqueue(ctx, t2, "order-9", "Second", map[string]int{}); err != nil {
			second <- err
			return
		}
		second <- t2.Commit()
	}()
	var secondErr error
	secondDone := false
	until(t, "the second writer waits for the first, or commits", func() bool {
		select {
		case secondErr = <-second:
			secondDone = true
		default:
		}
		var n int
		_ = db.QueryRow(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`).Scan(&n)
		return secondDone || n > 0
	})
	var got []string
	publish := func(_ context.Context, e Event) error { got = append(got, e.Type); return nil }
	if _, err := RelayBatch(ctx, db, publish, 10); err != nil { // while the first writer is open
		t.Fatal(err)
	}
	if err := t1.Commit(); err != nil {
		t.Fatal(err)
	}
	if !secondDone {
		secondErr = <-second
	}
	if secondErr != nil {
		t.Fatal(secondErr)
	}
	for {
		n, err := RelayBatch(ctx, db, publish, 10)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	if fmt.Sprint(got) != "[First Second]" {
		t.Fatalf("published %v, want [First Second] (commit order)", got)
	}
}

func TestHungPublishTimesOutAsAFailedAttempt(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"h", "Hang"}, [2]string{"k", "Ok"})
	var got []string
	done := make(chan error, 1)
	go func() {
		_, err := RelayBatch(context.Background(), db, func(ctx context.Context, e Event) error {
			if e.Type == "Hang" {
				<-ctx.Done() // a broker that never answers; the client honours ctx
				return ctx.Err()
			}
			got = append(got, e.Type)
			return nil
		}, 10)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(PublishTimeout + 10*time.Second):
		t.Fatal("the relay still waits on the hung publish")
	}
	var attempts int
	if err := db.QueryRow(`SELECT attempts FROM outbox WHERE event_type = 'Hang'`).Scan(&attempts); err != nil || attempts != 1 {
		t.Fatalf("hung event attempts %d (%v), want 1", attempts, err)
	}
	if fmt.Sprint(got) != "[Ok]" {
		t.Fatalf("published %v, want [Ok]", got)
	}
}
