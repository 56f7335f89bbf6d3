package batch

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
)

// A flush that passes its ctx to the driver (ExecContext) and hangs on a lock is stopped by the
// attempt's deadline: ExecContext returns while the lock is still held (so the ctx, not the lock
// going away, ended it), pgx's cancel request drops the INSERT on the server, and the writer
// retries; the batch lands once.
func TestFlushHungOnALockIsCancelledByItsCtxAndRetried(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE go_events (n int NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	holder, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.ExecContext(ctx, `BEGIN`); err != nil {
		t.Fatal(err)
	}
	if _, err := holder.ExecContext(ctx, `LOCK TABLE go_events IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	var attempts int32
	var firstErr error
	var waitingAfter = -1
	failed := make(chan error, 1)
	w := NewWriter[int](func(ctx context.Context, items []int) error {
		n := atomic.AddInt32(&attempts, 1)
		_, err := db.ExecContext(ctx, `INSERT INTO go_events (n) SELECT unnest($1::int[])`, items)
		if n == 1 {
			firstErr = err
			// Still under the lock. pgx sends its cancel request as the ctx ends, without waiting
			// for it: wait until the server has dropped the INSERT (polled, with a guard).
			for i := 0; i < 600; i++ {
				if err := holder.QueryRowContext(context.Background(),
					`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waitingAfter); err != nil {
					t.Error(err)
					break
				}
				if waitingAfter == 0 {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if _, err := holder.ExecContext(context.Background(), `ROLLBACK`); err != nil {
				t.Error(err)
			}
		}
		return err
	}, func(items []int, err error) { failed <- err }, 1, time.Millisecond, 3)
	if err := w.Add(ctx, 7); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { w.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(90 * time.Second): // a guard against a hang, not a measured time
		_, _ = holder.ExecContext(context.Background(), `ROLLBACK`)
		t.Fatal("the flush hung on the lock: its ctx did not stop it")
	}
	select {
	case err := <-failed:
		t.Fatalf("the batch went to onFailed: %v", err)
	default:
	}
	if firstErr == nil || !errors.Is(firstErr, context.DeadlineExceeded) && !strings.Contains(firstErr.Error(), "canceling statement") {
		t.Fatalf("first attempt: %v, want its ctx's deadline", firstErr)
	}
	if waitingAfter != 0 {
		t.Fatalf("%d statements still waited on the lock 30 s after the attempt returned, want 0 (cancelled on the server)", waitingAfter)
	}
	if got := atomic.LoadInt32(&attempts); got != 2 {
		t.Fatalf("attempts = %d, want 2 (the hung one, then a retry that lands)", got)
	}
	var rows int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM go_events`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Fatalf("%d rows, want 1: the cancelled attempt must not commit late", rows)
	}
}
