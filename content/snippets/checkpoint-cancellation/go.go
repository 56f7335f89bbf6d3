package longtask

import (
	"context"
	"errors"
	"fmt"
)

// Checkpoint is the resume point of a task: where the last saved chunk ended.
type Checkpoint struct {
	Cursor    string
	Processed int
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
func $1[T any](
	ctx context.Context,
	taskID string,
	store Store,
	next func(ctx context.Context, afterCursor string, limit int) (items []T, cursor string, err error),
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
	for {
		if ctx.Err() != nil {
			return cp.Processed, ErrCancelled
		}
		if cancel, err := store.CancelRequested(ctx, taskID); err != nil {
			return cp.Processed, err
		} else if cancel {
			return cp.Processed, ErrCancelled
		}
		items, cursor, err := next(ctx, cp.Cursor, chunkSize)
		if err != nil {
			return cp.Processed, fmt.Errorf("read chunk after %q: %w", cp.Cursor, err)
		}
		if len(items) == 0 {
			return cp.Processed, nil
		}
		for _, item := range items {
			if err := process(ctx, item); err != nil {
				return cp.Processed, err
			}
		}
		cp = &Checkpoint{Cursor: cursor, Processed: cp.Processed + len(items)}
		// Use a context that outlives cancellation: a finished chunk's checkpoint must be saved.
		if err := store.Save(context.Background(), taskID, *cp); err != nil {
			return cp.Processed, fmt.Errorf("save checkpoint: %w", err)
		}
	}
}
$0
