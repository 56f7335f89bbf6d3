package batch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrClosed is what Add returns once Close has been called: the item was not taken.
var ErrClosed = errors.New("batch: writer is closed")

// ${1:Writer} batches items and flushes when MaxBatch items are waiting or MaxWait has passed since
// the first item of the batch, whichever comes first. The channel gives backpressure for free:
// Add blocks when the buffer is full because the database is behind.
type $1[T any] struct {
	mu      sync.Mutex     // guards closed and adding; never held while waiting
	closed  bool
	adding  sync.WaitGroup // Adds past the closed check; Close closes items only after they return
	items   chan T
	closing chan struct{} // closed by Close: wakes the Adds waiting for room
	done    chan struct{} // closed by the flushing goroutine when it has flushed everything
}

// NewWriter starts the flushing goroutine. flush gets each batch; it runs on one goroutine, so
// batches arrive in order and never concurrently. A batch that fails is retried with backoff, up
// to maxAttempts times, before the next one; then it goes to onFailed (a dead-letter table or
// file), never silently dropped. While a batch is retried, the buffer fills and Add blocks.
// A retry after a failure whose commit outcome is unknown (the connection dropped during COMMIT)
// writes the batch again: make flush idempotent, e.g. a client-generated id per item and
// INSERT ... ON CONFLICT (id) DO NOTHING. Each attempt's ctx ends after its deadline: pass it to
// every query (ExecContext, not Exec), so a write hung on a lock is cancelled on the server and
// retried; a flush that ignores its ctx holds the writer, and every Add behind it, until it ends.
// The cancel is not a rollback you can wait for (pgx sends it from a goroutine of its own as it
// drops the connection, and it can arrive after the commit): the abandoned write may still land,
// so the retry has the same unknown outcome and needs the same idempotent flush.
// NewWriter panics on a nil flush or onFailed (a nil
// onFailed would crash the program at the first lost batch, buffered items and all), on a
// maxBatch below 1, on a maxWait under 1 ms and on a maxAttempts below 1 (0 or less would still
// make one attempt, hiding a setting that asked for none or came from an unset config value).
// A maxWait of 0 or less, or a few nanoseconds (a bare 50 is 50 ns: write 50 * time.Millisecond),
// fires the timer at once, and the loop's select then picks between it and the next buffered item
// at random, so even under load a batch seldom holds more than a few items (TypeScript's maxWaitMs
// of 0 still gathers every add made before its event loop turns). The 1 ms floor catches a
// missing unit; it does not make a short wait a good one.
func NewWriter[T any](
	flush func(context.Context, []T) error,
	onFailed func([]T, error),
	maxBatch int,
	maxWait time.Duration,
	maxAttempts int,
) *$1[T] {
	if flush == nil || onFailed == nil {
		panic("batch: NewWriter needs a flush and an onFailed function")
	}
	if maxBatch < 1 {
		panic(fmt.Sprintf("batch: maxBatch must be at least 1, got %d", maxBatch))
	}
	if maxWait < time.Millisecond {
		panic(fmt.Sprintf("batch: maxWait must be at least 1ms (a time.Duration: a bare 50 is 50ns, write 50 * time.Millisecond), got %v", maxWait))
	}
	if maxAttempts < 1 {
		panic(fmt.Sprintf("batch: maxAttempts must be at least 1, got %d", maxAttempts))
	}
	w := &$1[T]{items: make(chan T, 10*maxBatch), closing: make(chan struct{}), done: make(chan struct{})}
	go w.loop(flush, onFailed, maxBatch, maxWait, maxAttempts)
	return w
}

// Add queues one item, waiting while the buffer is full, and holds no lock while it waits. It
// returns ctx's error if ctx ends first, and ErrClosed once Close was called, also (unless room
// opens at that moment, when it takes the item) to an Add that was waiting for room when Close ran.
// On an error the item was not taken; an item Add returned nil for is flushed or handed to
// onFailed. Add never panics. Do not call it from flush or onFailed while the buffer may be full:
// only the goroutine running them makes room, so such an Add waits until its ctx ends (for ever
// with context.Background()).
func (w *$1[T]) Add(ctx context.Context, item T) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.adding.Add(1)
	w.mu.Unlock()
	defer w.adding.Done()
	select {
	case w.items <- item:
		return nil
	case <-w.closing:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops taking items, flushes what is buffered and waits for that. Adds waiting for room
// return ErrClosed at once (or take their item, if room opens at that moment), later ones too.
// Calling it again just waits. Items buffered when the process dies are lost. Do not call it from
// flush or onFailed: it would wait for itself.
func (w *$1[T]) Close() {
	w.mu.Lock()
	first := !w.closed
	w.closed = true
	w.mu.Unlock()
	if first {
		close(w.closing)
		w.adding.Wait() // no Add can send after this, so closing items is safe
		close(w.items)
	}
	<-w.done
}

func (w *$1[T]) loop(flush func(context.Context, []T) error, onFailed func([]T, error), maxBatch int, maxWait time.Duration, maxAttempts int) {
	defer close(w.done)
	batch := make([]T, 0, maxBatch)
	timer := time.NewTimer(maxWait)
	timer.Stop()
	send := func() {
		if len(batch) == 0 {
			return
		}
		for attempt := 1; ; attempt++ {
			ctx, cancel := context.WithTimeout(context.Background(), ${2:30*time.Second})
			err := flush(ctx, batch)
			cancel()
			if err == nil {
				break
			}
			if attempt >= maxAttempts {
				log.Printf("batch of %d failed %d times, handing it to onFailed: %v", len(batch), attempt, err)
				onFailed(batch, err)
				break
			}
			backoff := 30 * time.Second
			if attempt < 8 {
				backoff = 100 * time.Millisecond << uint(attempt)
			}
			time.Sleep(backoff)
		}
		batch = make([]T, 0, maxBatch)
	}
	for {
		select {
		case item, ok := <-w.items:
			if !ok {
				send()
				return
			}
			if len(batch) == 0 {
				timer.Reset(maxWait) // the wait is measured from the batch's first item
			}
			batch = append(batch, item)
			if len(batch) >= maxBatch {
				if !timer.Stop() {
					select {
					case <-timer.C:
					default:
					}
				}
				send()
			}
		case <-timer.C:
			send()
		}
	}
}
$0
