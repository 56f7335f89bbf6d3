package stream

import (
	"context"
	"errors"
	"log"
	"math/rand"
	"time"
)

// Message is one event of the stream; IDs increase and the server can replay after any of them.
type Message struct {
	ID   string
	Data []byte
}

// Connect opens one connection and delivers messages after lastEventID, in order, until it fails
// or ends, and must return once ctx is cancelled (close the connection then). A handler error
// cancels ctx, so a read loop that ignores deliver's error still ends the connection; until it
// returns, deliver refuses every later message with that error (nothing after a failed message
// counts as handled). Call deliver from one goroutine, and not after Connect has returned.
type Connect func(ctx context.Context, lastEventID string, deliver func(Message) error) error

// BackoffDelay returns the wait before reconnect attempt (0-based): random in [ceiling/2, ceiling]
// where the ceiling doubles per attempt up to max. Jitter spreads clients that dropped together.
// It panics if max is not above 0 (a zero max would reconnect in a tight loop).
func BackoffDelay(attempt int, base, max time.Duration) time.Duration {
	if max <= 0 {
		panic("BackoffDelay: max must be above 0, got " + max.String())
	}
	ceiling := base
	// Doubling step by step stops at max; a shift (base << attempt) can overflow into garbage.
	for i := 0; i < attempt && ceiling < max; i++ {
		ceiling *= 2
	}
	if ceiling > max || ceiling <= 0 {
		ceiling = max
	}
	half := ceiling / 2
	return half + time.Duration(rand.Int63n(int64(half)+1))
}

// MaxRedeliveries is how often a message whose handler keeps failing is delivered again before
// ConsumeWithReconnect gives up and returns the handler's error (a poison message must not block
// the stream forever: dead-letter it there).
const MaxRedeliveries = ${4:5}

// StableAfter is how long a connection must last for the backoff to start again from its first
// step, whether or not messages came. A handled message alone does not reset it: a server that
// accepts, sends a message or two and drops (a crash on start, a node shedding load) would
// otherwise be reconnected to in a tight loop, by every client at once. It must be above 0 (0
// would count every connection as stable: that same tight loop); for "never reset", a long one.
const StableAfter = ${5:10 * time.Second}

// ${1:ConsumeWithReconnect} keeps the stream alive until ctx is cancelled, resuming from the last
// handled ID after every drop so nothing is missed. A handler error ends the connection (it
// cancels the ctx Connect was given) and the message is delivered again after the backoff, at most
// MaxRedeliveries times; then that error is returned. The backoff grows on every reconnect until a
// connection lasts StableAfter. It returns ctx.Err() when ctx is cancelled, and an error before the
// first connect if StableAfter is not above 0.
func $1(ctx context.Context, connect Connect, handle func(Message) error) error {
	if StableAfter <= 0 {
		return errors.New("reconnect: StableAfter must be above 0, got " + time.Duration(StableAfter).String())
	}
	lastEventID := ""
	attempt := 0
	failures := 0 // consecutive handler failures on the message after lastEventID
	for ctx.Err() == nil {
		var handlerErr error
		// Each connection has a ctx of its own: a handler error cancels it, so a Connect that ignores
		// deliver's error (a plain read-and-deliver loop) still returns and the loop reconnects.
		connCtx, endConn := context.WithCancel(ctx)
		opened := time.Now() // carries a monotonic reading: a clock step cannot fake a long connection
		err := connect(connCtx, lastEventID, func(m Message) error {
			if handlerErr != nil {
				// A Connect that ignored the error goes on delivering: handling what follows the failed
				// message would move lastEventID past it, and the failed message would never come again.
				return handlerErr
			}
			if err := handle(m); err != nil {
				handlerErr = err
				endConn() // ends this connection; the message is delivered again after the backoff
				return err
			}
			lastEventID = m.ID
			failures = 0 // a message handled; the backoff is left to the connection's length
			return nil
		})
		endConn()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Since(opened) >= StableAfter {
			attempt = 0 // this connection spaced the attempts out itself
		}
		if handlerErr != nil {
			if failures++; failures > MaxRedeliveries {
				return handlerErr
			}
			log.Printf("handler failed (attempt %d, delivery %d): %v", attempt+1, failures, handlerErr)
		} else {
			log.Printf("stream dropped (attempt %d): %v", attempt+1, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(BackoffDelay(attempt, ${2:500*time.Millisecond}, ${3:30*time.Second})):
		}
		attempt++
	}
	return ctx.Err()
}
$0
