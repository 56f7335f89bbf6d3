package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
)

// openDB opens a pool on the proof's database, closed when the test ends.
func openDB(t *testing.T) *sql.DB {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// 10 goroutines x 20 increments through one pool lose no update.
func TestConcurrentWritersLoseNoUpdate(t *testing.T) {
	db := openDB(t)
	db.SetMaxOpenConns(10)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `INSERT INTO items (id, quantity) VALUES (1, 0)`); err != nil {
		t.Fatal(err)
	}
	const writers, each = 10, 20
	var mu sync.Mutex
	var got []int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				v, err := UpdateWithVersion(ctx, db, 1, func(q int64) int64 { return q + 1 }, 1000)
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				got = append(got, v)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var quantity, version int64
	if err := db.QueryRowContext(ctx, `SELECT quantity, version FROM items WHERE id = 1`).Scan(&quantity, &version); err != nil {
		t.Fatal(err)
	}
	if quantity != writers*each || version != writers*each {
		t.Fatalf("quantity %d version %d, want %d: updates were lost", quantity, version, writers*each)
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	for i, v := range got {
		if v != int64(i+1) {
			t.Fatalf("writers saw values %v, want 1..%d each once", got, writers*each)
		}
	}

	// A writer that is always overtaken gives up with ErrConcurrentUpdate and writes nothing.
	_, err := UpdateWithVersion(ctx, db, 1, func(q int64) int64 {
		if _, err := db.ExecContext(ctx, `UPDATE items SET version = version + 1 WHERE id = 1`); err != nil {
			t.Error(err)
		}
		return q + 1
	}, 3)
	if !errors.Is(err, ErrConcurrentUpdate) {
		t.Fatalf("always-overtaken writer: err %v, want ErrConcurrentUpdate", err)
	}
	if err := db.QueryRowContext(ctx, `SELECT quantity FROM items WHERE id = 1`).Scan(&quantity); err != nil || quantity != writers*each {
		t.Fatalf("a lost attempt wrote: quantity %d (%v)", quantity, err)
	}
}

// At REPEATABLE READ (the connections' default_transaction_isolation), an UPDATE that waited for
// another writer's commit to the row meets a serialization failure (40001): retried like a lost
// version, each statement a transaction of its own, so the retry reads the other writer's value.
func TestSerializationFailureAtRepeatableReadIsRetried(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	u, err := url.Parse(os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("default_transaction_isolation", "repeatable read") // a run-time parameter of each connection
	u.RawQuery = q.Encode()
	repeatable, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer repeatable.Close()
	var level string
	if err := repeatable.QueryRowContext(ctx, `SHOW transaction_isolation`).Scan(&level); err != nil || level != "repeatable read" {
		t.Fatalf("isolation %q, %v", level, err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO items (id, quantity) VALUES (3, 100)`); err != nil {
		t.Fatal(err)
	}
	// Another writer changes the row and holds it: the updater reads 100 (the last commit) and its
	// UPDATE waits for the row; the other writer commits once it waits (seen in pg_stat_activity).
	holder, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	if _, err := holder.ExecContext(ctx, `UPDATE items SET quantity = 200, version = version + 1 WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := 0; i < 1200; i++ { // a guard, not a measured time
			var waiting int
			if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
				t.Error(err)
				break
			}
			if waiting == 1 {
				break
			}
			time.Sleep(25 * time.Millisecond)
		}
		if err := holder.Commit(); err != nil {
			t.Error(err)
		}
	}()
	var seen []int64
	v, err := UpdateWithVersion(ctx, repeatable, 3, func(q int64) int64 { seen = append(seen, q); return q + 1 }, 10)
	if err != nil {
		t.Fatalf("the update met 40001 and was not retried: %v", err)
	}
	if v != 201 || len(seen) != 2 || seen[0] != 100 || seen[1] != 200 {
		t.Fatalf("wrote %d after reading %v, want 201 after [100 200]", v, seen)
	}
	var quantity int64
	if err := db.QueryRowContext(ctx, `SELECT quantity FROM items WHERE id = 3`).Scan(&quantity); err != nil || quantity != 201 {
		t.Fatalf("stored %d (%v), want 201", quantity, err)
	}
}

// A row at the integer version's largest value stays writable: the version wraps to 1.
func TestVersionWrapsAtTheIntegerLimit(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `INSERT INTO items (id, quantity, version) VALUES (2, 5, 2147483647)`); err != nil {
		t.Fatal(err)
	}
	v, err := UpdateWithVersion(ctx, db, 2, func(q int64) int64 { return q + 1 }, 3)
	if err != nil || v != 6 {
		t.Fatalf("the write at the version limit: %d, %v", v, err)
	}
	var version int64
	if err := db.QueryRowContext(ctx, `SELECT version FROM items WHERE id = 2`).Scan(&version); err != nil || version != 1 {
		t.Fatalf("the wrapped version: %d, %v", version, err)
	}
}

// A retry budget that allows no attempt is refused before anything is read; 1 still writes.
func TestMaxAttemptsBelowOneIsRefused(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `INSERT INTO items (id, quantity) VALUES (7, 0)`); err != nil {
		t.Fatal(err)
	}
	calls := 0
	change := func(q int64) int64 { calls++; return q + 1 }
	for _, bad := range []int{0, -1} {
		v, err := UpdateWithVersion(ctx, db, 7, change, bad)
		if err == nil || errors.Is(err, ErrConcurrentUpdate) || !strings.Contains(err.Error(), "maxAttempts must be 1 or more") {
			t.Fatalf("maxAttempts %d: got (%d, %v), want a refusal naming maxAttempts", bad, v, err)
		}
	}
	if calls != 0 {
		t.Fatalf("a refused budget computed %d times", calls)
	}
	if v, err := UpdateWithVersion(ctx, db, 7, change, 1); err != nil || v != 1 {
		t.Fatalf("a budget of 1: got (%d, %v)", v, err)
	}
}
