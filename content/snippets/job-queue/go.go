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
	ID      int64
	Kind    string
	Payload json.RawMessage
	// Attempts is the number of this claim: the token that says this worker still owns the job.
	Attempts    int
	MaxAttempts int
}

// Handler runs one job; it must be idempotent because a job whose worker died or stalled past its
// lease runs again elsewhere. ctx is cancelled when this attempt loses the job, the worker shuts
// down, or the handler runs past HandlerTimeout.
type Handler func(ctx context.Context, job Job) error

// Lease is how long a running job may go without a heartbeat before another worker takes it over.
const Lease = ${2:time.Minute}

// HandlerTimeout is the deadline of one run of a handler. Past it the attempt fails (and retries)
// even if the handler ignores ctx: a hung handler would otherwise hold its worker, and heartbeat,
// forever. (The abandoned goroutine runs on until it returns.)
var HandlerTimeout = ${4:30 * time.Minute}

// outcomeTimeout bounds the writes that record an outcome. They run on a context of their own: the
// worker's ctx may already be cancelled (a shutdown), and the outcome must still be written.
const outcomeTimeout = 10 * time.Second

// jitter draws a retry delay in [0, n). A variable, like HandlerTimeout, so that a test can fix the draw.
var jitter = rand.Int63n

// Every write after the claim matches the attempt that claimed the job: a worker whose lease was
// taken over can neither finish nor fail a job that another worker is now running.
const owned = `id = \$1 AND attempts = \$2 AND status = 'running'`

// ${1:Claim} takes a running job whose worker stopped heartbeating for lease (stranded jobs first),
// else the next due job, or returns nil. Each candidate is a LIMIT 1 walk of its own partial index,
// so a claim stays cheap under any backlog (one query with OR over both kinds would sort every due
// job on every claim). SKIP LOCKED gives concurrent workers different jobs; the claim commits at
// once and the job runs outside any transaction.
func $1(ctx context.Context, db *sql.DB, lease time.Duration) (*Job, error) {
	var j Job
	err := db.QueryRowContext(ctx, `
		UPDATE ${3:jobs} SET status = 'running', attempts = attempts + 1, locked_at = now(), updated_at = now()
		 WHERE id = COALESCE(
		         (SELECT id FROM $3 WHERE status = 'running' AND locked_at < now() - make_interval(secs => \$1)
		           ORDER BY locked_at LIMIT 1 FOR UPDATE SKIP LOCKED),
		         (SELECT id FROM $3 WHERE status = 'queued' AND run_at <= now()
		           ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED))
		RETURNING id, kind, payload, attempts, max_attempts`, lease.Seconds()).Scan(&j.ID, &j.Kind, &j.Payload, &j.Attempts, &j.MaxAttempts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &j, nil
}

// fail retries the job later or, once its attempts are used up, dead-letters it, in one
// statement. It reports false when this attempt no longer owns the job.
func fail(ctx context.Context, db *sql.DB, j *Job, cause error) (bool, error) {
	// Exponential backoff with full jitter, capped at ten minutes.
	ceiling := time.Second << uint(j.Attempts)
	if ceiling > 10*time.Minute || ceiling <= 0 {
		ceiling = 10 * time.Minute
	}
	delay := time.Duration(jitter(int64(ceiling)))
	var status string
	err := db.QueryRowContext(ctx, `
		WITH failed AS (
		  UPDATE $3 SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
		         run_at = now() + make_interval(secs => \$4), locked_at = NULL, last_error = \$3, updated_at = now()
		   WHERE `+owned+`
		  RETURNING id, kind, payload, attempts, status, last_error
		), buried AS (
		  INSERT INTO $3_dead_letter (job_id, kind, payload, attempts, last_error)
		  SELECT id, kind, payload, attempts, last_error FROM failed WHERE status = 'dead'
		  ON CONFLICT (job_id) DO UPDATE
		    SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, failed_at = now()
		)
		SELECT status FROM failed`,
		j.ID, j.Attempts, cause.Error(), delay.Seconds()).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// release hands the job back, due at once, without using up an attempt: the worker is shutting
// down, which is not the job's fault. It reports false when this attempt no longer owns the job.
func release(ctx context.Context, db *sql.DB, j *Job) (bool, error) {
	res, err := db.ExecContext(ctx, `UPDATE $3 SET status = 'queued', attempts = attempts - 1, run_at = now(),
		locked_at = NULL, updated_at = now() WHERE `+owned, j.ID, j.Attempts)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Process runs one claimed job, heartbeating every lease/3 while the handler runs, and records the
// outcome only if this attempt still owns the job. It reports false when the job was taken over.
// When ctx is cancelled (the worker shuts down) and the handler returns an error, the job is
// released without using up an attempt; a handler past HandlerTimeout fails its attempt.
// A lease under 1ms (its heartbeat ticker, lease/3, panics at 0) or a HandlerTimeout of 0 or less
// (every job would fail at once) is refused before the handler runs.
func Process(ctx context.Context, db *sql.DB, handlers map[string]Handler, job *Job, lease time.Duration) (bool, error) {
	if err := checkDeadlines(lease); err != nil {
		return false, err
	}
	out, cancel := context.WithTimeout(context.Background(), outcomeTimeout)
	defer cancel()
	if job.Attempts > job.MaxAttempts {
		// Claimed again after its last attempt's lease expired: it kills or hangs its worker.
		return fail(out, db, job, errors.New("worker lost: its lease expired on every attempt"))
	}
	runCtx, lost := context.WithTimeout(ctx, HandlerTimeout)
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		tick := time.NewTicker(lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-tick.C:
				res, err := db.ExecContext(runCtx, `UPDATE $3 SET locked_at = now() WHERE `+owned, job.ID, job.Attempts)
				if err != nil {
					continue // a missed beat is harmless: the ownership checks decide
				}
				if n, _ := res.RowsAffected(); n == 0 {
					lost() // taken over: tell the handler to stop
					return
				}
			}
		}
	}()
	var err error
	if handler, ok := handlers[job.Kind]; !ok {
		err = fmt.Errorf("no handler for job kind %q", job.Kind)
	} else {
		result := make(chan error, 1)
		go func() { result <- handler(runCtx, *job) }()
		select {
		case err = <-result:
		case <-runCtx.Done():
			if errors.Is(runCtx.Err(), context.DeadlineExceeded) {
				err = fmt.Errorf("handler ran past its %s deadline", HandlerTimeout)
			} else {
				err = <-result // lost or shutting down: the handler was told through ctx
			}
		}
	}
	lost()
	<-beating
	if err != nil && ctx.Err() != nil {
		return release(out, db, job)
	}
	if err != nil {
		return fail(out, db, job, err)
	}
	res, err := db.ExecContext(out, `UPDATE $3 SET status = 'succeeded', locked_at = NULL, updated_at = now() WHERE `+owned,
		job.ID, job.Attempts)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func checkDeadlines(lease time.Duration) error {
	if lease < time.Millisecond {
		return fmt.Errorf("jobs: the lease must be at least 1ms, got %v", lease)
	}
	if HandlerTimeout <= 0 {
		return fmt.Errorf("jobs: HandlerTimeout must be above 0, got %v", HandlerTimeout)
	}
	return nil
}

// Work processes jobs until ctx is cancelled, returning the first database error. An idle pause of
// 0 or less (a busy loop on the table), a Lease under 1ms or a HandlerTimeout of 0 or less is
// returned as an error before anything is claimed.
func Work(ctx context.Context, db *sql.DB, handlers map[string]Handler, idle time.Duration) error {
	if idle <= 0 {
		return fmt.Errorf("jobs: the idle pause must be above 0, got %v", idle)
	}
	if err := checkDeadlines(Lease); err != nil {
		return err
	}
	for ctx.Err() == nil {
		job, err := $1(ctx, db, Lease)
		if err != nil && ctx.Err() == nil {
			return err
		}
		if job == nil {
			select {
			case <-ctx.Done():
			case <-time.After(idle):
			}
			continue
		}
		if _, err := Process(ctx, db, handlers, job, Lease); err != nil && ctx.Err() == nil {
			return err
		}
	}
	return ctx.Err()
}
$0
