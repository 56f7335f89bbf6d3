package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	mathrand "math/rand"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Store is the slice of a Redis client the cache needs. With go-redis:
//
//	Get:        v, err := rdb.Get(ctx, key).Result(); redis.Nil means found == false
//	SetNX:      rdb.SetNX(ctx, key, value, ttl).Result()
//	ReplaceIf:  rdb.Eval(ctx, replaceIfScript, []string{key}, old, value, ttl.Milliseconds())
//	DeleteIf:   n, err := rdb.Eval(ctx, deleteIfScript, []string{key}, old).Int(); deleted := n == 1
//	Delete:     rdb.Del(ctx, key).Err()
//
// Create that client with ContextTimeoutEnabled: true (go-redis v9, checked 2026): without it a
// call's context deadline does not reach the socket, and only ReadTimeout bounds a Redis that
// accepts a command and never answers.
type Store interface {
	Get(ctx context.Context, key string) (value string, found bool, err error)
	SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error)
	// ReplaceIf sets key to value only if it still holds old (one atomic step: a Lua script).
	ReplaceIf(ctx context.Context, key, old, value string, ttl time.Duration) error
	// DeleteIf deletes key only if it still holds old, and reports whether it did.
	DeleteIf(ctx context.Context, key, old string) (deleted bool, err error)
	Delete(ctx context.Context, key string) error
}

// Lua for ReplaceIf and DeleteIf.
const (
	replaceIfScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end return false`
	deleteIfScript  = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`
)

// The defaults of zero fields.
const (
	defaultTTL    = ${2:5 * time.Minute}
	defaultJitter = ${3:0.1}
	defaultLease  = 5 * time.Second
)

// While a value is being loaded its key holds a lease: this prefix (never the start of JSON) and
// the loader's id. Invalidate deletes the key, lease included, so a loader that read the database
// before a write cannot cache what it read afterwards: its ReplaceIf finds no lease.
const leasePrefix = "\x00lease:"

// ${1:Cache} is cache-aside with jittered TTLs, single flight per key inside the process
// (golang.org/x/sync/singleflight does the same job) and a lease in Redis across processes.
// Zero fields take the defaults below, the values NewCache sets. Call FlushReleases last in a
// graceful shutdown.
type $1[T any] struct {
	Store Store
	TTL   time.Duration // base time to live (zero: defaultTTL); under 1 ms GetOrLoad refuses
	// Jitter is the largest fraction of TTL added at random. Zero takes defaultJitter; a negative
	// value turns jitter off (as net.Dialer.KeepAlive treats zero and negative).
	Jitter float64
	Lease  time.Duration // how long one loader may hold the lease, and the load's timeout (zero: defaultLease)
	Wait   time.Duration // how long others wait for its value (zero: Lease + 1 s; a wait shorter than the lease makes every waiter load)

	mu          sync.Mutex
	inFlight    map[string]*call[T]
	failures    failureLog // the Redis failures of reads and fills, logged without a line per call
	unencodable failureLog // loaded values JSON cannot encode, logged the same way
}

type call[T any] struct {
	done  chan struct{}
	value T
	err   error
}

func (c *$1[T]) ttl() time.Duration {
	if c.TTL <= 0 {
		return defaultTTL
	}
	return c.TTL
}

func (c *$1[T]) jitter() float64 {
	j := c.Jitter
	if j == 0 {
		j = defaultJitter
	}
	if j < 0 {
		return 0 // switched off
	}
	return j
}

func (c *$1[T]) lease() time.Duration {
	if c.Lease <= 0 {
		return defaultLease
	}
	return c.Lease
}

func (c *$1[T]) wait() time.Duration {
	if c.Wait <= 0 {
		return c.lease() + time.Second
	}
	return c.Wait
}

// detached keeps a context's values but not its cancellation (context.WithoutCancel from Go 1.21).
type detached struct{ context.Context }

func (detached) Deadline() (time.Time, bool) { return time.Time{}, false }
func (detached) Done() <-chan struct{}       { return nil }
func (detached) Err() error                  { return nil }

// GetOrLoad returns the cached value, or loads it once for all concurrent callers of this key.
// If Redis fails, callers read from load: an outage costs latency, not availability. The shared
// load runs with ctx's values but not its cancellation (a caller that gives up must not fail the
// others), bounded by Lease. A panic in load becomes an error for every caller of that load.
func (c *$1[T]) GetOrLoad(ctx context.Context, key string, load func(context.Context) (T, error)) (T, error) {
	// The fill's expiry is whole milliseconds (PX): a TTL under 1 ms is PX 0, which Redis refuses,
	// so every fill would fail and each load leave its lease on the key. A bare number at the
	// defaultTTL tab stop is nanoseconds (300 is 300ns: write 300 * time.Second).
	if ttl := c.ttl(); ttl < time.Millisecond {
		var zero T
		return zero, fmt.Errorf("cache: TTL must be at least 1ms (Redis's PX counts whole milliseconds), got %v", ttl)
	}
	// Once unencodable values stop, their count still unlogged would never come out: any call (a
	// hit too) logs it once a line is due. Deferred, so that a call whose own value has no encoding
	// logs the count on its line, with its key and error. A count left when calls stop is not logged.
	defer c.unencodable.reportPending("cache: %d more values with no JSON encoding returned uncached since the last of these lines, not logged one by one")
	c.mu.Lock()
	if c.inFlight == nil {
		c.inFlight = make(map[string]*call[T])
	}
	cl, ok := c.inFlight[key]
	if !ok {
		cl = &call[T]{done: make(chan struct{})}
		c.inFlight[key] = cl
		go c.run(detached{ctx}, key, cl, load)
	}
	c.mu.Unlock()
	select {
	case <-cl.done:
		return cl.value, cl.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (c *$1[T]) run(ctx context.Context, key string, cl *call[T], load func(context.Context) (T, error)) {
	// The run is bounded by its two parts: the wait for another loader (Wait, the store's calls
	// included), then a load of at most Lease. Whatever happens in load, even a panic, the waiters
	// are released.
	defer func() {
		if r := recover(); r != nil {
			cl.err = fmt.Errorf("cache loader panicked: %v", r)
		}
		c.mu.Lock()
		if c.inFlight[key] == cl { // Invalidate may have dropped it
			delete(c.inFlight, key)
		}
		c.mu.Unlock()
		close(cl.done)
	}()
	cl.value, cl.err = c.readThrough(ctx, key, load)
}

func (c *$1[T]) readThrough(ctx context.Context, key string, load func(context.Context) (T, error)) (T, error) {
	var v T
	raw, lease, err := c.lookup(ctx, key)
	// Lease times the load alone, from its start: however long the wait took (another loader whose
	// lease expired unfinished, a slow or hung Redis), it must not eat into this caller's own load.
	lctx, cancel := context.WithTimeout(ctx, c.lease())
	defer cancel()
	if err != nil {
		c.failures.failed("cache unavailable, reading %s from the source", "Redis failures", key, err)
		return load(lctx)
	}
	c.failures.answered()
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &v); err == nil {
			return v, nil
		}
	}
	if lease == "" {
		return load(lctx) // the loader holding the lease is slow or dead: serve this caller anyway
	}
	released := false
	defer func() {
		if !released {
			// load failed or panicked: hand the lease back so the next caller loads at once. Within
			// the lease, like the write: once it has expired there is nothing to hand back, and a
			// hung Redis must not hold this load's callers (and every later caller of the key).
			_, _ = c.Store.DeleteIf(lctx, key, lease)
		}
	}()
	v, err = load(lctx)
	if err != nil {
		return v, err
	}
	data, err := json.Marshal(v)
	if err != nil {
		// A value JSON cannot encode (a NaN or infinite float, a channel, a func) is served uncached
		// and its lease handed back (the deferred DeleteIf) like a failed load's: left in place, it
		// would hold every caller of the key for the whole lease, for a loader that has finished.
		// The same value comes back on every load, so the log is rate-limited like Redis failures.
		c.unencodable.failed("cache: %s not cached, its value has no JSON encoding", "unencodable values", key, err)
		return v, nil
	}
	released = true
	// Jitter: keys written together must not expire together.
	ttl := c.ttl() + time.Duration(mathrand.Float64()*c.jitter()*float64(c.ttl()))
	// Within the lease: once it has expired, ReplaceIf could not write anyway.
	if err := c.Store.ReplaceIf(lctx, key, lease, string(data), ttl); err != nil {
		c.failures.failed("could not cache %s", "Redis failures", key, err)
	}
	return v, nil
}

// lookup returns the cached value, or a lease to load it, or neither when the wait ran out. Wait
// bounds all of it, the store's calls included: a hung Redis ends the wait with an error.
func (c *$1[T]) lookup(ctx context.Context, key string) (raw, lease string, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.wait())
	defer cancel()
	for ctx.Err() == nil {
		value, found, err := c.Store.Get(ctx, key)
		if err != nil {
			return "", "", err
		}
		if !found {
			buf := make([]byte, 16)
			_, _ = rand.Read(buf)
			mine := leasePrefix + hex.EncodeToString(buf)
			ok, err := c.Store.SetNX(ctx, key, mine, c.lease())
			if err != nil {
				c.releaseInBackground(detached{ctx}, key, mine)
				return "", "", err
			}
			if ok {
				return "", mine, nil
			}
			continue // another caller took the lease a moment ago: wait for its value
		}
		if !strings.HasPrefix(value, leasePrefix) {
			return value, "", nil
		}
		select { // another caller is loading
		case <-ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
	return "", "", nil
}

// releaseInBackground deletes key if it holds lease, in the background (releaseIfItLands), unless
// maxPendingReleases are pending in the process already: then this one is dropped, counted, and its
// lease expires on its own. The caller never waits for either.
func (c *$1[T]) releaseInBackground(ctx context.Context, key, lease string) {
	if !releases.reserve(key) {
		return
	}
	go func() {
		defer releases.done()
		c.releaseIfItLands(ctx, key, lease)
	}()
}

// releaseIfItLands deletes key if it holds lease. A SetNX whose reply was given up on (its deadline
// passed, its connection dropped) may still land on Redis, late, and leave a lease nobody loads
// for, which other callers would wait out. go-redis drops the connection of a call that timed out,
// so a delete sent at once could reach Redis before that SET: it is sent after 100 ms and again at
// doubling gaps, for one lease after giving up (a SET later than that, rare, starts its full lease
// when it lands, and that one is waited out). The delete compares the token, so it never removes
// another caller's lease or a value, and the retries stop once one has deleted the key. Once
// FlushReleases has begun, the next try goes at once (not before its first 100 ms) and is the last.
func (c *$1[T]) releaseIfItLands(ctx context.Context, key, lease string) {
	ctx, cancel := context.WithTimeout(ctx, c.lease())
	defer cancel()
	first := time.Now().Add(100 * time.Millisecond)
	flush, flushEnds := releases.flushing()
	for gap := 100 * time.Millisecond; ; gap *= 2 {
		timer := time.NewTimer(gap)
		last := false
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-flush:
			timer.Stop()
			last = true
			if wait := time.Until(first); wait > 0 {
				time.Sleep(wait) // at most 100 ms
			}
		}
		if last {
			// The flush waits flushLimit at most: a try running past it could not help (the process
			// ends). A try that starts after it (a SetNX given up on once FlushReleases was over) is
			// bounded by its lease alone: the flush's past deadline would fail it before it is sent.
			fctx, stop := context.WithCancel(ctx)
			if end := flushEnds(); time.Now().Before(end) {
				stop()
				fctx, stop = context.WithDeadline(ctx, end)
			}
			_, _ = c.Store.DeleteIf(fctx, key, lease)
			stop()
			return
		}
		if deleted, err := c.Store.DeleteIf(ctx, key, lease); err == nil && deleted {
			return
		}
	}
}

// At most this many orphan-lease deletes are pending in the process (the Python variant uses the
// same number); more are dropped, counted, and their leases expire on their own. A struggling Redis
// (every SetNX timing out) then costs a bounded number of goroutines and Redis calls, not one per
// timed-out read. (golang.org/x/sync/semaphore's TryAcquire is the well-kept way to bound it alone;
// the count here also feeds the drop report and FlushReleases.)
const maxPendingReleases = 1000

// flushLimit bounds FlushReleases, however long a delete takes (the Python variant's exit flush
// waits as long).
const flushLimit = time.Second

// releases counts the pending orphan-lease deletes of every Cache in the process.
var releases releaseBacklog

type releaseBacklog struct {
	mu       sync.Mutex
	pending  int
	dropped  int           // since pending was last zero
	idle     chan struct{} // closed when pending falls to zero
	flush    chan struct{} // closed when FlushReleases begins
	flushEnd time.Time     // when FlushReleases stops waiting
}

func (b *releaseBacklog) reserve(key string) bool {
	b.mu.Lock()
	if b.pending >= maxPendingReleases {
		b.dropped++
		dropped := b.dropped
		b.mu.Unlock()
		// Logged at the 1st, 10th, 100th... drop: a million drops are seven lines.
		if isPowerOfTen(dropped) {
			log.Printf("%d orphan-lease deletes pending: dropped %d so far, the latest for %s (their leases expire on their own; a summary follows once none is pending)", maxPendingReleases, dropped, key)
		}
		return false
	}
	if b.pending == 0 {
		b.idle = make(chan struct{})
	}
	b.pending++
	b.mu.Unlock()
	return true
}

func (b *releaseBacklog) done() {
	b.mu.Lock()
	b.pending--
	dropped := 0
	if b.pending == 0 {
		close(b.idle)
		dropped, b.dropped = b.dropped, 0
	}
	b.mu.Unlock()
	b.summary(dropped)
}

func (b *releaseBacklog) summary(dropped int) {
	if dropped > 0 {
		log.Printf("%d orphan-lease deletes were dropped while %d were pending (their leases expired on their own)", dropped, maxPendingReleases)
	}
}

// flushing returns a channel closed when FlushReleases begins, and a function that returns, once
// it has, when it stops waiting.
func (b *releaseBacklog) flushing() (<-chan struct{}, func() time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.flush == nil {
		b.flush = make(chan struct{})
	}
	return b.flush, func() time.Time {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.flushEnd
	}
}

func isPowerOfTen(n int) bool {
	for n >= 10 && n%10 == 0 {
		n /= 10
	}
	return n == 1
}

// FlushReleases sends the pending orphan-lease deletes of every Cache once more, at once (none
// before 100 ms after its SetNX was given up on), and waits for them at most flushLimit (1 s),
// however long a delete takes: its last tries are cancelled then. A retry already under way when
// it began is not cancelled (it keeps its lease-long deadline); the flush waits for it within the
// same 1 s, and if it fails its last try follows under the flush's deadline. Call it last in a graceful
// shutdown, after the server has stopped taking requests (Go has no exit hook, and os.Exit or a
// signal's default action skips it, as they skip deferred calls; the Python variant does the same
// from atexit). Without it those leases would hold their keys' other callers, in other processes,
// up to a Lease before one of them loads; a lease left at the limit still does, never a wrong
// value. After it, a timed-out SetNX still gets one try. Then sums up any drops.
func FlushReleases() {
	flush, _ := releases.flushing()
	releases.mu.Lock()
	select {
	case <-flush: // an earlier FlushReleases began already
	default:
		releases.flushEnd = time.Now().Add(flushLimit)
		close(releases.flush)
	}
	var idle chan struct{}
	if releases.pending > 0 {
		idle = releases.idle
	}
	wait := time.Until(releases.flushEnd)
	releases.mu.Unlock()
	if idle != nil && wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-idle:
			return // the last delete summed up the drops
		case <-timer.C:
		}
	}
	releases.mu.Lock()
	dropped := releases.dropped
	releases.dropped = 0
	releases.mu.Unlock()
	releases.summary(dropped)
}

// While Redis fails, every read fails with it: reads and fills log at most one line per this
// interval per Cache (the Python variant uses the same number).
const reportEvery = time.Minute

// failureLog logs the Redis failures of one Cache without a line per call: an outage fails every
// read, and a line each would flood the log (and its disk and shipping costs) while the service
// most needs it readable. At most one line per reportEvery: the first failure after a quiet spell
// (nothing left uncounted), then one line with the number of failures not logged since the last
// line and the latest error. The first read Redis answers once that spell is over logs that it
// answers again, with the count still unlogged, so an outage's end is on record (reportPending
// does the same for another kind of failure, on a line of its own). Its zero value is
// ready; now is for tests (nil: time.Now). golang.org/x/time/rate's Sometimes does the "at most
// once per interval" part alone, without the count.
type failureLog struct {
	mu       sync.Mutex
	now      func() time.Time
	last     time.Time // when this log last wrote a line (zero: never)
	unlogged int       // failures since then
	pending  atomic.Bool
}

func (f *failureLog) clock() time.Time {
	if f.now != nil {
		return f.now()
	}
	return time.Now()
}

// due reports whether a line may be written at now; f.mu is held.
func (f *failureLog) due(now time.Time) bool {
	return f.last.IsZero() || now.Sub(f.last) >= reportEvery
}

// restart records a line written at now and returns the failures it reports as unlogged; f.mu is held.
func (f *failureLog) restart(now time.Time) (unlogged int) {
	unlogged, f.unlogged, f.last = f.unlogged, 0, now
	f.pending.Store(false)
	return unlogged
}

// failed logs or counts one failure; what names the failures in the line (plural).
func (f *failureLog) failed(format, what, key string, err error) {
	now := f.clock()
	f.mu.Lock()
	if !f.due(now) {
		f.unlogged++
		f.pending.Store(true)
		f.mu.Unlock()
		return
	}
	unlogged := f.restart(now)
	f.mu.Unlock()
	if unlogged > 0 {
		log.Printf(format+" (%v; %d more %s since the last of these lines, not logged one by one)", key, err, unlogged, what)
	} else {
		log.Printf(format+": %v (further %s are counted, one line per %v)", key, err, what, reportEvery)
	}
}

func (f *failureLog) answered() {
	f.reportPending("Redis answers again; %d Redis failures since the last report were not logged one by one")
}

// reportPending logs line (one %d: the count) if failures are still unlogged and a line is due.
func (f *failureLog) reportPending(line string) {
	if !f.pending.Load() { // the common case: one atomic load, no lock
		return
	}
	now := f.clock()
	f.mu.Lock()
	if f.unlogged == 0 || !f.due(now) {
		f.mu.Unlock()
		return
	}
	unlogged := f.restart(now)
	f.mu.Unlock()
	log.Printf(line, unlogged)
}

// Invalidate is called after the write to the source of truth has committed. Deleting (not
// updating) also removes a lease, so a reader that loaded the old row cannot cache it afterwards;
// forgetting this process's in-flight load makes later callers start a new one instead of joining
// a load that may have read the row before the write. An error means the delete is not confirmed;
// the write has still succeeded (do not report it as a failed write): until the delete lands or the
// key's TTL ends, reads may return the value from before the write (retry, alert or count, as that
// staleness matters to you).
func (c *$1[T]) Invalidate(ctx context.Context, key string) error {
	c.mu.Lock()
	delete(c.inFlight, key)
	c.mu.Unlock()
	return c.Store.Delete(ctx, key)
}

// NewCache returns a cache with the default TTL, jitter, lease and wait; change its fields before
// first use (for example Jitter = -1 for none).
func NewCache[T any](store Store) *$1[T] {
	return &$1[T]{Store: store, TTL: defaultTTL, Jitter: defaultJitter, Lease: defaultLease, Wait: defaultLease + time.Second}
}
$0
