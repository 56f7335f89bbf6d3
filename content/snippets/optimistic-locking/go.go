package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"time"
)

// ErrConcurrentUpdate means every attempt lost the race to another writer.
var ErrConcurrentUpdate = errors.New("optimistic update: too many concurrent writers")

// ${1:UpdateWithVersion} applies change to one row under optimistic concurrency control and returns
// the value written. The UPDATE matches only while the row keeps the version we read; zero rows
// affected means another writer won, so we re-read and recompute rather than overwrite.
func $1(ctx context.Context, db *sql.DB, id int64, change func(int64) int64, maxAttempts int) (int64, error) {
	// Refused up front: 0 or a negative count would make no attempt at all and still report
	// ErrConcurrentUpdate.
	if maxAttempts < 1 {
		return 0, fmt.Errorf("optimistic update: maxAttempts must be 1 or more, got %d", maxAttempts)
	}
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		var value, version int64
		err := db.QueryRowContext(ctx,
			`SELECT ${2:quantity}, version FROM ${3:items} WHERE id = \$1`, id).Scan(&value, &version)
		if err != nil {
			return 0, fmt.Errorf("read row %d: %w", id, err)
		}
		next := change(value)
		// The version wraps to 1 after 2147483647 (the integer column's largest) instead of
		// failing every later write with "integer out of range" (see the SQL variant).
		res, err := db.ExecContext(ctx,
			`UPDATE $3 SET $2 = \$1, version = version % 2147483647 + 1, updated_at = now() WHERE id = \$2 AND version = \$3`,
			next, id, version)
		if err != nil {
			// 40001 (serialization failure): at REPEATABLE READ or SERIALIZABLE (a
			// default_transaction_isolation of the role, database or connection), an UPDATE that
			// waited for another writer's commit to the row is refused instead of matching 0 rows.
			// Another writer won: retried like a lost version. db runs each statement as a
			// transaction of its own, so the retry reads a fresh snapshot. pgx's and lib/pq's errors
			// both report their SQLSTATE this way.
			var state interface{ SQLState() string }
			if !errors.As(err, &state) || state.SQLState() != "40001" {
				return 0, fmt.Errorf("write row %d: %w", id, err)
			}
		} else if n, err := res.RowsAffected(); err != nil {
			return 0, err
		} else if n == 1 {
			return next, nil
		}
		// Full jitter with a capped exponential ceiling, so colliders spread out. The cap is
		// inline rather than a package-level min, which would clash with a min already in the
		// package (and shadows the builtin min of Go 1.21+).
		shift := attempt
		if shift > 7 {
			shift = 7
		}
		ceiling := time.Duration(2<<shift) * time.Millisecond
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Duration(rand.Int63n(int64(ceiling)))):
		}
	}
	return 0, ErrConcurrentUpdate
}
$0
