package longtask

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Checkpoint is the resume point of a task: where the last saved chunk ended.
type Checkpoint struct {
	Cursor    string // "" = not started
	Processed int
	Done      bool // the source reported its last chunk: a rerun returns at once
}

// Store persists checkpoints durably and reports cancellation requests.
type Store interface {
	Load(ctx context.Context, taskID string) (*Checkpoint, error)
	Save(ctx context.Context, taskID string, cp Checkpoint) error
	CancelRequested(ctx context.Context, taskID string) (bool, error)
}

// ErrCancelled reports a task stopped on request at a consistent point.
var ErrCancelled = errors.New("task cancelled")

// ${1:RunWithCheckpoints} processes items in chunks, saving a checkpoint after each chunk so a crash
// loses at most one chunk of work, and checks for cancellation (ctx or the store's flag) only
// between chunks, where the data is consistent. Items must be idempotent: the chunk in flight
// during a crash runs again.
//
// next reports the last chunk with done, not through the cursor: a page-token API returns an empty
// token on its last page, and an empty cursor means "from the start", so it would begin again.
// A draining source (WHERE pending LIMIT n, where processing takes an item out of the next read)
// may answer an empty cursor every time: each read finds what is left, and an empty chunk ends it.
// next and process get a context that carries ctx's values but is not cancelled with it, so a
// shutdown never cuts a chunk in half; give them their own timeouts if an item can hang.
func $1[T any](
	ctx context.Context,
	taskID string,
	store Store,
	next func(ctx context.Context, afterCursor string, limit int) (items []T, cursor string, done bool, err error),
	process func(ctx context.Context, item T) error,
) (int, error) {
	const chunkSize = ${2:500}
	cp, err := store.Load(ctx, taskID)
	if err != nil {
		return 0, fmt.Errorf("load checkpoint: %w", err)
	}
	if cp == nil {
		cp = &Checkpoint{}
	}
	chunkCtx := uncancelled{ctx}
	for !cp.Done {
		if ctx.Err() != nil {
			return cp.Processed, ErrCancelled
		}
		if cancel, err := store.CancelRequested(ctx, taskID); err != nil {
			return cp.Processed, err
		} else if cancel {
			return cp.Processed, ErrCancelled
		}
		items, cursor, done, err := next(chunkCtx, cp.Cursor, chunkSize)
		if err != nil {
			return cp.Processed, fmt.Errorf("read chunk after %q: %w", cp.Cursor, err)
		}
		for _, item := range items {
			if err := process(chunkCtx, item); err != nil {
				return cp.Processed, err
			}
		}
		// An empty chunk that moved the cursor is not the end: a filtered page can come back empty
		// with more pages after it (DynamoDB applies a Scan's or Query's filter after reading up to
		// 1 MB, so a page may hold no items and still carry a LastEvaluatedKey). One that did not
		// move it (or moved it back to the start) would read the same nothing forever, so a source
		// that never reports done still terminates.
		stuck := len(items) == 0 && (cursor == "" || cursor == cp.Cursor)
		cp = &Checkpoint{Cursor: cursor, Processed: cp.Processed + len(items), Done: done || stuck}
		// The uncancelled context: a finished chunk's checkpoint must be saved during shutdown too.
		if err := store.Save(chunkCtx, taskID, *cp); err != nil {
			return cp.Processed, fmt.Errorf("save checkpoint: %w", err)
		}
	}
	return cp.Processed, nil
}

// uncancelled keeps the parent's values (trace ids, credentials) but drops its deadline and
// cancellation, like context.WithoutCancel of Go 1.21+.
type uncancelled struct{ parent context.Context }

func (uncancelled) Deadline() (time.Time, bool) { return time.Time{}, false }
func (uncancelled) Done() <-chan struct{}       { return nil }
func (uncancelled) Err() error                  { return nil }
func (c uncancelled) Value(key any) any         { return c.parent.Value(key) }
$0
