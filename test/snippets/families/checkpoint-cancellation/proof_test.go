package longtask

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strconv"
	"testing"

	_ "github.com/jackc/pgx/v4/stdlib"
)

const total = 1250

// pgStore keeps checkpoints in PostgreSQL (table task_checkpoints, created by the mocha spec).
type pgStore struct{ db *sql.DB }

func (s pgStore) Load(ctx context.Context, taskID string) (*Checkpoint, error) {
	var cursor sql.NullString
	var processed int
	err := s.db.QueryRowContext(ctx, `SELECT cursor, processed FROM task_checkpoints WHERE task_id = $1`, taskID).Scan(&cursor, &processed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &Checkpoint{Cursor: cursor.String, Processed: processed}, nil
}

func (s pgStore) Save(ctx context.Context, taskID string, cp Checkpoint) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO task_checkpoints (task_id, cursor, processed) VALUES ($1, $2, $3)
		ON CONFLICT (task_id) DO UPDATE SET cursor = EXCLUDED.cursor, processed = EXCLUDED.processed`, taskID, cp.Cursor, cp.Processed)
	return err
}

func (s pgStore) CancelRequested(ctx context.Context, taskID string) (bool, error) {
	var c bool
	err := s.db.QueryRowContext(ctx, `SELECT cancel_requested FROM task_checkpoints WHERE task_id = $1`, taskID).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return c, err
}

func next(_ context.Context, after string, limit int) ([]int, string, error) {
	start := 1
	if after != "" {
		n, _ := strconv.Atoi(after)
		start = n + 1
	}
	var items []int
	for i := start; i <= total && len(items) < limit; i++ {
		items = append(items, i)
	}
	if len(items) == 0 {
		return nil, after, nil
	}
	return items, strconv.Itoa(items[len(items)-1]), nil
}

func open(t *testing.T) pgStore {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return pgStore{db}
}

func TestResumeAfterCrash(t *testing.T) {
	store := open(t)
	ctx := context.Background()
	counts := map[int]int{}
	crashed := false
	_, err := RunWithCheckpoints(ctx, "crash", store, next, func(_ context.Context, n int) error {
		if n == 700 && !crashed {
			crashed = true
			return errors.New("process killed")
		}
		counts[n]++
		return nil
	})
	if err == nil {
		t.Fatal("the crashing run must fail")
	}
	cp, _ := store.Load(ctx, "crash")
	if cp == nil || cp.Cursor != "500" || cp.Processed != 500 {
		t.Fatalf("checkpoint after the crash: %+v, want cursor 500", cp)
	}
	first := -1
	processed, err := RunWithCheckpoints(ctx, "crash", store, next, func(_ context.Context, n int) error {
		if first < 0 {
			first = n
		}
		counts[n]++
		return nil
	})
	if err != nil || processed != total {
		t.Fatalf("resume: processed %d, err %v", processed, err)
	}
	if first != 501 {
		t.Fatalf("resumed at item %d, want 501", first)
	}
	for n := 1; n <= total; n++ {
		want := 1
		if n >= 501 && n < 700 {
			want = 2 // only the chunk in flight is redone
		}
		if counts[n] != want {
			t.Fatalf("item %d processed %d times, want %d", n, counts[n], want)
		}
	}
}

func TestCancelBetweenChunks(t *testing.T) {
	store := open(t)
	ctx := context.Background()
	if _, err := store.db.Exec(`INSERT INTO task_checkpoints (task_id) VALUES ('cancel')`); err != nil {
		t.Fatal(err)
	}
	var done []int
	processed, err := RunWithCheckpoints(ctx, "cancel", store, next, func(_ context.Context, n int) error {
		if n == 100 {
			if _, err := store.db.Exec(`UPDATE task_checkpoints SET cancel_requested = true WHERE task_id = 'cancel'`); err != nil {
				return err
			}
		}
		done = append(done, n)
		return nil
	})
	if !errors.Is(err, ErrCancelled) || processed != 500 || len(done) != 500 {
		t.Fatalf("cancel: err %v, processed %d, items %d; want ErrCancelled after the whole first chunk", err, processed, len(done))
	}
	store.db.Exec(`UPDATE task_checkpoints SET cancel_requested = false WHERE task_id = 'cancel'`)
	processed, err = RunWithCheckpoints(ctx, "cancel", store, next, func(_ context.Context, n int) error {
		done = append(done, n)
		return nil
	})
	if err != nil || processed != total || len(done) != total {
		t.Fatalf("after cancel: err %v, processed %d, items %d", err, processed, len(done))
	}
	for i, n := range done {
		if n != i+1 {
			t.Fatalf("item %d at position %d: each item exactly once, in order", n, i)
		}
	}

	// Context cancellation (shutdown) also stops between chunks, and the checkpoint is still saved.
	cctx, cancel := context.WithCancel(ctx)
	count := 0
	processed, err = RunWithCheckpoints(cctx, "ctx", store, next, func(_ context.Context, n int) error {
		if n == 10 {
			cancel()
		}
		count++
		return nil
	})
	if !errors.Is(err, ErrCancelled) || processed != 500 || count != 500 {
		t.Fatalf("ctx cancel: err %v, processed %d, items %d", err, processed, count)
	}
	if cp, _ := store.Load(ctx, "ctx"); cp == nil || cp.Processed != 500 {
		t.Fatalf("the finished chunk's checkpoint must be saved despite the cancelled context: %+v", cp)
	}
}
