package cache

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"math"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
)

// respStore adapts a RESP connection to the variant's Store, as the go-redis comment describes.
type respStore struct{ c *RESPConn }

func (s respStore) Get(ctx context.Context, key string) (string, bool, error) {
	v, err := s.c.Do("GET", key)
	if err != nil || v == nil {
		return "", false, err
	}
	return v.(string), true, nil
}

func (s respStore) SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	v, err := s.c.Do("SET", key, value, "NX", "PX", ttl.Milliseconds())
	return v != nil, err
}

func (s respStore) ReplaceIf(ctx context.Context, key, old, value string, ttl time.Duration) error {
	_, err := s.c.Do("EVAL", replaceIfScript, 1, key, old, value, ttl.Milliseconds())
	return err
}

func (s respStore) DeleteIf(ctx context.Context, key, old string) (bool, error) {
	v, err := s.c.Do("EVAL", deleteIfScript, 1, key, old)
	return v == int64(1), err
}

func (s respStore) Delete(ctx context.Context, key string) error {
	_, err := s.c.Do("DEL", key)
	return err
}

func dial(t *testing.T) *RESPConn {
	c, err := DialRESP(net.JoinHostPort(os.Getenv("SDP_REDIS_HOST"), os.Getenv("SDP_REDIS_PORT")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// bounded is the context of the proof's reads: a waiter the cache never releases gets a deadline
// error (and the test fails with it) after 30 s, not a hang until the harness kills the run. No
// legitimate wait here comes near it: the longest is the default wait of 6 s.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// awaitKey returns once key holds something in Redis (a lease or a value); after 10 s it fails the
// test saying what it waited for, instead of spinning until the harness kills the run.
func awaitKey(t *testing.T, key, what string) {
	t.Helper()
	probe := dial(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if v, _ := probe.Do("GET", key); v != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up after 10 s waiting for %s: %s was never set", what, key)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type product struct {
	ID   int
	Name string
}

func TestStampedeLoadsOnce(t *testing.T) {
	key := fmt.Sprintf("cache-aside:go:%d", time.Now().UnixNano())
	// Two "processes": two caches over two connections.
	caches := []*Cache[product]{NewCache[product](respStore{dial(t)}), NewCache[product](respStore{dial(t)})}
	for _, c := range caches {
		c.Wait = time.Minute
	}
	var loads int32
	release := make(chan struct{})
	var releaseOnce sync.Once
	open := func() { releaseOnce.Do(func() { close(release) }) }
	defer open() // a failed probe must not leave the loaders blocked
	load := func(context.Context) (product, error) {
		atomic.AddInt32(&loads, 1)
		<-release
		return product{7, "widget"}, nil
	}
	var wg sync.WaitGroup
	results := make(chan product, 40)
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(c *Cache[product]) {
			defer wg.Done()
			v, err := c.GetOrLoad(bounded(t), key, load)
			if err != nil {
				errs <- err
			}
			results <- v
		}(caches[i%2])
	}
	awaitKey(t, key, "the first loader's lease")
	time.Sleep(100 * time.Millisecond)
	open()
	wg.Wait()
	close(errs)
	close(results)
	for err := range errs {
		t.Fatal(err)
	}
	n := 0
	for v := range results {
		if v.Name != "widget" {
			t.Fatalf("a caller got %+v", v)
		}
		n++
	}
	if loads != 1 || n != 40 {
		t.Fatalf("loads = %d (want 1), results = %d", loads, n)
	}
}

func TestNoStaleRecacheAfterInvalidation(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE products (id int PRIMARY KEY, name text); INSERT INTO products VALUES (1, 'old name')`); err != nil {
		t.Fatal(err)
	}
	c := NewCache[string](respStore{dial(t)})
	key := fmt.Sprintf("cache-aside:go:product:%d", time.Now().UnixNano())
	readDone, resume := make(chan struct{}), make(chan struct{})
	readName := func(ctx context.Context) (string, error) {
		var name string
		err := db.QueryRowContext(ctx, `SELECT name FROM products WHERE id = 1`).Scan(&name)
		return name, err
	}
	got := make(chan string, 1)
	go func() {
		v, _ := c.GetOrLoad(bounded(t), key, func(ctx context.Context) (string, error) {
			name, err := readName(ctx)
			close(readDone)
			<-resume // the reader stalls after reading
			return name, err
		})
		got <- v
	}()
	<-readDone
	if _, err := db.Exec(`UPDATE products SET name = 'new name' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if err := c.Invalidate(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	close(resume)
	if v := <-got; v != "old name" {
		t.Fatalf("the racing reader got %q", v)
	}
	v, err := c.GetOrLoad(bounded(t), key, readName)
	if err != nil || v != "new name" {
		t.Fatalf("after invalidation got %q, %v: the stale row was cached", v, err)
	}
}

func TestPanickingLoaderReleasesWaiters(t *testing.T) {
	c := NewCache[int](respStore{dial(t)})
	key := fmt.Sprintf("cache-aside:go:panic:%d", time.Now().UnixNano())
	started := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, 5)
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, errs[0] = c.GetOrLoad(bounded(t), key, func(context.Context) (int, error) {
			close(started)
			time.Sleep(50 * time.Millisecond) // let the waiters queue on this load
			panic("loader bug")
		})
	}()
	<-started
	for i := 1; i < 5; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = c.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return 1, nil })
		}(i)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("waiters of a panicking loader hang")
	}
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "panicked") {
		t.Fatalf("the panicking caller got %v", errs[0])
	}
	if v, err := dial(t).Do("GET", key); v != nil || err != nil {
		t.Fatalf("a lease was left behind by the panicking loader: %v %v", v, err)
	}
	v, err := c.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return 42, nil })
	if err != nil || v != 42 {
		t.Fatalf("after the panic: %v %v (the lease must have been handed back)", v, err)
	}
}

// A value JSON cannot encode (NaN) is served uncached, said so in the log, and its lease is handed
// back: the next caller loads at once instead of waiting out a 10 min lease.
func TestUnencodableValueHandsTheLeaseBack(t *testing.T) {
	logged := captureLog(t)
	c := &Cache[float64]{Store: respStore{dial(t)}, Lease: 10 * time.Minute}
	key := fmt.Sprintf("cache-aside:go:nan:%d", time.Now().UnixNano())
	v, err := c.GetOrLoad(bounded(t), key, func(context.Context) (float64, error) { return math.NaN(), nil })
	if err != nil || !math.IsNaN(v) {
		t.Fatalf("the NaN load: %v %v", v, err)
	}
	if got, err := dial(t).Do("GET", key); got != nil || err != nil {
		t.Fatalf("a lease was left behind by a value JSON cannot encode: %v %v", got, err)
	}
	if lines := logged.lines("no JSON encoding"); len(lines) != 1 {
		t.Fatalf("want one line saying the value was not cached, got %q", lines)
	}
	v, err = c.GetOrLoad(bounded(t), key, func(context.Context) (float64, error) { return 1.5, nil })
	if err != nil || v != 1.5 {
		t.Fatalf("the next caller: %v %v (the lease must have been handed back)", v, err)
	}
	if got, _ := dial(t).Do("GET", key); fmt.Sprint(got) != "1.5" {
		t.Fatalf("the next value was not cached: %v", got)
	}
}

// The same unencodable value comes back on every load: 20 loads log one line, and the first a
// minute later (the test's own clock) one line counting the 19 in between, not a line per load.
func TestUnencodableValueIsLoggedOncePerInterval(t *testing.T) {
	logged := captureLog(t)
	c := &Cache[float64]{Store: respStore{dial(t)}}
	at := time.Unix(0, 0)
	c.unencodable.now = func() time.Time { return at }
	prefix := fmt.Sprintf("cache-aside:go:nan-log:%d", time.Now().UnixNano())
	nan := func(context.Context) (float64, error) { return math.NaN(), nil }
	for i := 0; i < 20; i++ {
		if v, err := c.GetOrLoad(bounded(t), fmt.Sprintf("%s:%d", prefix, i%2), nan); err != nil || !math.IsNaN(v) {
			t.Fatalf("load %d: %v %v", i, v, err)
		}
	}
	if lines := logged.lines("no JSON encoding"); len(lines) != 1 {
		t.Fatalf("20 loads of an unencodable value logged %d lines, want 1: %q", len(lines), lines)
	}
	at = at.Add(61 * time.Second)
	if _, err := c.GetOrLoad(bounded(t), prefix+":x", nan); err != nil {
		t.Fatal(err)
	}
	lines := logged.lines("no JSON encoding")
	if len(lines) != 2 || !strings.Contains(lines[1], "19 more unencodable values") {
		t.Fatalf("a minute later: want a second line counting the 19 loads in between, got %q", lines)
	}
}

// When unencodable values stop, the count still unlogged is not lost: the first call a minute
// after the last line (a hit here, the test's own clock) logs it, and no call before or after.
func TestUnencodableCountIsLoggedAfterTheyStop(t *testing.T) {
	logged := captureLog(t)
	c := &Cache[float64]{Store: respStore{dial(t)}}
	at := time.Unix(0, 0)
	c.unencodable.now = func() time.Time { return at }
	prefix := fmt.Sprintf("cache-aside:go:nan-stop:%d", time.Now().UnixNano())
	nan := func(context.Context) (float64, error) { return math.NaN(), nil }
	for i := 0; i < 6; i++ {
		if _, err := c.GetOrLoad(bounded(t), fmt.Sprintf("%s:%d", prefix, i), nan); err != nil {
			t.Fatal(err)
		}
	}
	good := prefix + ":good"
	load := func(v float64) func(context.Context) (float64, error) {
		return func(context.Context) (float64, error) { return v, nil }
	}
	at = at.Add(time.Second)
	if v, err := c.GetOrLoad(bounded(t), good, load(1.5)); err != nil || v != 1.5 {
		t.Fatalf("an encodable value: %v %v", v, err)
	}
	at = at.Add(30 * time.Second)
	if v, err := c.GetOrLoad(bounded(t), good, load(2.5)); err != nil || v != 1.5 {
		t.Fatalf("a hit: %v %v", v, err)
	}
	if lines := logged.lines("no JSON encoding"); len(lines) != 1 {
		t.Fatalf("before a minute has passed: want the first line alone, got %q", lines)
	}
	at = at.Add(30 * time.Second)
	if v, err := c.GetOrLoad(bounded(t), good, load(2.5)); err != nil || v != 1.5 {
		t.Fatalf("a hit: %v %v", v, err)
	}
	lines := logged.lines("no JSON encoding")
	if len(lines) != 2 || !strings.Contains(lines[1], "5 more values with no JSON encoding") {
		t.Fatalf("a minute after the last line: want a second line counting the 5 not logged, got %q", lines)
	}
	at = at.Add(10 * time.Minute)
	if _, err := c.GetOrLoad(bounded(t), good, load(2.5)); err != nil {
		t.Fatal(err)
	}
	if lines := logged.lines("no JSON encoding"); len(lines) != 2 {
		t.Fatalf("nothing pending: want no new line, got %q", lines)
	}
	_, _ = dial(t).Do("DEL", good)
}

func TestOutageServedFromLoader(t *testing.T) {
	conn := dial(t)
	conn.Close() // Redis is gone: every command fails
	c := NewCache[string](respStore{conn})
	v, err := c.GetOrLoad(bounded(t), "k", func(context.Context) (string, error) { return "from db", nil })
	if err != nil || v != "from db" {
		t.Fatalf("during an outage: %q %v", v, err)
	}
}

func TestCallerAfterInvalidateStartsANewLoad(t *testing.T) {
	c := NewCache[string](respStore{dial(t)})
	key := fmt.Sprintf("cache-aside:go:inflight:%d", time.Now().UnixNano())
	name := "old name"
	var mu sync.Mutex
	readDone, resume := make(chan struct{}), make(chan struct{})
	go c.GetOrLoad(bounded(t), key, func(ctx context.Context) (string, error) {
		mu.Lock()
		v := name
		mu.Unlock()
		close(readDone)
		<-resume
		return v, nil
	})
	defer close(resume)
	<-readDone
	mu.Lock()
	name = "new name" // the write commits
	mu.Unlock()
	if err := c.Invalidate(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	v, err := c.GetOrLoad(ctx, key, func(context.Context) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		return name, nil
	})
	if err != nil || v != "new name" {
		t.Fatalf("a caller after Invalidate got %q, %v: it joined the load that began before the write", v, err)
	}
}

func TestLeaderCancelDoesNotFailWaiters(t *testing.T) {
	c := NewCache[int](respStore{dial(t)})
	key := fmt.Sprintf("cache-aside:go:cancel:%d", time.Now().UnixNano())
	started, release := make(chan struct{}), make(chan struct{})
	load := func(ctx context.Context) (int, error) {
		close(started)
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-release:
			return 42, nil
		}
	}
	leaderCtx, cancelLeader := context.WithCancel(context.Background())
	leaderErr := make(chan error, 1)
	go func() { _, err := c.GetOrLoad(leaderCtx, key, load); leaderErr <- err }()
	<-started
	type result struct {
		v   int
		err error
	}
	waiter := make(chan result, 1)
	go func() {
		v, err := c.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return -1, nil })
		waiter <- result{v, err}
	}()
	time.Sleep(100 * time.Millisecond) // the waiter joins the leader's load
	cancelLeader()
	if err := <-leaderErr; err != context.Canceled {
		t.Fatalf("the cancelled leader got %v", err)
	}
	close(release)
	if r := <-waiter; r.err != nil || r.v != 42 {
		t.Fatalf("the waiter got %v, %v: the leader's cancellation failed it", r.v, r.err)
	}
}

func TestZeroValueCacheUsesDefaults(t *testing.T) {
	c := &Cache[int]{Store: respStore{dial(t)}}
	key := fmt.Sprintf("cache-aside:go:zero:%d", time.Now().UnixNano())
	var loads int32
	load := func(context.Context) (int, error) { atomic.AddInt32(&loads, 1); return 7, nil }
	for i := 0; i < 3; i++ {
		if v, err := c.GetOrLoad(bounded(t), key, load); err != nil || v != 7 {
			t.Fatalf("got %v, %v", v, err)
		}
	}
	if loads != 1 {
		t.Fatalf("%d loads: a zero Cache does not cache", loads)
	}
	if v, err := dial(t).Do("PTTL", key); err != nil || v.(int64) <= 0 {
		t.Fatalf("PTTL %v %v: the value must expire", v, err)
	}
}

// A TTL under 1 ms would fill with PX 0, which Redis refuses: every fill would fail and leave the
// lease on the key. GetOrLoad refuses it before anything is loaded; 1 ms is kept.
func TestTTLUnderOneMillisecondIsRefused(t *testing.T) {
	key := fmt.Sprintf("cache-aside:go:ttl0:%d", time.Now().UnixNano())
	var loads int32
	load := func(context.Context) (int, error) { atomic.AddInt32(&loads, 1); return 7, nil }
	for _, bad := range []time.Duration{time.Nanosecond, 300, time.Millisecond - 1} {
		c := &Cache[int]{Store: respStore{dial(t)}, TTL: bad, Jitter: -1}
		if v, err := c.GetOrLoad(bounded(t), key, load); err == nil || !strings.Contains(err.Error(), "TTL must be at least 1ms") {
			t.Fatalf("TTL %v: got (%v, %v), want a refusal naming TTL", bad, v, err)
		}
	}
	if loads != 0 {
		t.Fatalf("a refused TTL loaded %d times", loads)
	}
	if v, err := dial(t).Do("GET", key); err != nil || v != nil {
		t.Fatalf("GET %v %v: no lease may be taken", v, err)
	}
	c := &Cache[int]{Store: respStore{dial(t)}, TTL: time.Millisecond, Jitter: -1}
	if v, err := c.GetOrLoad(bounded(t), key, load); err != nil || v != 7 {
		t.Fatalf("TTL 1ms: got (%v, %v)", v, err)
	}
}

func TestDefaultWaitOutlastsASlowLoad(t *testing.T) {
	key := fmt.Sprintf("cache-aside:go:slow:%d", time.Now().UnixNano())
	caches := []*Cache[string]{NewCache[string](respStore{dial(t)}), NewCache[string](respStore{dial(t)})}
	var loads int32
	load := func(context.Context) (string, error) {
		atomic.AddInt32(&loads, 1)
		time.Sleep(2500 * time.Millisecond) // slower than the old 2 s wait, shorter than the 5 s lease
		return "slow value", nil
	}
	first := make(chan string, 1)
	go func() { v, _ := caches[0].GetOrLoad(bounded(t), key, load); first <- v }()
	awaitKey(t, key, "the slow loader's lease")
	v, err := caches[1].GetOrLoad(bounded(t), key, load)
	if err != nil || v != "slow value" || <-first != "slow value" {
		t.Fatalf("got %q %v", v, err)
	}
	if loads != 1 {
		t.Fatalf("%d loads: the waiter gave up before the lease holder finished", loads)
	}
}

// Stored values live TTL plus a random share of up to Jitter*TTL, so keys written together do not
// expire together; a zero Jitter takes the default 10%, like the other zero fields, and a negative
// one switches jitter off: every key then lives exactly TTL.
func TestTTLsAreJittered(t *testing.T) {
	conn := dial(t)
	for _, tc := range []struct {
		jitter float64
		most   int64 // ms
	}{{0.5, 1500_000}, {0, 1100_000}, {-1, 1000_000}} {
		c := &Cache[int]{Store: respStore{conn}, TTL: 1000 * time.Second, Jitter: tc.jitter}
		seen := map[int64]bool{}
		for i := 0; i < 40; i++ {
			key := fmt.Sprintf("cache-aside:go:ttl:%d:%d", time.Now().UnixNano(), i)
			if _, err := c.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return i, nil }); err != nil {
				t.Fatal(err)
			}
			v, err := conn.Do("PTTL", key)
			if err != nil {
				t.Fatal(err)
			}
			ms := v.(int64)
			if ms < 995_000 || ms > tc.most {
				t.Fatalf("Jitter %v: TTL %d ms, want within [995000, %d]", tc.jitter, ms, tc.most)
			}
			seen[ms/1000] = true
			_, _ = conn.Do("DEL", key)
		}
		if tc.jitter >= 0 && len(seen) <= 10 {
			t.Fatalf("Jitter %v: %d distinct TTLs (s) among 40 keys: not spread", tc.jitter, len(seen))
		}
		if tc.jitter < 0 && len(seen) > 2 {
			t.Fatalf("Jitter %v: %d distinct TTLs (s) among 40 keys: jitter was not switched off", tc.jitter, len(seen))
		}
	}
}

// NewCache sets exactly the values a zero field falls back to, so the two cannot drift apart.
func TestNewCacheSetsTheZeroFieldDefaults(t *testing.T) {
	n, z := NewCache[int](nil), &Cache[int]{}
	if n.TTL != z.ttl() || n.Jitter != z.jitter() || n.Lease != z.lease() || n.Wait != z.wait() {
		t.Fatalf("NewCache %v/%v/%v/%v, zero-field defaults %v/%v/%v/%v",
			n.TTL, n.Jitter, n.Lease, n.Wait, z.ttl(), z.jitter(), z.lease(), z.wait())
	}
	if z.ttl() != 5*time.Minute || z.jitter() != 0.1 || z.lease() != 5*time.Second || z.wait() != 6*time.Second {
		t.Fatalf("defaults %v/%v/%v/%v, want 5m/0.1/5s/6s (the inserted placeholders, Lease + 1 s)", z.ttl(), z.jitter(), z.lease(), z.wait())
	}
}

// Lease is also the load's timeout: a load that outlives it sees its context end (Wait is long,
// so only the Lease can end it before the 10 s the proof allows).
func TestLeaseBoundsTheLoad(t *testing.T) {
	c := &Cache[int]{Store: respStore{dial(t)}, Lease: 200 * time.Millisecond, Wait: time.Minute}
	key := fmt.Sprintf("cache-aside:go:leasebound:%d", time.Now().UnixNano())
	seen := make(chan error, 1)
	go c.GetOrLoad(bounded(t), key, func(ctx context.Context) (int, error) {
		select {
		case <-ctx.Done():
			seen <- ctx.Err()
			return 0, ctx.Err()
		case <-time.After(10 * time.Second):
			seen <- nil
			return 1, nil
		}
	})
	if err := <-seen; err != context.DeadlineExceeded {
		t.Fatalf("a load past the %v lease saw %v, want its context to end with a deadline", c.Lease, err)
	}
}

// Time spent waiting for another loader does not eat into a caller's own load: here a dead
// process's lease outlives this cache's Lease (1 s) but not its Wait (2 s), so the caller waits
// 1.5 s, takes the lease and still loads with a full Lease ahead (it used to get a deadline error).
func TestWaitingDoesNotShortenTheLoad(t *testing.T) {
	conn := dial(t)
	key := fmt.Sprintf("cache-aside:go:deadlease:%d", time.Now().UnixNano())
	if _, err := conn.Do("SET", key, leasePrefix+"dead", "PX", 1500); err != nil {
		t.Fatal(err)
	}
	c := &Cache[int]{Store: respStore{conn}, Lease: time.Second} // Wait: Lease + 1 s
	v, err := c.GetOrLoad(bounded(t), key, func(ctx context.Context) (int, error) {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		return 9, nil
	})
	if err != nil || v != 9 {
		t.Fatalf("the caller got %v, %v after waiting out a dead loader's lease", v, err)
	}
}

// slowStore answers Get only after delay, whatever its context says (a Redis round trip that takes
// long); hungStore's Get never answers and returns when its context ends (a Redis that accepts the
// connection but does not reply).
type slowStore struct {
	respStore
	delay time.Duration
}

func (s slowStore) Get(ctx context.Context, key string) (string, bool, error) {
	time.Sleep(s.delay)
	return s.respStore.Get(ctx, key)
}

type hungStore struct{ respStore }

func (hungStore) Get(ctx context.Context, key string) (string, bool, error) {
	<-ctx.Done()
	return "", false, ctx.Err()
}

// loadsWithFullLease reads key through c with a load that reports how much of its context's time
// it had when it started; that must be the whole Lease (less 50 ms of scheduling), and the caller
// must get the load's value. what says after which wait.
func loadsWithFullLease(t *testing.T, c *Cache[int], key, what string) {
	t.Helper()
	left := make(chan time.Duration, 1)
	v, err := c.GetOrLoad(bounded(t), key, func(ctx context.Context) (int, error) {
		d, ok := ctx.Deadline()
		if !ok {
			d = time.Now() // no deadline: Lease does not bound the load
		}
		left <- time.Until(d)
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		return 5, nil
	})
	select {
	case l := <-left:
		if l < c.Lease*3/4 || l > c.Lease {
			t.Fatalf("the load started with %v of its %v lease %s", l, c.Lease, what)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the load never started %s", what)
	}
	if err != nil || v != 5 {
		t.Fatalf("%s the caller got %v, %v, want the load's value", what, v, err)
	}
}

// A wait that ran past Wait (its last Redis read took long) still leaves the load a whole Lease:
// the run used to share one Wait + Lease budget, so the load got what the wait left of it (here
// about half of a 1 s Lease).
func TestLongWaitLeavesTheLoadAFullLease(t *testing.T) {
	conn := dial(t)
	key := fmt.Sprintf("cache-aside:go:longwait:%d", time.Now().UnixNano())
	if _, err := conn.Do("SET", key, leasePrefix+"other", "PX", 10000); err != nil { // another process is loading
		t.Fatal(err)
	}
	c := &Cache[int]{Store: slowStore{respStore{conn}, 600 * time.Millisecond}, Lease: time.Second, Wait: 200 * time.Millisecond}
	loadsWithFullLease(t, c, key, "after a wait whose last read ran long")
}

// A Redis that hangs costs the wait, not the answer: the wait ends after Wait, the caller loads with
// a whole Lease and gets the value (it used to get a deadline error: the hung read took the whole
// Wait + Lease budget and left the load none).
func TestHungStoreStillServesFromLoader(t *testing.T) {
	key := fmt.Sprintf("cache-aside:go:hung:%d", time.Now().UnixNano())
	c := &Cache[int]{Store: hungStore{respStore{dial(t)}}, Lease: 300 * time.Millisecond, Wait: 200 * time.Millisecond}
	// A hung Redis must cost latency, not the value.
	loadsWithFullLease(t, c, key, "after the store hung for the whole wait")
}

// hungDeleteStore hands a lease back through a Redis that does not answer: DeleteIf returns only
// when its context ends.
type hungDeleteStore struct{ respStore }

func (hungDeleteStore) DeleteIf(ctx context.Context, key, old string) (bool, error) {
	<-ctx.Done()
	return false, ctx.Err()
}

// A failed load hands its lease back within the lease: a Redis that hangs then costs the caller at
// most Lease, and the next caller of the key starts a new load instead of joining the stuck one
// (the release ran on context.Background(), so a hung Redis held the load's callers, and every
// later caller of the key, for as long as it hung).
func TestHungReleaseDoesNotHoldTheCallers(t *testing.T) {
	key := fmt.Sprintf("cache-aside:go:hungrelease:%d", time.Now().UnixNano())
	c := &Cache[int]{Store: hungDeleteStore{respStore{dial(t)}}, Lease: 300 * time.Millisecond, Wait: 200 * time.Millisecond}
	for i, want := range []string{"db down", "still down"} {
		done := make(chan error, 1)
		go func() {
			_, err := c.GetOrLoad(context.Background(), key, func(context.Context) (int, error) { return 0, fmt.Errorf("%s", want) })
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || err.Error() != want {
				t.Fatalf("call %d got %v, want the load's error %q", i+1, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("call %d: no answer 5 s after a failed load whose lease release hangs (Lease 300 ms)", i+1)
		}
	}
}

// lateSetStore's SetNX gives up when its context ends (as go-redis does with ContextTimeoutEnabled),
// while its SET still reaches Redis later (a busy server, a slow network): once the test closes
// land. landed is closed once it has.
type lateSetStore struct {
	respStore
	land   chan struct{}
	landed chan struct{}
}

func (s lateSetStore) SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	<-ctx.Done()
	go func() {
		<-s.land
		_, _ = s.respStore.SetNX(context.Background(), key, value, ttl)
		close(s.landed)
	}()
	return false, ctx.Err()
}

// A lease whose SetNX the caller gave up on, but which landed afterwards, has no loader: it is
// deleted (it still holds the caller's token), so the next caller loads instead of waiting out the
// lease (a minute here, given up on after 10 s).
func TestOrphanLeaseIsDeleted(t *testing.T) {
	key := fmt.Sprintf("cache-aside:go:orphan:%d", time.Now().UnixNano())
	land, landed := make(chan struct{}), make(chan struct{})
	late := &Cache[int]{Store: lateSetStore{respStore{dial(t)}, land, landed}, Lease: time.Minute, Wait: 200 * time.Millisecond}
	v, err := late.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return 1, nil })
	close(land) // the SET lands after its caller has given up on it
	if err != nil || v != 1 {
		t.Fatalf("the caller that gave up on its SetNX got %v, %v, want its own load's 1", v, err)
	}
	select {
	case <-landed:
	case <-time.After(10 * time.Second):
		t.Fatal("the late SET never landed")
	}
	next := &Cache[int]{Store: respStore{dial(t)}, Lease: time.Minute}
	done := make(chan int, 1)
	go func() {
		v, _ := next.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return 2, nil })
		done <- v
	}()
	select {
	case v := <-done:
		if v != 2 {
			t.Fatalf("the next caller got %v, want its own load's 2", v)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the next caller still waited after 10 s for a lease nobody loads for")
	}
}

// watchedLateSetStore is a lateSetStore that passes on the result of each DeleteIf begun after the
// late SET landed, once it has returned.
type watchedLateSetStore struct {
	lateSetStore
	afterLanding chan bool
}

func (s watchedLateSetStore) DeleteIf(ctx context.Context, key, old string) (bool, error) {
	after := false
	select {
	case <-s.landed:
		after = true
	default:
	}
	deleted, err := s.lateSetStore.DeleteIf(ctx, key, old)
	if after {
		select {
		case s.afterLanding <- deleted:
		default: // the test reads the first one only
		}
	}
	return deleted, err
}

// The background delete spares a lease that is not the caller's: when the SetNX given up on found
// the key taken, another caller's lease stays. The check follows a delete tried after the late SET
// landed (the retries run for the whole minute of the lease), not a guess at when the last try is.
func TestOrphanDeleteSparesAnotherLease(t *testing.T) {
	conn := dial(t)
	key := fmt.Sprintf("cache-aside:go:orphan-other:%d", time.Now().UnixNano())
	land := make(chan struct{})
	store := watchedLateSetStore{lateSetStore{respStore{dial(t)}, land, make(chan struct{})}, make(chan bool, 1)}
	late := &Cache[int]{Store: store, Lease: time.Minute, Wait: 200 * time.Millisecond}
	if _, err := late.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return 1, nil }); err != nil {
		close(land)
		t.Fatal(err)
	}
	// Another caller's lease takes the key; only then does the late SET land (and find it taken).
	_, err := conn.Do("SET", key, leasePrefix+"other", "PX", 60000)
	close(land)
	if err != nil {
		t.Fatal(err)
	}
	tried, deleted := false, false
	select {
	case deleted = <-store.afterLanding:
		tried = true
	case <-time.After(10 * time.Second):
	}
	if v, _ := conn.Do("GET", key); v != leasePrefix+"other" {
		t.Fatalf("another caller's lease was deleted: the key holds %q", v)
	}
	if !tried || deleted {
		t.Fatalf("tried after the late SET landed: %v; reported deleting the key: %v (want a try, and no delete)", tried, deleted)
	}
}

// recordingDeleteStore records the result of each DeleteIf.
type recordingDeleteStore struct {
	respStore
	mu      *sync.Mutex
	deletes *[]bool
}

func (s recordingDeleteStore) DeleteIf(ctx context.Context, key, old string) (bool, error) {
	deleted, err := s.respStore.DeleteIf(ctx, key, old)
	s.mu.Lock()
	*s.deletes = append(*s.deletes, deleted)
	s.mu.Unlock()
	return deleted, err
}

// The orphan-lease retries stop once a delete has removed the key: releaseIfItLands, called on an
// orphan lease (a minute long), returns after its first delete, which deleted (given up on after
// 10 s). Its return is watched, not its context, so a delete on a context of its own cannot hide a
// loop that goes on. No sleep guesses when the last try would have been.
func TestOrphanDeleteStopsAfterItSucceeds(t *testing.T) {
	key := fmt.Sprintf("cache-aside:go:orphan-once:%d", time.Now().UnixNano())
	lease := leasePrefix + "orphan"
	if _, err := dial(t).Do("SET", key, lease, "PX", 60000); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var deletes []bool
	c := &Cache[int]{Store: recordingDeleteStore{respStore{dial(t)}, &mu, &deletes}, Lease: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // ends a loop that did not return, once the test has failed
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.releaseIfItLands(ctx, key, lease)
	}()
	returned := false
	select {
	case <-done:
		returned = true
	case <-time.After(10 * time.Second):
	}
	mu.Lock()
	got := append([]bool(nil), deletes...)
	mu.Unlock()
	if !returned {
		t.Fatalf("releaseIfItLands was still running 10 s after a delete removed the orphan (DeleteIf results: %v)", got)
	}
	if len(got) != 1 || !got[0] {
		t.Fatalf("DeleteIf results when releaseIfItLands returned: %v, want one that deleted the orphan and no retry after it", got)
	}
}

// failingDeleteStore's Delete is not confirmed by Redis (a timeout, a dropped connection).
type failingDeleteStore struct{ respStore }

var errDeleteNotConfirmed = errors.New("delete not confirmed")

func (failingDeleteStore) Delete(context.Context, string) error { return errDeleteNotConfirmed }

// Invalidate hands a delete Redis did not confirm to its caller (its comment: the write has
// committed, so the caller must not take the error for a failed write).
func TestInvalidateReturnsAnUnconfirmedDelete(t *testing.T) {
	c := NewCache[int](failingDeleteStore{respStore{dial(t)}})
	if err := c.Invalidate(context.Background(), "cache-aside:go:invalidate-unconfirmed"); !errors.Is(err, errDeleteNotConfirmed) {
		t.Fatalf("Invalidate returned %v, want the store's error", err)
	}
}

// captureLog sends the standard logger's lines to the returned buffer until the test ends.
func captureLog(t *testing.T) *lockedBuffer {
	buf := &lockedBuffer{}
	log.SetOutput(buf)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	return buf
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the lines logged so far that contain substr.
func (b *lockedBuffer) lines(substr string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, line := range strings.Split(b.buf.String(), "\n") {
		if line != "" && strings.Contains(line, substr) {
			out = append(out, line)
		}
	}
	return out
}

// flakyStore's Get fails while down is set (a refused connection, as in an outage), and its
// ReplaceIf while fillDown is.
type flakyStore struct {
	respStore
	down, fillDown *atomic.Bool
}

func (s flakyStore) Get(ctx context.Context, key string) (string, bool, error) {
	if s.down.Load() {
		return "", false, errors.New("dial tcp: connection refused")
	}
	return s.respStore.Get(ctx, key)
}

func (s flakyStore) ReplaceIf(ctx context.Context, key, old, value string, ttl time.Duration) error {
	if s.fillDown.Load() {
		return errors.New("connection reset by peer")
	}
	return s.respStore.ReplaceIf(ctx, key, old, value, ttl)
}

// While Redis fails, reads and fills log at most one line per minute (a clock of the test's own,
// no wall clock): 100 failing reads log one line; 10 more 30 s later none; the first failure 61 s
// in one line counting the 109 in between; a failing fill is counted too; the first answered read
// a minute after the last line logs that Redis answers again with that count, later ones nothing;
// a failure after a quiet spell is logged in full again. Every read gets the loader's value.
func TestFailingRedisIsLoggedOncePerInterval(t *testing.T) {
	logged := captureLog(t)
	var down, fillDown atomic.Bool
	down.Store(true)
	c := &Cache[int]{Store: flakyStore{respStore{dial(t)}, &down, &fillDown}, Lease: time.Minute}
	start := time.Unix(0, 0)
	at := start
	c.failures.now = func() time.Time { return at }
	prefix := fmt.Sprintf("cache-aside:go:failure-log:%d", time.Now().UnixNano())
	n := 0
	read := func() {
		t.Helper()
		n++ // a key of its own: a miss, so an answered read goes on to the fill
		if v, err := c.GetOrLoad(bounded(t), fmt.Sprintf("%s:%d", prefix, n), func(context.Context) (int, error) { return n, nil }); err != nil || v != n {
			t.Fatalf("read %d got %v, %v, want the loader's %d", n, v, err, n)
		}
	}
	lines := func() []string { return logged.lines("Redis") }
	for i := 0; i < 100; i++ {
		read()
	}
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "cache unavailable") || !strings.Contains(got[0], "connection refused") {
		t.Fatalf("100 failing reads at once logged %d lines, want 1 with the error: %q", len(got), got)
	}
	at = start.Add(30 * time.Second)
	for i := 0; i < 10; i++ {
		read()
	}
	if got := lines(); len(got) != 1 {
		t.Fatalf("10 more failing reads 30 s later logged lines: %q", got[1:])
	}
	at = start.Add(61 * time.Second)
	read()
	if got := lines(); len(got) != 2 || !strings.Contains(got[1], "109 more Redis failures") {
		t.Fatalf("the first failure 61 s in: want one more line counting the 109 in between, got %q", got[1:])
	}
	down.Store(false)
	fillDown.Store(true)
	at = start.Add(70 * time.Second)
	read() // answered, but its fill fails
	fillDown.Store(false)
	at = start.Add(80 * time.Second)
	read()
	if got := lines(); len(got) != 2 {
		t.Fatalf("a failing fill and an answered read within the minute logged lines: %q", got[2:])
	}
	at = start.Add(121 * time.Second)
	read()
	if got := lines(); len(got) != 3 || !strings.Contains(got[2], "answers again; 1 Redis failures") {
		t.Fatalf("the first answered read a minute after the last line: want one line counting the failing fill, got %q", got[2:])
	}
	for i := 0; i < 5; i++ {
		at = start.Add(time.Duration(200+100*i) * time.Second)
		read()
	}
	if got := lines(); len(got) != 3 {
		t.Fatalf("answered reads with nothing unlogged logged lines: %q", got[3:])
	}
	down.Store(true)
	at = start.Add(1000 * time.Second)
	read()
	if got := lines(); len(got) != 4 || !strings.Contains(got[3], "connection refused") || strings.Contains(got[3], "more Redis failures") {
		t.Fatalf("the first failure of a new outage: want it logged in full, got %q", got[3:])
	}
	keys := []interface{}{"DEL"}
	for i := 1; i <= n; i++ {
		keys = append(keys, fmt.Sprintf("%s:%d", prefix, i))
	}
	_, _ = dial(t).Do(keys...)
}

// gatedReleaseStore's SetNX fails at once (a timeout) without landing; its DeleteIf counts the keys
// it is called for and waits for gate, then reports the delete done.
type gatedReleaseStore struct {
	respStore
	gate  chan struct{}
	mu    *sync.Mutex
	tried map[string]int
}

func (s gatedReleaseStore) SetNX(context.Context, string, string, time.Duration) (bool, error) {
	return false, errors.New("i/o timeout")
}

func (s gatedReleaseStore) DeleteIf(ctx context.Context, key, old string) (bool, error) {
	s.mu.Lock()
	s.tried[key]++
	s.mu.Unlock()
	<-s.gate
	return true, nil
}

func pendingReleases() (pending, dropped int) {
	releases.mu.Lock()
	defer releases.mu.Unlock()
	return releases.pending, releases.dropped
}

// At most maxPendingReleases (1000, as in Python) orphan-lease deletes are pending in the process:
// with their deletes held, 1150 timed-out SetNX leave 1000 pending and drop the rest, counted, in 3
// lines (the 1st, 10th and 100th drop) and, once none is pending, one summary; every caller gets
// its own load meanwhile, and no dropped key's delete is ever tried. Old code started a goroutine
// per timeout. In a child process: the backlog is the process's, and other tests leave deletes
// pending for a minute.
func TestOrphanReleasesAreCapped(t *testing.T) {
	runChild(t, "capped")
}

func cappedInChild(t *testing.T) {
	logged := captureLog(t)
	gate := make(chan struct{})
	var mu sync.Mutex
	store := gatedReleaseStore{respStore{dial(t)}, gate, &mu, map[string]int{}}
	c := &Cache[int]{Store: store, Lease: time.Minute}
	c.failures.now = func() time.Time { return time.Unix(0, 0) } // one "cache unavailable" line, not 1150
	// 0 in a process of its own
	before, _ := pendingReleases()
	prefix := fmt.Sprintf("cache-aside:go:capped:%d", time.Now().UnixNano())
	const calls = 1150
	opened := false
	defer func() {
		if !opened {
			close(gate)
		}
	}()
	for i := 0; i < calls; i++ {
		if v, err := c.GetOrLoad(bounded(t), fmt.Sprintf("%s:%d", prefix, i), func(context.Context) (int, error) { return i, nil }); err != nil || v != i {
			t.Fatalf("caller %d got %v, %v, want its own load's %d", i, v, err, i)
		}
	}
	pending, dropped := pendingReleases()
	queued := maxPendingReleases - before
	if pending != maxPendingReleases || dropped != calls-queued {
		t.Fatalf("after %d timed-out SetNX (%d pending before): %d pending, %d dropped; want %d and %d", calls, before, pending, dropped, maxPendingReleases, calls-queued)
	}
	drops := logged.lines("orphan-lease deletes pending")
	if len(drops) != 3 || !strings.Contains(drops[0], "dropped 1 so far") || !strings.Contains(drops[1], "dropped 10 so far") || !strings.Contains(drops[2], "dropped 100 so far") {
		t.Fatalf("%d drops were logged as %d lines, want 3 (the 1st, 10th and 100th): %q", calls-queued, len(drops), drops)
	}
	close(gate)
	opened = true
	// The last delete logs the summary just after it leaves the count (outside the lock): wait for
	// both, or a summary on its way would read as a missing one.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if p, _ := pendingReleases(); p == 0 && len(logged.lines("were dropped")) > 0 {
			break
		}
		if time.Now().After(deadline) {
			p, _ := pendingReleases()
			t.Fatalf("10 s after their gate opened: %d orphan-lease deletes still pending, summary lines %q", p, logged.lines("were dropped"))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := logged.lines("were dropped"); len(got) != 1 || !strings.Contains(got[0], fmt.Sprintf("%d orphan-lease deletes were dropped", calls-queued)) {
		t.Fatalf("want one summary of the %d drops once none was pending, got %q", calls-queued, got)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := 0; i < calls; i++ {
		want := 0
		if i < queued {
			want = 1
		}
		if got := store.tried[fmt.Sprintf("%s:%d", prefix, i)]; got != want {
			t.Fatalf("key %d (the first %d queued, the rest dropped): %d deletes tried, want %d", i, queued, got, want)
		}
	}
}

// exitChildEnv names the mode of a child process runChild starts.
const exitChildEnv = "SDP_CACHE_ASIDE_EXIT_CHILD"

// landsThenTimesOutStore's SetNX lands, then reports a timeout: an orphan lease. In hung mode its
// DeleteIf never returns (it ignores its context), as a delete stuck on a dead connection.
type landsThenTimesOutStore struct {
	respStore
	hung bool
}

func (s landsThenTimesOutStore) SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error) {
	_, _ = s.respStore.SetNX(ctx, key, value, ttl)
	return false, errors.New("i/o timeout")
}

func (s landsThenTimesOutStore) DeleteIf(ctx context.Context, key, old string) (bool, error) {
	if s.hung {
		select {}
	}
	return s.respStore.DeleteIf(ctx, key, old)
}

// TestInChild runs only in a child process that runChild starts, as its mode says.
func TestInChild(t *testing.T) {
	switch mode := os.Getenv(exitChildEnv); mode {
	case "":
		t.Skip("runs in a child process only")
	case "capped":
		cappedInChild(t)
	case "after":
		afterFlushInChild(t)
	case "retry":
		retryFlushedInChild(t)
	default:
		exitInChild(t, mode)
	}
}

// runChild runs TestInChild in a child process (this test binary) in mode, and fails unless it
// passes; it is given up on after 20 s. It returns the child's output.
func runChild(t *testing.T, mode string, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestInChild$", "-test.v")
	cmd.Env = append(append(os.Environ(), exitChildEnv+"="+mode), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s: the child had not exited after 20 s: %s", mode, out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: TestInChild") {
		t.Fatalf("%s: the child failed: %v\n%s", mode, err, out)
	}
	return string(out)
}

// exitInChild leaves 3 orphan leases (a minute each) with their deletes pending, calls
// FlushReleases as a shutdown would, and returns, so the process exits: only the flush can have
// deleted them.
func exitInChild(t *testing.T, mode string) {
	c := &Cache[int]{Store: landsThenTimesOutStore{respStore{dial(t)}, mode == "hung"}, Lease: time.Minute}
	prefix := os.Getenv("SDP_CACHE_ASIDE_EXIT_PREFIX")
	for i := 0; i < 3; i++ {
		if _, err := c.GetOrLoad(context.Background(), fmt.Sprintf("%s:%d", prefix, i), func(context.Context) (int, error) { return i, nil }); err != nil {
			t.Fatal(err)
		}
	}
	FlushReleases()
	fmt.Println("flushed")
}

// FlushReleases at shutdown: a process that calls it and exits has sent its pending orphan-lease
// deletes (3 leases of a minute, gone once it has exited), and a delete that never returns does
// not hold the shutdown: FlushReleases returns at its 1 s limit (the child is given up on after
// 20 s, not timed).
func TestFlushReleasesAtShutdown(t *testing.T) {
	conn := dial(t)
	for _, mode := range []string{"idle", "hung"} {
		prefix := fmt.Sprintf("cache-aside:go:exit-%s:%d", mode, time.Now().UnixNano())
		if out := runChild(t, mode, "SDP_CACHE_ASIDE_EXIT_PREFIX="+prefix); !strings.Contains(out, "flushed") {
			t.Fatalf("%s: the child's FlushReleases did not return: %s", mode, out)
		}
		for i := 0; i < 3; i++ {
			key := fmt.Sprintf("%s:%d", prefix, i)
			v, _ := conn.Do("GET", key)
			if mode == "idle" && v != nil {
				t.Fatalf("the orphan lease %s was pending at shutdown and is still there after FlushReleases and the exit", key)
			}
			_, _ = conn.Do("DEL", key)
		}
	}
}

// ctxStore's DeleteIf fails at once with a context that is already done, without sending (go-redis
// v9 does the same: its pool checks the context before it hands out a connection).
type ctxStore struct{ landsThenTimesOutStore }

func (s ctxStore) DeleteIf(ctx context.Context, key, old string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	return s.landsThenTimesOutStore.DeleteIf(ctx, key, old)
}

// afterFlushInChild: once FlushReleases has returned and its limit has passed (set in the past
// here, not waited for), an orphan lease still gets its one delete, with a live context: the
// lease (a minute) is gone well before it would expire. Old code gave that delete the flush's
// past deadline, so it was never sent.
func afterFlushInChild(t *testing.T) {
	FlushReleases() // nothing pending: returns at once
	releases.mu.Lock()
	releases.flushEnd = time.Now().Add(-time.Second)
	releases.mu.Unlock()
	c := &Cache[int]{Store: ctxStore{landsThenTimesOutStore{respStore: respStore{dial(t)}}}, Lease: time.Minute}
	key := os.Getenv("SDP_CACHE_ASIDE_EXIT_PREFIX") + ":after"
	if _, err := c.GetOrLoad(bounded(t), key, func(context.Context) (int, error) { return 1, nil }); err != nil {
		t.Fatal(err)
	}
	probe := dial(t)
	defer func() { _, _ = probe.Do("DEL", key) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, err := probe.Do("GET", key)
		if err != nil {
			t.Fatal(err)
		}
		if v == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the orphan lease %s of a SetNX timed out after FlushReleases is still there after 10 s: its one delete was never sent", key)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// After FlushReleases (a shutdown that goes on a while), a timed-out SetNX still gets one delete
// (in a child process: the flush is the process's).
func TestReleaseAfterFlushIsStillSent(t *testing.T) {
	runChild(t, "after", fmt.Sprintf("SDP_CACHE_ASIDE_EXIT_PREFIX=cache-aside:go:after-flush:%d", time.Now().UnixNano()))
}

// neverLandsStore's SetNX times out without landing, and its DeleteIf finds nothing to delete:
// the orphan delete keeps retrying (at doubling gaps, for its minute). Each try is counted and
// signalled on tried.
type neverLandsStore struct {
	respStore
	tries *atomic.Int32
	tried chan struct{}
}

func (s neverLandsStore) SetNX(context.Context, string, string, time.Duration) (bool, error) {
	return false, errors.New("i/o timeout")
}

func (s neverLandsStore) DeleteIf(context.Context, string, string) (bool, error) {
	s.tries.Add(1)
	select {
	case s.tried <- struct{}{}:
	default:
	}
	return false, nil
}

// retryFlushedInChild: a delete waiting for its next retry (the first try found nothing) is sent
// at once by FlushReleases, as its last: FlushReleases returns with nothing pending and 2 tries
// made. Without the flush's signal the delete would sleep to its next gap and go on retrying for
// its minute: still pending when FlushReleases gives up at its limit.
func retryFlushedInChild(t *testing.T) {
	var tries atomic.Int32
	store := neverLandsStore{respStore{dial(t)}, &tries, make(chan struct{}, 1)}
	c := &Cache[int]{Store: store, Lease: time.Minute}
	if _, err := c.GetOrLoad(bounded(t), "cache-aside:go:retry-flushed", func(context.Context) (int, error) { return 1, nil }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-store.tried:
	case <-time.After(10 * time.Second):
		t.Fatal("the orphan delete's first try never came")
	}
	FlushReleases()
	if pending, _ := pendingReleases(); pending != 0 || tries.Load() != 2 {
		t.Fatalf("after FlushReleases: %d deletes pending, %d tries; want 0 pending and 2 tries (the first, then the flush's last)", pending, tries.Load())
	}
}

// FlushReleases reaches a delete that waits for its next retry: it is sent at once, the last one
// (in a child process: the flush is the process's).
func TestFlushSendsAWaitingRetryAtOnce(t *testing.T) {
	runChild(t, "retry")
}
