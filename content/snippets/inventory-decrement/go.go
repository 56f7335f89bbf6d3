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
// Give that client MaxRetries: -1. go-redis retries a failed command up to 3 times by default,
// also one whose reply was lost to a dropped connection after the script ran, and a purchase sent
// twice takes its units twice (the counter undersells until it is reconciled).
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

// The check and the decrement run as one atomic step inside Redis, so concurrent buyers can never
// both take the last unit.
const takeStockScript = `
local stock = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if stock < wanted then
  return -1
end
return redis.call('DECRBY', KEYS[1], wanted)
`

// ${1:TakeStock} takes quantity units of sku and returns how many are left, or ErrSoldOut. Record
// the order after it succeeds, and give the units back with INCRBY if recording fails.
func $1(ctx context.Context, eval ScriptRunner, sku string, quantity int64) (int64, error) {
	if quantity <= 0 {
		return 0, errors.New("quantity must be positive")
	}
	reply, err := eval(ctx, takeStockScript, []string{"${2:stock}:" + sku}, quantity)
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
