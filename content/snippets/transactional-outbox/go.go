package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"strings"
	"time"
)

// Event is one row of the outbox table.
type Event struct {
	ID          int64
	AggregateID string
	Type        string
	Payload     json.RawMessage
}

// MaxAttempts is how often a failing event is retried before it is dead-lettered. A dead-lettered
// event no longer holds back its aggregate: the later events go out without it.
const MaxAttempts = ${3:10}

// PublishTimeout bounds one publish: a hung broker must not hold the batch transaction (and its
// row locks) forever. publish gets a context with this deadline and must honour it. It is a
// time.Duration: a bare 10 is 10 ns, so write the unit (10 * time.Second). RelayBatch and Run
// refuse less than 1 ms before claiming (0 does not mean "no timeout").
const PublishTimeout = ${6:10 * time.Second}

// BatchBudget is what Run gives one batch to publish in: the claimed rows stay locked until the
// batch commits, so a slow broker must not keep them for BatchSize times PublishTimeout. Like
// PublishTimeout it needs its unit and at least 1 ms.
const BatchBudget = ${7:30 * time.Second}

// BatchSize is how many events Run claims per batch; it must be at least 1.
const BatchSize = ${4:100}

// ${1:Enqueue} records an event inside the caller's transaction, next to the change it describes.
// The per-aggregate lock makes writers of one aggregate take turns until commit, so event ids
// follow commit order (a bigserial id is taken at INSERT: without the lock a later id could
// commit first and be published before the earlier event).
// A transaction that enqueues events of several aggregates holds their locks until commit, taken
// in the order it enqueues: two transactions that enqueue the same two aggregates in opposite
// orders deadlock (PostgreSQL aborts one, SQLSTATE 40P01). Enqueue a transaction's events in a
// fixed order of aggregate id (or lock the aggregates' own rows in that order first).
func $1(ctx context.Context, tx *sql.Tx, aggregateID, eventType string, payload interface{}) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('$2'), hashtext(\$1))`, aggregateID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO ${2:outbox} (aggregate_id, event_type, payload) VALUES (\$1, \$2, \$3)`,
		aggregateID, eventType, body)
	return err
}

// RelayBatch publishes one batch of pending events and returns how many it claimed.
// FOR UPDATE SKIP LOCKED gives concurrent relays disjoint batches; only the oldest pending event of
// each aggregate is claimable, so an aggregate's events go out in order. A failed publish backs off
// and, after MaxAttempts, is dead-lettered, without holding back or re-publishing the rest of the
// batch. Delivery is at least once (a relay that dies between publish and commit publishes again),
// so consumers deduplicate by event ID.
//
// Publishing has a budget: each publish's context ends at the budget's end at the latest (past it,
// the publish counts as failed), and once the budget is spent no further event is published and the
// batch commits what it sent. A slow or hung broker then holds the row locks for about the budget.
// The events it did not reach stay pending, untouched, and the next batch claims them again, each
// aggregate's oldest first, so the order holds (a batch holds at most one event per aggregate).
func RelayBatch(ctx context.Context, db *sql.DB, publish func(context.Context, Event) error, batchSize int, budget time.Duration) (int, error) {
	if err := checkLimits(batchSize, budget); err != nil {
		return 0, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()

	rows, err := tx.QueryContext(ctx, `
		SELECT id, aggregate_id, event_type, payload FROM $2 o
		 WHERE published_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
		   AND NOT EXISTS (SELECT 1 FROM $2 e
		                    WHERE e.aggregate_id = o.aggregate_id AND e.id < o.id
		                      AND e.published_at IS NULL AND e.dead_at IS NULL)
		 ORDER BY id LIMIT \$1 FOR UPDATE SKIP LOCKED`, batchSize)
	if err != nil {
		return 0, err
	}
	var events []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.AggregateID, &e.Type, &e.Payload); err != nil {
			rows.Close()
			return 0, err
		}
		events = append(events, e)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	// Only publishing is cut off: the UPDATEs and the commit run under ctx.
	bctx, stop := context.WithTimeout(ctx, budget)
	defer stop()
	for _, e := range events {
		if bctx.Err() != nil {
			break // the rest stay pending, unchanged; the commit unlocks them for the next batch
		}
		pctx, cancel := context.WithTimeout(bctx, PublishTimeout)
		perr := publish(pctx, e)
		cancel()
		if perr != nil && bctx.Err() != nil && ctx.Err() == nil {
			perr = fmt.Errorf("publish cut off, the batch's %v budget is spent: %w", budget, perr)
		}
		if perr != nil {
			if _, err := tx.ExecContext(ctx, `
				UPDATE $2 SET attempts = attempts + 1, last_error = \$2,
				       next_attempt_at = now() + make_interval(secs => least(300, 2 ^ attempts)),
				       dead_at = CASE WHEN attempts + 1 >= \$3 THEN now() END
				 WHERE id = \$1`, e.ID, storableError(perr), MaxAttempts); err != nil {
				return 0, err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE $2 SET published_at = now() WHERE id = \$1`, e.ID); err != nil {
			return 0, err
		}
	}
	return len(events), tx.Commit()
}

// checkLimits refuses what would publish nothing. A PublishTimeout under 1 ms (0, a negative value,
// or a number typed without its unit, which Go reads as nanoseconds) hands every publish a context
// that has ended or ends at once, so each event would use up its attempts and be dead-lettered
// without reaching the broker; a budget under 1 ms has every batch claim its rows and publish
// nothing, forever. A batch size of 0 (LIMIT 0) claims nothing, forever, and a negative one fails
// every batch in PostgreSQL. The 1 ms floor catches a missing unit; it is no judgement of a good
// timeout: one shorter than the broker's usual answer (5 ms against 10 ms) still dead-letters every
// event, so set both well above the broker's slowest healthy publish.
func checkLimits(batchSize int, budget time.Duration) error {
	if PublishTimeout < time.Millisecond {
		return fmt.Errorf("outbox: PublishTimeout must be at least 1ms (a time.Duration: a bare 10 is 10ns, write 10 * time.Second), got %v", time.Duration(PublishTimeout))
	}
	if budget < time.Millisecond {
		return fmt.Errorf("outbox: the batch budget must be at least 1ms (a time.Duration, write its unit), got %v", budget)
	}
	if batchSize < 1 {
		return fmt.Errorf("outbox: the batch size must be at least 1, got %d", batchSize)
	}
	return nil
}

// storableError is the error as text PostgreSQL accepts. A broker's error may quote raw bytes, and a
// text column refuses a NUL or bytes that are not UTF-8: the failure UPDATE would then fail, roll
// the whole batch back (its good events are published again next round) and leave the event
// unrecorded, retried at once, forever.
func storableError(err error) string {
	return strings.ToValidUTF8(strings.ReplaceAll(err.Error(), "\x00", "\uFFFD"), "\uFFFD")
}

// Run relays until ctx is cancelled (it then returns ctx.Err()), pausing idle between empty polls.
// A database error is passed to onError (nil: logged) and the relay carries on after a pause. An
// idle pause of 0 or less, which would poll the table in a busy loop, a PublishTimeout or
// BatchBudget under 1 ms, or a BatchSize below 1, is returned as an error before anything is relayed.
func Run(ctx context.Context, db *sql.DB, publish func(context.Context, Event) error, idle time.Duration, onError func(error)) error {
	if idle <= 0 {
		return fmt.Errorf("outbox: the idle pause must be above 0, got %v", idle)
	}
	if err := checkLimits(BatchSize, BatchBudget); err != nil {
		return err // not passed to onError and retried: every batch would fail the same way
	}
	if onError == nil {
		onError = func(err error) { log.Printf("outbox relay batch failed; retrying: %v", err) }
	}
	for ctx.Err() == nil {
		n, err := RelayBatch(ctx, db, publish, BatchSize, BatchBudget)
		if err != nil && ctx.Err() == nil {
			onError(err)
		}
		if err != nil || n == 0 {
			select {
			case <-ctx.Done():
			case <-time.After(idle):
			}
		}
	}
	return ctx.Err()
}
$0
