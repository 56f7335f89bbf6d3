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

// drain relays batches of 10 until one claims nothing.
func drain(t *testing.T, ctx context.Context, db *sql.DB, publish func(context.Context, Event) error) {
	t.Helper()
	for {
		n, err := RelayBatch(ctx, db, publish, 10, BatchBudget)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
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
	n, err := RelayBatch(ctx, db, func(context.Context, Event) error { t.Error("published a rolled-back event"); return nil }, 10, BatchBudget)
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
				n, err := RelayBatch(ctx, db, publish, 10, BatchBudget)
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
	drain(t, ctx, db, publish)
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
		}, 5, BatchBudget)
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
		n, _ := RelayBatch(ctx, db, func(_ context.Context, e Event) error { second = append(second, e.ID); return nil }, 5, BatchBudget)
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
		if _, err := RelayBatch(ctx, db, publish, 100, BatchBudget); err != nil {
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
		_, _ = RelayBatch(ctx, db, publish, 100, BatchBudget)
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
	if _, err := RelayBatch(ctx, db, publish, 10, BatchBudget); err != nil { // while the first writer is open
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
	drain(t, ctx, db, publish)
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
		}, 10, BatchBudget)
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

// A broker that hangs on the first event of a batch: once the batch's budget is spent (50 ms here;
// the hung call honours its context, which ends with the budget) nothing more is published in that
// batch, it commits the failure it recorded, and the events it did not reach are left pending and
// untouched. The next batches publish them, and aggregate a's second event only after its first.
func TestBudgetStopsTheBatchAndCommitsWhatWasSent(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"a", "A1"}, [2]string{"b", "B1"}, [2]string{"c", "C1"}, [2]string{"a", "A2"})
	ctx := context.Background()
	var calls []string
	var firstLeft time.Duration
	hangFirst := func(pctx context.Context, e Event) error {
		calls = append(calls, e.Type)
		if e.Type == "A1" && len(calls) == 1 {
			if deadline, ok := pctx.Deadline(); ok {
				firstLeft = time.Until(deadline)
			}
			<-pctx.Done() // a broker that never answers; the client honours its context
			return pctx.Err()
		}
		return nil
	}
	n, err := RelayBatch(ctx, db, hangFirst, 10, 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || fmt.Sprint(calls) != "[A1]" {
		t.Fatalf("claimed %d, published %v: want 3 claimed (A2 waits for A1) and only A1 tried before the budget ran out", n, calls)
	}
	// The publish's context ends with the budget, not PublishTimeout after it started (a deadline
	// read at the call, so no clock is measured).
	if firstLeft <= 0 || firstLeft > 50*time.Millisecond {
		t.Fatalf("the hung publish's context had %v left, want at most the 50 ms budget", firstLeft)
	}
	state := func() string {
		rows, err := db.Query(`SELECT event_type, attempts, published_at IS NOT NULL, coalesce(last_error, '') FROM outbox ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var typ, lastErr string
			var attempts int
			var published bool
			if err := rows.Scan(&typ, &attempts, &published, &lastErr); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s:%d:%v:%v", typ, attempts, published, strings.Contains(lastErr, "budget")))
		}
		return strings.Join(out, " ")
	}
	if got, want := state(), "A1:1:false:true B1:0:false:false C1:0:false:false A2:0:false:false"; got != want {
		t.Fatalf("after the cut-off batch: %s, want %s (A1's failure committed, the rest untouched)", got, want)
	}
	calls = nil
	if _, err := RelayBatch(ctx, db, hangFirst, 10, BatchBudget); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(calls) != "[B1 C1]" {
		t.Fatalf("next batch published %v, want [B1 C1] (A1 backs off; A2 waits behind it)", calls)
	}
	exec(t, db, `UPDATE outbox SET next_attempt_at = now()`)
	drain(t, ctx, db, hangFirst)
	if fmt.Sprint(calls) != "[B1 C1 A1 A2]" {
		t.Fatalf("published %v, want [B1 C1 A1 A2]: every event once more, A1 before A2", calls)
	}
}

func TestNonPositiveBudgetIsRefusedBeforeAnythingIsClaimed(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"nb", "E"})
	var sent []int64
	publish := func(_ context.Context, e Event) error { sent = append(sent, e.ID); return nil }
	for _, budget := range []time.Duration{0, -time.Second, 30, time.Millisecond - 1} {
		n, err := RelayBatch(context.Background(), db, publish, 100, budget)
		if err == nil || !strings.Contains(err.Error(), "budget must be at least 1ms") || n != 0 {
			t.Fatalf("budget %v: got (%d, %v), want a refusal", budget, n, err)
		}
	}
	var attempts int
	if err := db.QueryRow(`SELECT attempts FROM outbox`).Scan(&attempts); err != nil || attempts != 0 || len(sent) != 0 {
		t.Fatalf("attempts %d, sent %v, err %v: a refused batch must touch nothing", attempts, sent, err)
	}
	if n, err := RelayBatch(context.Background(), db, publish, 100, time.Second); err != nil || n != 1 || len(sent) != 1 {
		t.Fatalf("a positive budget: got (%d, %v), sent %v", n, err, sent)
	}
}

// A batch size of 0 (LIMIT 0) claimed nothing, forever, and a negative one failed every batch in
// PostgreSQL; RelayBatch now refuses it before it begins a transaction.
func TestBatchSizeBelowOneIsRefusedBeforeAnythingIsClaimed(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"bs", "E"})
	var sent []int64
	publish := func(_ context.Context, e Event) error { sent = append(sent, e.ID); return nil }
	for _, size := range []int{0, -1} {
		n, err := RelayBatch(context.Background(), db, publish, size, time.Second)
		if err == nil || !strings.Contains(err.Error(), "batch size must be at least 1") || n != 0 {
			t.Fatalf("batch size %d: got (%d, %v), want a refusal", size, n, err)
		}
	}
	if len(sent) != 0 {
		t.Fatalf("sent %v: a refused batch must publish nothing", sent)
	}
	if n, err := RelayBatch(context.Background(), db, publish, 1, time.Second); err != nil || n != 1 || len(sent) != 1 {
		t.Fatalf("a batch size of 1: got (%d, %v), sent %v", n, err, sent)
	}
}

// A PublishTimeout under 1 ms (0 taken for "no timeout", a negative value, or 10 typed at the tab
// stop without its unit, which is 10 ns) handed every publish a context that had ended or ended at
// once: a publish that honours it failed every time, and each event was dead-lettered after
// MaxAttempts without ever reaching the broker. RelayBatch and Run now refuse it before claiming
// anything. PublishTimeout is a constant, so this runs only when the TypeScript launcher stages the
// variant as inserted with such a value at that tab stop (-run selects it).
func TestPublishTimeoutUnderOneMillisecondIsRefusedBeforeAnythingIsClaimed(t *testing.T) {
	if PublishTimeout >= time.Millisecond {
		t.Skipf("PublishTimeout is %v; the launcher stages values under 1ms", time.Duration(PublishTimeout))
	}
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"pt", "E"})
	var sent []int64
	publish := func(ctx context.Context, e Event) error {
		sent = append(sent, e.ID)
		return ctx.Err() // a broker client that honours its context
	}
	n, err := RelayBatch(context.Background(), db, publish, 100, time.Second)
	if err == nil || !strings.Contains(err.Error(), "PublishTimeout must be at least 1ms") || n != 0 {
		t.Fatalf("RelayBatch with PublishTimeout %v: got (%d, %v), want a refusal", time.Duration(PublishTimeout), n, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var reported []error
	err = Run(ctx, db, publish, time.Millisecond, func(err error) { reported = append(reported, err); cancel() })
	if err == nil || !strings.Contains(err.Error(), "PublishTimeout must be at least 1ms") || len(reported) != 0 {
		t.Fatalf("Run with PublishTimeout %v: returned %v after reporting %v, want the refusal returned", time.Duration(PublishTimeout), err, reported)
	}
	var attempts int
	var dead bool
	if err := db.QueryRow(`SELECT attempts, dead_at IS NOT NULL FROM outbox`).Scan(&attempts, &dead); err != nil || attempts != 0 || dead || len(sent) != 0 {
		t.Fatalf("attempts %d, dead %v, sent %v, err %v: a refused relay must touch nothing", attempts, dead, sent, err)
	}
}

// A BatchSize below 1 made Run claim nothing forever (0) or fail every batch (negative). BatchSize is
// a constant, so this runs only when the launcher stages the variant with 0 or -1 at its tab stop.
func TestRunRefusesBatchSizeBelowOne(t *testing.T) {
	if BatchSize >= 1 {
		t.Skipf("BatchSize is %d; the launcher stages 0 and -1", BatchSize)
	}
	db := open(t)
	// Unrefused, a BatchSize of 0 polls for ever without an error; the deadline only ends that
	// failure (the refusal comes before any wait).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var reported []error
	publish := func(context.Context, Event) error { return nil }
	err := Run(ctx, db, publish, time.Millisecond, func(err error) { reported = append(reported, err); cancel() })
	if err == nil || !strings.Contains(err.Error(), "batch size must be at least 1") || len(reported) != 0 {
		t.Fatalf("Run with BatchSize %d: returned %v after reporting %v, want the refusal returned", BatchSize, err, reported)
	}
}

// An idle pause of 0 or less would poll the table in a busy loop whenever nothing is due: Run
// returns an error before relaying anything. Should it relay anyway, the publish stops it, so the
// test fails instead of spinning.
func TestRunRefusesAnIdlePauseOfZeroOrLess(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE outbox`)
	enqueue(t, db, [2]string{"idle", "E"})
	var sent []int64
	for _, idle := range []time.Duration{0, -time.Second} {
		ctx, cancel := context.WithCancel(context.Background())
		var reported []error
		err := Run(ctx, db, func(_ context.Context, e Event) error { sent = append(sent, e.ID); cancel(); return nil },
			idle, func(err error) { reported = append(reported, err); cancel() })
		cancel()
		if err == nil || !strings.Contains(err.Error(), "idle pause must be above 0") {
			t.Fatalf("Run with idle %v returned %v, want the idle pause refused", idle, err)
		}
		if len(sent) != 0 || len(reported) != 0 {
			t.Fatalf("Run with idle %v relayed (sent %v, errors %v)", idle, sent, reported)
		}
	}
	var attempts int
	var published bool
	if err := db.QueryRow(`SELECT attempts, published_at IS NOT NULL FROM outbox`).Scan(&attempts, &published); err != nil || attempts != 0 || published {
		t.Fatalf("attempts %d, published %v, err %v: a refused Run must touch nothing", attempts, published, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := Run(ctx, db, func(_ context.Context, e Event) error { sent = append(sent, e.ID); cancel(); return nil }, time.Millisecond, nil)
	if !errors.Is(err, context.Canceled) || len(sent) != 1 {
		t.Fatalf("a 1ms idle pause: Run returned %v after sending %v, want context.Canceled after one event", err, sent)
	}
}
