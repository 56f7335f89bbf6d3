package inventory

import (
	"context"
	"errors"
	"fmt"
)

// ScriptRunner runs a Lua script in Redis. With go-redis it is one line:
//
//	func(ctx context.Context, script string, keys []string, args ...interface{}) (interface{}, error) {
//		return rdb.Eval(ctx, script, keys, args...).Result()
//	}
//
// go-redis retries a failed command up to 3 times by default, also one whose reply was lost to a
// dropped connection after the script ran. The purchase id makes that safe: a repeat returns the
// first outcome and takes nothing, and a TakeStock that failed may be called again with the same
// id. A restock's INCRBY is not safe to repeat: send it on a client with MaxRetries: -1.
type ScriptRunner func(ctx context.Context, script string, keys []string, args ...interface{}) (interface{}, error)

// Redis replicates asynchronously: a failover can lose the last acknowledged decrements, and the
// new primary then sells those units again. Treat this counter as a fast gate, not the record:
// write each order durably (PostgreSQL) and reconcile the counter against the orders after a
// failover. WAIT 1 <ms> after a purchase narrows the window but does not close it (Redis documents
// that a failover can still promote a replica without the write); when losing one is unacceptable,
// make the SQL variant the source of truth. Restock with INCRBY, never SET: a SET of a count read
// earlier overwrites the purchases made in between.

// ErrSoldOut means fewer units are left than were asked for; nothing was taken.
var ErrSoldOut = errors.New("sold out")

// PurchaseTTLSeconds is how long a purchase's outcome is kept for its retries: longer than any
// retry window.
// Each record expires after this TTL, so records never pile up; the stock key has no TTL. Under
// a volatile-* maxmemory-policy (volatile-lru, -lfu, -random, -ttl) Redis evicts only keys with a
// TTL when memory runs out, so it evicts these records, before their TTL, and a retry of an evicted
// purchase takes its units again; under allkeys-* the stock keys can be evicted too. Give this data
// an instance with noeviction (a full Redis then refuses the purchase instead) and memory headroom.
const PurchaseTTLSeconds = ${3:86400}

// The check and the decrement run as one atomic step inside Redis, so concurrent buyers can never
// both take the last unit. KEYS[2] records the purchase's outcome ("quantity:left", -1 when
// refused): a retry of it returns that, taking nothing.
const takeStockScript = `
-- The TTL is checked before anything is written: SET refuses EX 0, -1 or 1.5 only after the
-- DECRBY, and a script's writes before an error stay, so the units were taken with no record.
if not string.match(ARGV[2], '^[1-9]%d*\$') or #ARGV[2] > 10 then
  return redis.error_reply('purchase TTL must be whole seconds from 1, got ' .. ARGV[2])
end
local wanted = tonumber(ARGV[1])
local done = redis.call('GET', KEYS[2])
if done then
  local quantity, left = string.match(done, '^(%d+):(-?%d+)\$')
  if tonumber(quantity) ~= wanted then
    return redis.error_reply('purchase id reused with another quantity')
  end
  return tonumber(left)
end
local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
local left = -1
if stock >= wanted then
  left = redis.call('DECRBY', KEYS[1], wanted)
end
redis.call('SET', KEYS[2], wanted .. ':' .. left, 'EX', ARGV[2])
return left
`

// ${1:TakeStock} takes quantity units of sku and returns how many are left, or ErrSoldOut.
// purchaseID is made once per purchase (a UUID, the order id) and sent unchanged on every retry:
// a retry takes nothing and returns the first outcome. Record the order after it succeeds, and
// give the units back with INCRBY if recording fails.
func $1(ctx context.Context, eval ScriptRunner, sku, purchaseID string, quantity int64) (int64, error) {
	if purchaseID == "" {
		return 0, errors.New("a purchase needs an id, sent again unchanged on a retry")
	}
	if quantity <= 0 {
		return 0, errors.New("quantity must be positive")
	}
	// The purchase's record is kept per SKU, under the SKU's stock key in braces: a Redis Cluster
	// hash tag, so both keys hash to one slot (apart, the script fails with CROSSSLOT on a cluster),
	// and one id used on several SKUs (an order id on each line) is one purchase of each. A SKU
	// holding { or } breaks the tag: on a cluster its purchases fail with CROSSSLOT.
	stockKey := "${2:stock}:" + sku
	keys := []string{stockKey, "$2-purchase:{" + stockKey + "}:" + purchaseID}
	reply, err := eval(ctx, takeStockScript, keys, quantity, PurchaseTTLSeconds)
	if err != nil {
		return 0, fmt.Errorf("take stock of %s: %w", sku, err)
	}
	left, ok := reply.(int64)
	if !ok {
		return 0, fmt.Errorf("take stock of %s: unexpected reply %T", sku, reply)
	}
	if left < 0 {
		return 0, ErrSoldOut
	}
	return left, nil
}
$0
