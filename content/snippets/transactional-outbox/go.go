package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Event is one row of the outbox table.
type Event struct {
	ID          int64
	AggregateID string
	Type        string
	Payload     json.RawMessage
}

// ${1:Enqueue} records an event inside the caller's transaction, next to the change it describes.
func $1(ctx context.Context, tx *sql.Tx, aggregateID, eventType string, payload interface{}) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO ${2:outbox} (aggregate_id, event_type, payload) VALUES (\$1, \$2, \$3)`,
		aggregateID, eventType, body)
	return err
}

// RelayBatch publishes one batch of unpublished events. FOR UPDATE SKIP LOCKED gives concurrent
// relays disjoint batches; a publish error rolls the batch back for a later retry, so delivery is
// at least once and consumers deduplicate by event ID.
func RelayBatch(ctx context.Context, db *sql.DB, publish func(context.Context, Event) error, batchSize int) (int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()

	rows, err := tx.QueryContext(ctx,
		`SELECT id, aggregate_id, event_type, payload FROM $2
		  WHERE published_at IS NULL ORDER BY id LIMIT \$1 FOR UPDATE SKIP LOCKED`, batchSize)
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
	for _, e := range events {
		if err := publish(ctx, e); err != nil {
			return 0, fmt.Errorf("publish event %d: %w", e.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE $2 SET published_at = now() WHERE id = \$1`, e.ID); err != nil {
			return 0, err
		}
	}
	return len(events), tx.Commit()
}

// Run relays until ctx is cancelled, pausing idle between empty polls.
func Run(ctx context.Context, db *sql.DB, publish func(context.Context, Event) error, idle time.Duration) {
	for ctx.Err() == nil {
		n, err := RelayBatch(ctx, db, publish, ${3:100})
		if err != nil || n == 0 {
			select {
			case <-ctx.Done():
			case <-time.After(idle):
			}
		}
	}
}
$0
