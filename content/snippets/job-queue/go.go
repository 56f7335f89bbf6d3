package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"time"
)

// Job is a claimed row of the jobs table.
type Job struct {
	ID          int64
	Kind        string
	Payload     json.RawMessage
	Attempts    int
	MaxAttempts int
}

// Handler runs one job; it must be idempotent because a job whose worker died runs again.
type Handler func(ctx context.Context, job Job) error

// ${1:Claim} takes the next due job, or returns nil. SKIP LOCKED gives concurrent workers
// different jobs; the claim commits immediately and the job runs outside any transaction.
func $1(ctx context.Context, db *sql.DB) (*Job, error) {
	var j Job
	err := db.QueryRowContext(ctx, `
		UPDATE ${2:jobs} SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()
		 WHERE id = (SELECT id FROM $2 WHERE status = 'queued' AND run_at <= now()
		              ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, kind, payload, attempts, max_attempts`).Scan(&j.ID, &j.Kind, &j.Payload, &j.Attempts, &j.MaxAttempts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &j, nil
}

func fail(ctx context.Context, db *sql.DB, j *Job, cause error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if j.Attempts >= j.MaxAttempts {
		if _, err := tx.ExecContext(ctx,
			`UPDATE $2 SET status = 'dead', last_error = \$2, updated_at = now() WHERE id = \$1`, j.ID, cause.Error()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO $2_dead_letter (job_id, kind, payload, attempts, last_error)
			SELECT id, kind, payload, attempts, last_error FROM $2 WHERE id = \$1`, j.ID); err != nil {
			return err
		}
	} else {
		// Exponential backoff with full jitter, capped at ten minutes.
		ceiling := time.Second << uint(j.Attempts)
		if ceiling > ${3:10*time.Minute} || ceiling <= 0 {
			ceiling = $3
		}
		delay := time.Duration(rand.Int63n(int64(ceiling)))
		if _, err := tx.ExecContext(ctx, `UPDATE $2 SET status = 'queued', locked_at = NULL, last_error = \$2,
			updated_at = now(), run_at = now() + make_interval(secs => \$3) WHERE id = \$1`,
			j.ID, cause.Error(), delay.Seconds()); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Work processes jobs until ctx is cancelled.
func Work(ctx context.Context, db *sql.DB, handlers map[string]Handler, idle time.Duration) error {
	for ctx.Err() == nil {
		job, err := $1(ctx, db)
		if err != nil || job == nil {
			select {
			case <-ctx.Done():
			case <-time.After(idle):
			}
			continue
		}
		handler, ok := handlers[job.Kind]
		if !ok {
			err = fmt.Errorf("no handler for job kind %q", job.Kind)
		} else {
			err = handler(ctx, *job)
		}
		if err != nil {
			if ferr := fail(ctx, db, job, err); ferr != nil {
				return ferr
			}
			continue
		}
		if _, err := db.ExecContext(ctx,
			`UPDATE $2 SET status = 'succeeded', locked_at = NULL, updated_at = now() WHERE id = \$1`, job.ID); err != nil {
			return err
		}
	}
	return ctx.Err()
}
$0
