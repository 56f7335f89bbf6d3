package lock

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
)

// evalOn adapts one RESP connection to the variant's ScriptRunner (as go-redis's Eval would).
func evalOn(conn *RESPConn) ScriptRunner {
	return func(ctx context.Context, script string, keys []string, args ...interface{}) (interface{}, error) {
		cmd := []interface{}{"EVAL", script, len(keys)}
		for _, k := range keys {
			cmd = append(cmd, k)
		}
		return conn.Do(append(cmd, args...)...)
	}
}

func mustDial(t *testing.T, addr string) *RESPConn {
	c, err := DialRESP(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func redisAddr() string {
	return net.JoinHostPort(os.Getenv("SDP_REDIS_HOST"), os.Getenv("SDP_REDIS_PORT"))
}

func openDB(t *testing.T) *sql.DB {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func fencedWrite(t *testing.T, db *sql.DB, l *Lease, value string) bool {
	var ok bool
	if err := db.QueryRow(`SELECT fenced_write($1, $2, $3, $4)`, l.Resource, value, l.Fence, l.Owner).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestExpiredHolderIsFencedAndCannotRelease(t *testing.T) {
	ctx := context.Background()
	conn := mustDial(t, redisAddr())
	eval := evalOn(conn)
	db := openDB(t)
	resource := fmt.Sprintf("report-%d", time.Now().UnixNano())

	// A long lease, so that a slow machine cannot let it lapse before the exclusivity check; the
	// test then runs it out itself (PEXPIRE), as a holder that pauses past its lease would see.
	a, err := Acquire(ctx, eval, resource, 10*time.Second)
	if err != nil || a == nil {
		t.Fatalf("first acquire: %v %v", a, err)
	}
	if again, err := Acquire(ctx, eval, resource, 100*time.Millisecond); err != nil || again != nil {
		t.Fatalf("the lock must be exclusive while held: %v %v", again, err)
	}
	if !fencedWrite(t, db, a, "from A") {
		t.Fatal("the holder's write was refused")
	}
	if n, err := conn.Do("PEXPIRE", "lock:{"+resource+"}", "1"); err != nil || n != int64(1) {
		t.Fatalf("PEXPIRE of the lock key the snippet wrote: %v %v", n, err)
	}
	for { // A pauses past its lease
		n, err := conn.Do("EXISTS", "lock:{"+resource+"}")
		if err != nil {
			t.Fatal(err)
		}
		if n.(int64) == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	b, err := Acquire(ctx, eval, resource, 10*time.Second)
	if err != nil || b == nil || b.Fence <= a.Fence {
		t.Fatalf("the next holder must get a higher token: a=%v b=%v err=%v", a, b, err)
	}
	if !fencedWrite(t, db, b, "from B") {
		t.Fatal("the new holder's write was refused")
	}
	if fencedWrite(t, db, a, "late write from A") {
		t.Fatal("the stale token was accepted")
	}
	if released, err := Release(ctx, eval, a); err != nil || released {
		t.Fatalf("A released B's lock: %v %v", released, err)
	}
	if again, _ := Acquire(ctx, eval, resource, time.Second); again != nil {
		t.Fatal("B's lock did not survive A's release attempt")
	}
	if released, err := Release(ctx, eval, b); err != nil || !released {
		t.Fatalf("B could not release its lock: %v %v", released, err)
	}
}

func TestContendersLoseNoUpdate(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	resource := fmt.Sprintf("counter-%d", time.Now().UnixNano())
	var mu sync.Mutex
	held, maxHeld := 0, 0
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		conn := mustDial(t, redisAddr())
		wg.Add(1)
		go func() {
			defer wg.Done()
			eval := evalOn(conn)
			for done := 0; done < 10; {
				lease, err := Acquire(ctx, eval, resource, 30*time.Second)
				if err != nil {
					errs <- err
					return
				}
				if lease == nil {
					time.Sleep(2 * time.Millisecond)
					continue
				}
				mu.Lock()
				held++
				if held > maxHeld {
					maxHeld = held
				}
				mu.Unlock()
				var current string
				if err := db.QueryRow(`SELECT coalesce((SELECT value FROM fenced_resources WHERE id = $1), '0')`, resource).Scan(&current); err != nil {
					errs <- err
					return
				}
				n, _ := strconv.Atoi(current)
				time.Sleep(time.Millisecond)
				var ok bool
				if err := db.QueryRow(`SELECT fenced_write($1, $2, $3, $4)`, resource, strconv.Itoa(n+1), lease.Fence, lease.Owner).Scan(&ok); err != nil || !ok {
					errs <- fmt.Errorf("write under the lock refused: %v %v", ok, err)
					return
				}
				mu.Lock()
				held--
				mu.Unlock()
				if released, err := Release(ctx, eval, lease); err != nil || !released {
					errs <- fmt.Errorf("release: %v %v", released, err)
					return
				}
				done++
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var value string
	if err := db.QueryRow(`SELECT value FROM fenced_resources WHERE id = $1`, resource).Scan(&value); err != nil {
		t.Fatal(err)
	}
	if value != "80" || maxHeld != 1 {
		t.Fatalf("value %s (want 80), max holders at once %d (want 1)", value, maxHeld)
	}
}

func TestWorksOnRedisCluster(t *testing.T) {
	ctx := context.Background()
	conn := mustDial(t, net.JoinHostPort(os.Getenv("SDP_CLUSTER_REDIS_HOST"), os.Getenv("SDP_CLUSTER_REDIS_PORT")))
	eval := evalOn(conn)
	for _, resource := range []string{"a", "b", "report-42", fmt.Sprint(time.Now().UnixNano())} {
		lease, err := Acquire(ctx, eval, resource, 10*time.Second)
		if err != nil || lease == nil {
			t.Fatalf("acquire %s on a cluster: %v %v", resource, lease, err)
		}
		if released, err := Release(ctx, eval, lease); err != nil || !released {
			t.Fatalf("release %s on a cluster: %v %v", resource, released, err)
		}
	}
}

// firstReplyAs runs every call on eval, but the first one that succeeds answers change(its context,
// its reply) instead: a client that reads the reply wrongly, or a reply lost after the script ran.
func firstReplyAs(eval ScriptRunner, change func(context.Context, interface{}) (interface{}, error)) ScriptRunner {
	calls := 0
	return func(ctx context.Context, script string, keys []string, args ...interface{}) (interface{}, error) {
		reply, err := eval(ctx, script, keys, args...)
		if calls++; calls == 1 && err == nil {
			return change(ctx, reply)
		}
		return reply, err
	}
}

func TestUnexpectedAcquireReplyIsAnError(t *testing.T) {
	ctx := context.Background()
	eval := evalOn(mustDial(t, redisAddr()))
	resource := fmt.Sprintf("odd-reply-%d", time.Now().UnixNano())
	odd := firstReplyAs(eval, func(_ context.Context, reply interface{}) (interface{}, error) {
		return fmt.Sprint(reply), nil // a client that hands back the integer as a string
	})
	lease, err := Acquire(ctx, odd, resource, time.Minute)
	if err == nil {
		t.Fatalf("an unexpected reply was read as %v, nil (held by someone else)", lease)
	}
	if again, err := Acquire(ctx, eval, resource, time.Minute); err != nil || again == nil {
		t.Fatalf("the lock taken by the odd call must have been handed back: %v %v", again, err)
	}
}

// A token below 1 is no fencing token: the script's INCR gives one only on a fence key set to -1
// or less by hand (0 from -1, which read as "held by someone else" and left the lock held for the
// TTL), and -1 or -2 is what a client mixing up replies would pass on (PTTL's "no expiry" and "no
// key"). Either is an error, never a lease, and the lock the script took is handed back.
func TestNegativeFenceIsAnError(t *testing.T) {
	ctx := context.Background()
	conn := mustDial(t, redisAddr())
	eval := evalOn(conn)
	resource := fmt.Sprintf("negative-fence-%d", time.Now().UnixNano())
	lockKey, fenceKey := "lock:{"+resource+"}", "lock:{"+resource+"}:fence"
	for _, c := range []struct{ counter, token string }{{"-5", "-4"}, {"-1", "0"}} {
		if _, err := conn.Do("SET", fenceKey, c.counter); err != nil {
			t.Fatal(err)
		}
		lease, err := Acquire(ctx, eval, resource, time.Minute)
		if err == nil || lease != nil || !strings.Contains(err.Error(), "fencing token "+c.token+" ") {
			t.Fatalf("a fence counter at %s (INCR gives %s): lease %+v, err %v; want an error naming the token", c.counter, c.token, lease, err)
		}
		if n, err := conn.Do("EXISTS", lockKey); err != nil || n != int64(0) {
			t.Fatalf("fence counter at %s: the lock the script took was not handed back: EXISTS %v %v", c.counter, n, err)
		}
	}
	if _, err := conn.Do("DEL", fenceKey); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []int64{-1, -2} {
		odd := firstReplyAs(eval, func(context.Context, interface{}) (interface{}, error) { return bad, nil })
		lease, err := Acquire(ctx, odd, resource, time.Minute)
		if err == nil || lease != nil {
			t.Fatalf("reply %d: lease %+v, err %v; want an error", bad, lease, err)
		}
		if n, err := conn.Do("EXISTS", lockKey); err != nil || n != int64(0) {
			t.Fatalf("reply %d: the lock the script took was not handed back: EXISTS %v %v", bad, n, err)
		}
	}
	if lease, err := Acquire(ctx, eval, resource, time.Minute); err != nil || lease == nil || lease.Fence < 1 {
		t.Fatalf("after the fence key is gone: lease %+v, err %v; want a token from 1 up", lease, err)
	}
}

// The script ran and took the lock, but the caller got an error (a read timeout, a dropped reply):
// the lock must be handed back, not left held for the TTL under an owner id nobody will use.
func TestFailedAcquireHandsTheLockBack(t *testing.T) {
	ctx := context.Background()
	eval := evalOn(mustDial(t, redisAddr()))
	resource := fmt.Sprintf("lost-reply-%d", time.Now().UnixNano())
	lossy := firstReplyAs(eval, func(context.Context, interface{}) (interface{}, error) {
		return nil, errors.New("i/o timeout") // the script ran; its reply was lost
	})
	if lease, err := Acquire(ctx, lossy, resource, time.Minute); err == nil {
		t.Fatalf("a failed call was read as %v, nil", lease)
	}
	if again, err := Acquire(ctx, eval, resource, time.Minute); err != nil || again == nil {
		t.Fatalf("the lock taken by the failed call must have been handed back: %v %v", again, err)
	}
}

// The caller's context is often the one that ended the acquire (its deadline passed while the
// script ran): the hand-back must not use it, or a client that honours contexts never sends it.
func TestFailedAcquireHandsTheLockBackAfterItsContextEnded(t *testing.T) {
	eval := evalOn(mustDial(t, redisAddr()))
	resource := fmt.Sprintf("lost-ctx-%d", time.Now().UnixNano())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	honouring := firstReplyAs(func(c context.Context, script string, keys []string, args ...interface{}) (interface{}, error) {
		if err := c.Err(); err != nil {
			return nil, err // as a real client does with an ended context: nothing is sent
		}
		return eval(c, script, keys, args...)
	}, func(c context.Context, _ interface{}) (interface{}, error) {
		cancel() // the caller's deadline passed while the script ran
		return nil, c.Err()
	})
	if lease, err := Acquire(ctx, honouring, resource, time.Minute); err == nil {
		t.Fatalf("a failed call was read as %v, nil", lease)
	}
	if again, err := Acquire(context.Background(), eval, resource, time.Minute); err != nil || again == nil {
		t.Fatalf("the lock taken by the call whose context ended must have been handed back: %v %v", again, err)
	}
}

// A ttl under 1ms would go out as PX 0, which Redis rejects at run time: refused before any call.
func TestTTLUnderOneMillisecondIsRefused(t *testing.T) {
	conn := mustDial(t, redisAddr())
	calls := 0
	counting := func(ctx context.Context, script string, keys []string, args ...interface{}) (interface{}, error) {
		calls++
		return evalOn(conn)(ctx, script, keys, args...)
	}
	resource := fmt.Sprintf("bad-ttl-%d", time.Now().UnixNano())
	for _, ttl := range []time.Duration{500 * time.Microsecond, 0, -time.Second} {
		lease, err := Acquire(context.Background(), counting, resource, ttl)
		if err == nil || lease != nil || !strings.Contains(err.Error(), "ttl must be at least 1ms") {
			t.Fatalf("ttl %v: lease %v, err %v; want the ttl refused", ttl, lease, err)
		}
	}
	if calls != 0 {
		t.Fatalf("%d Redis calls for refused ttls, want 0", calls)
	}
	lease, err := Acquire(context.Background(), counting, resource, time.Millisecond)
	if err != nil || lease == nil {
		t.Fatalf("a 1ms ttl: lease %v, err %v", lease, err)
	}
}
