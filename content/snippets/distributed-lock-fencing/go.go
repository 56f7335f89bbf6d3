package lock

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// ScriptRunner runs a Lua script in Redis (with go-redis: rdb.Eval(ctx, script, keys, args...).Result()).
type ScriptRunner func(ctx context.Context, script string, keys []string, args ...interface{}) (interface{}, error)

// Lease is a held lock. Fence increases with every acquisition of the same resource; send it with
// every write (with Owner) so storage can reject writes from a holder whose lease has expired
// (see the SQL variant's fenced_write). The counter lives in Redis: without AOF persistence a
// restart or failover can hand a token out again; the storage then refuses the new holder's
// writes, which is safe but blocks the resource until the counter passes the stored token.
type Lease struct {
	Resource string
	Owner    string
	Fence    int64
}

// acquireScript takes the lock and, only if it got it, draws the next fencing token, in one atomic
// step. A token below 1 (a fence key set to -1 or less by hand) gives the lock back and fails: a 0
// would read as "held by someone else" and leave the lock held for the TTL.
const acquireScript = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local fence = redis.call('INCR', KEYS[2])
  if fence < 1 then
    redis.call('DEL', KEYS[1])
    return redis.error_reply('fencing token ' .. fence .. ' is below 1 (is the fence key corrupted?)')
  end
  return fence
end
return 0
`

// Deletes only if the caller still owns the lock; a blind DEL after our lease expired would
// release the next holder's lock.
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`

// ${1:Acquire} tries once to take the lock; it returns nil, nil when someone else holds it. A reply
// that is not an integer, or is a negative one, is an error (the lock is handed back), never taken
// for "held by someone else" or for a lease.
func $1(ctx context.Context, eval ScriptRunner, resource string, ttl time.Duration) (*Lease, error) {
	// PX takes whole milliseconds of at least 1: a ttl under 1ms would be sent as PX 0, which Redis
	// rejects. A fraction above 1ms is rounded down.
	if ttl < time.Millisecond {
		return nil, fmt.Errorf("acquire %s: ttl must be at least 1ms, got %v", resource, ttl)
	}
	buf := make([]byte, 16)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	owner := hex.EncodeToString(buf)
	key := lockKey(resource)
	// handBack releases a lock the script may have taken for us, on a context of its own: the
	// caller's may be the one that just expired. A no-op if the script never ran.
	handBack := func() {
		rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = eval(rctx, releaseScript, []string{key}, owner)
	}
	reply, err := eval(ctx, acquireScript, []string{key, key + ":fence"}, owner, ttl.Milliseconds())
	if err != nil {
		// A timeout or a dropped connection after Redis ran the script leaves the lock taken under
		// an owner id nobody will use: every acquirer (a retry too) would be refused for the TTL.
		handBack()
		return nil, fmt.Errorf("acquire %s: %w", resource, err)
	}
	fence, ok := reply.(int64)
	if !ok {
		// The script may have taken the lock: hand it back rather than leave it held until it expires.
		handBack()
		return nil, fmt.Errorf("acquire %s: unexpected reply %T %v", resource, reply, reply)
	}
	if fence < 0 {
		// No real token is negative, and the script refuses one itself: the reply is not the
		// script's (a -1 or -2 as PTTL gives). Handed out, it would rank below every token storage
		// has seen; the lock the script may have taken goes back.
		handBack()
		return nil, fmt.Errorf("acquire %s: negative fencing token %d: not this script's reply (it refuses tokens below 1): is a reply meant for another command, such as PTTL's -1 or -2, reaching this call on a shared connection or pipeline?", resource, fence)
	}
	if fence == 0 {
		return nil, nil
	}
	return &Lease{Resource: resource, Owner: owner, Fence: fence}, nil
}

// lockKey puts the resource in a Redis Cluster hash tag ({...}): the lock and fence keys then hash
// to one slot, so a script may touch both (otherwise it fails with CROSSSLOT on a cluster).
func lockKey(resource string) string {
	return "${2:lock}:{" + resource + "}"
}

// Release frees the lock if the lease still owns it and reports whether it did.
func Release(ctx context.Context, eval ScriptRunner, lease *Lease) (bool, error) {
	reply, err := eval(ctx, releaseScript, []string{lockKey(lease.Resource)}, lease.Owner)
	if err != nil {
		return false, err
	}
	n, _ := reply.(int64)
	return n == 1, nil
}
$0
