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
	var done bool
	err := s.db.QueryRowContext(ctx, `SELECT cursor, processed, done FROM task_checkpoints WHERE task_id = $1`, taskID).Scan(&cursor, &processed, &done)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &Checkpoint{Cursor: cursor.String, Processed: processed, Done: done}, nil
}

func (s pgStore) Save(ctx context.Context, taskID string, cp Checkpoint) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO task_checkpoints (task_id, cursor, processed, done) VALUES ($1, $2, $3, $4)
		ON CONFLICT (task_id) DO UPDATE SET cursor = EXCLUDED.cursor, processed = EXCLUDED.processed, done = EXCLUDED.done`, taskID, cp.Cursor, cp.Processed, cp.Done)
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

func next(_ context.Context, after string, limit int) ([]int, string, bool, error) {
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
		return nil, after, true, nil
	}
	return items, strconv.Itoa(items[len(items)-1]), false, nil
}

// collect is a process function that appends each item to *seen.
func collect(seen *[]int) func(context.Context, int) error {
	return func(_ context.Context, n int) error {
		*seen = append(*seen, n)
		return nil
	}
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
	processed, err = RunWithCheckpoints(ctx, "cancel", store, next, collect(&done))
	if err != nil || processed != total || len(done) != total {
		t.Fatalf("after cancel: err %v, processed %d, items %d", err, processed, len(done))
	}
	for i, n := range done {
		if n != i+1 {
			t.Fatalf("item %d at position %d: each item exactly once, in order", n, i)
		}
	}

	// Context cancellation (shutdown) also stops between chunks, and the checkpoint is still saved.
	// This process respects its context, as real ones do (a query, an HTTP call): the cancel must
	// not reach into the chunk, or items 11..500 would fail and the chunk be cut in half.
	type key struct{}
	cctx, cancel := context.WithCancel(context.WithValue(ctx, key{}, "trace-1"))
	count := 0
	processed, err = RunWithCheckpoints(cctx, "ctx", store, func(c context.Context, after string, limit int) ([]int, string, bool, error) {
		if err := c.Err(); err != nil {
			return nil, "", false, err
		}
		return next(c, after, limit)
	}, func(c context.Context, n int) error {
		if n == 10 {
			cancel()
		}
		if err := c.Err(); err != nil {
			return err
		}
		if c.Value(key{}) != "trace-1" {
			return errors.New("the chunk's context lost the caller's values")
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

// pageSource is a page-token source over pages: the token is the next page's index, empty before
// the first page and again on the last one (an empty cursor means "from the start"), and the last
// page reports done when lastDone is set. It counts its reads in *calls and fails after 10, so a run
// that starts over or reads past the end fails instead of looping.
func pageSource(pages [][]int, lastDone bool, calls *int) func(context.Context, string, int) ([]int, string, bool, error) {
	return func(_ context.Context, after string, _ int) ([]int, string, bool, error) {
		*calls++
		if *calls > 10 {
			return nil, "", false, errors.New("the run read past the last page: it started over or never ended")
		}
		page := 0
		if after != "" {
			page, _ = strconv.Atoi(after)
		}
		if page+1 == len(pages) {
			return pages[page], "", lastDone, nil
		}
		return pages[page], strconv.Itoa(page + 1), false, nil
	}
}

// A page-token source whose last page reports done: only done says that the end is reached.
func TestPageTokenSourceEnds(t *testing.T) {
	store := open(t)
	ctx := context.Background()
	calls := 0
	pageToken := pageSource([][]int{{1, 2, 3}, {4, 5, 6}, {7}}, true, &calls)
	var seen []int
	processed, err := RunWithCheckpoints(ctx, "pages", store, pageToken, collect(&seen))
	if err != nil || processed != 7 || len(seen) != 7 || calls != 3 {
		t.Fatalf("page tokens: err %v, processed %d, items %v, pages read %d; want 7 items from 3 pages", err, processed, seen, calls)
	}
	// A rerun of the finished task does nothing: it does not start over from the first page.
	processed, err = RunWithCheckpoints(ctx, "pages", store, pageToken, collect(&seen))
	if err != nil || processed != 7 || len(seen) != 7 || calls != 3 {
		t.Fatalf("rerun of a finished task: err %v, processed %d, items %d, pages read %d", err, processed, len(seen), calls)
	}
}

// A filtered page can be empty with more pages after it: it must not end the run. A source that
// never reports done still ends: at an empty chunk that does not move the cursor (a keyset source
// past its end) or that moves it back to the start (a page-token source's empty last page).
func TestEmptyChunks(t *testing.T) {
	store := open(t)
	ctx := context.Background()
	calls := 0
	filtered := pageSource([][]int{{1, 2}, {}, {}, {3, 4}}, true, &calls)
	var seen []int
	processed, err := RunWithCheckpoints(ctx, "filtered", store, filtered, collect(&seen))
	if err != nil || processed != 4 || len(seen) != 4 || calls != 4 {
		t.Fatalf("empty filtered pages ended the run: err %v, processed %d, items %v, pages read %d; want 4 items from 4 pages", err, processed, seen, calls)
	}

	keysetCalls := 0
	keyset := func(_ context.Context, after string, limit int) ([]int, string, bool, error) {
		keysetCalls++
		if keysetCalls > 10 {
			return nil, "", false, errors.New("the run kept reading the same empty chunk")
		}
		start := 1
		if after != "" {
			n, _ := strconv.Atoi(after)
			start = n + 1
		}
		var items []int
		for i := start; i <= 5 && len(items) < 2; i++ {
			items = append(items, i)
		}
		if len(items) == 0 {
			return nil, after, false, nil
		}
		return items, strconv.Itoa(items[len(items)-1]), false, nil
	}
	processed, err = RunWithCheckpoints(ctx, "keyset", store, keyset, func(context.Context, int) error { return nil })
	if err != nil || processed != 5 {
		t.Fatalf("a keyset source that never reports done: err %v, processed %d, chunks read %d", err, processed, keysetCalls)
	}

	tokenCalls := 0
	noDone := pageSource([][]int{{1, 2}, {}}, false, &tokenCalls)
	processed, err = RunWithCheckpoints(ctx, "no-done", store, noDone, func(context.Context, int) error { return nil })
	if err != nil || processed != 2 || tokenCalls != 2 {
		t.Fatalf("a page-token source that never reports done: err %v, processed %d, pages read %d", err, processed, tokenCalls)
	}
}
