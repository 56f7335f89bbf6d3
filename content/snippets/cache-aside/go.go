package cache

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand"
	"sync"
	"time"
)

// Store is the slice of a Redis client the cache needs; adapt go-redis in a few lines.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

// ${1:Cache} is cache-aside with jittered TTLs and single-flight loading per key.
type $1[T any] struct {
	Store  Store
	TTL    time.Duration
	Jitter float64 // fraction of TTL added at random, e.g. 0.1

	mu       sync.Mutex
	inFlight map[string]*call[T]
}

type call[T any] struct {
	done  chan struct{}
	value T
	err   error
}

// GetOrLoad returns the cached value, or loads it once for all concurrent callers of this key:
// one goroutine queries the database, the rest wait for its result (no stampede on a hot miss).
func (c *$1[T]) GetOrLoad(ctx context.Context, key string, load func(context.Context) (T, error)) (T, error) {
	var zero T
	if raw, ok, err := c.Store.Get(ctx, key); err == nil && ok {
		var v T
		if err := json.Unmarshal(raw, &v); err == nil {
			return v, nil
		}
	}
	c.mu.Lock()
	if c.inFlight == nil {
		c.inFlight = make(map[string]*call[T])
	}
	if existing, ok := c.inFlight[key]; ok {
		c.mu.Unlock()
		select {
		case <-existing.done:
			return existing.value, existing.err
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	cl := &call[T]{done: make(chan struct{})}
	c.inFlight[key] = cl
	c.mu.Unlock()

	cl.value, cl.err = load(ctx)
	if cl.err == nil {
		if raw, err := json.Marshal(cl.value); err == nil {
			// Jitter: keys written together must not expire together.
			ttl := c.TTL + time.Duration(rand.Float64()*c.Jitter*float64(c.TTL))
			_ = c.Store.Set(ctx, key, raw, ttl)
		}
	}
	c.mu.Lock()
	delete(c.inFlight, key)
	c.mu.Unlock()
	close(cl.done)
	return cl.value, cl.err
}

// ErrNotFound can be returned by load to signal a missing row; consider caching it briefly too.
var ErrNotFound = errors.New("not found")

// NewCache returns a cache with the given base TTL and 10% jitter.
func NewCache[T any](store Store) *$1[T] {
	return &$1[T]{Store: store, TTL: ${2:5 * time.Minute}, Jitter: ${3:0.1}}
}
$0
