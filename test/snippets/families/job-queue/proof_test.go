package jobs

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
)

func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(20)
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, q string, args ...interface{}) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func enqueue(t *testing.T, db *sql.DB, kind string, maxAttempts int) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(`INSERT INTO jobs (kind, max_attempts) VALUES ($1, $2) RETURNING id`, kind, maxAttempts).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func state(t *testing.T, db *sql.DB, id int64) (string, int) {
	t.Helper()
	var s string
	var a int
	if err := db.QueryRow(`SELECT status, attempts FROM jobs WHERE id = $1`, id).Scan(&s, &a); err != nil {
		t.Fatal(err)
	}
	return s, a
}

func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 1200; i++ {
		if cond() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s", what)
}

func TestWorkersRunEachJobOnceAndDeadLetterPoison(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE jobs, jobs_dead_letter`)
	// Retries are due at once so the proof does not wait on the backoff.
	exec(t, db, `CREATE OR REPLACE FUNCTION no_backoff() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.status = 'queued' THEN NEW.run_at := now(); END IF; RETURN NEW; END $$`)
	exec(t, db, `CREATE TRIGGER no_backoff BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION no_backoff()`)
	defer exec(t, db, `DROP TRIGGER no_backoff ON jobs`)
	var want []int64
	for i := 0; i < 120; i++ {
		want = append(want, enqueue(t, db, "work", 5))
	}
	poison := enqueue(t, db, "poison", 3)
	var mu sync.Mutex
	var got []int64
	poisonRuns := 0
	handlers := map[string]Handler{
		"work": func(ctx context.Context, j Job) error {
			mu.Lock()
			got = append(got, j.ID)
			mu.Unlock()
			return nil
		},
		"poison": func(ctx context.Context, j Job) error {
			mu.Lock()
			poisonRuns++
			mu.Unlock()
			return errors.New("always fails")
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := Work(ctx, db, handlers, 20*time.Millisecond); err != nil && !errors.Is(err, context.Canceled) {
				errs <- err
			}
		}()
	}
	until(t, "every job finished", func() bool {
		var n int
		_ = db.QueryRow(`SELECT count(*) FROM jobs WHERE status NOT IN ('succeeded', 'dead')`).Scan(&n)
		return n == 0
	})
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	if len(got) != len(want) {
		t.Fatalf("processed %d jobs, want %d each once", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("processed %v, want each of %v once", got, want)
		}
	}
	if poisonRuns != 3 {
		t.Fatalf("poison ran %d times, want max_attempts = 3", poisonRuns)
	}
	var deadID int64
	var attempts int
	var lastErr string
	if err := db.QueryRow(`SELECT job_id, attempts, last_error FROM jobs_dead_letter`).Scan(&deadID, &attempts, &lastErr); err != nil {
		t.Fatal(err)
	}
	if deadID != poison || attempts != 3 || !strings.Contains(lastErr, "always fails") {
		t.Fatalf("dead letter %d/%d/%q", deadID, attempts, lastErr)
	}
}

func TestStalledWorkerCannotFinishOrFailATakenOverJob(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	id := enqueue(t, db, "slow", 5)
	gates := []chan struct{}{make(chan struct{}), make(chan struct{}), make(chan struct{})}
	fails := []bool{false, true, false}
	var mu sync.Mutex
	var runs []int
	handlers := map[string]Handler{"slow": func(ctx context.Context, j Job) error {
		mu.Lock()
		runs = append(runs, j.Attempts)
		mu.Unlock()
		<-gates[j.Attempts-1]
		if fails[j.Attempts-1] {
			return errors.New("attempt failed")
		}
		return nil
	}}
	nruns := func() int { mu.Lock(); defer mu.Unlock(); return len(runs) }
	type result struct {
		ok  bool
		err error
	}
	a, err := Claim(ctx, db, time.Minute)
	if err != nil || a == nil || a.ID != id || a.Attempts != 1 {
		t.Fatalf("claim A: %+v %v", a, err)
	}
	aDone := make(chan result, 1)
	go func() { ok, err := Process(ctx, db, handlers, a, time.Minute); aDone <- result{ok, err} }()
	until(t, "A runs", func() bool { return nruns() == 1 })
	if j, _ := Claim(ctx, db, time.Minute); j != nil {
		t.Fatalf("a live lease was taken over: %+v", j)
	}
	exec(t, db, `UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = $1`, id)
	b, err := Claim(ctx, db, time.Minute)
	if err != nil || b == nil || b.ID != id || b.Attempts != 2 {
		t.Fatalf("claim B after the lease expired: %+v %v", b, err)
	}
	bDone := make(chan result, 1)
	go func() { ok, err := Process(ctx, db, handlers, b, time.Minute); bDone <- result{ok, err} }()
	until(t, "B runs", func() bool { return nruns() == 2 })
	close(gates[0])
	if r := <-aDone; r.err != nil || r.ok {
		t.Fatalf("A's late success: %+v, want refused", r)
	}
	if s, n := state(t, db, id); s != "running" || n != 2 {
		t.Fatalf("after A's late success: %s/%d, want running/2", s, n)
	}
	close(gates[1])
	if r := <-bDone; r.err != nil || !r.ok {
		t.Fatalf("B's failure: %+v", r)
	}
	if s, n := state(t, db, id); s != "queued" || n != 2 {
		t.Fatalf("after B's failure: %s/%d, want queued/2", s, n)
	}
	exec(t, db, `UPDATE jobs SET run_at = now() WHERE id = $1`, id)
	c, err := Claim(ctx, db, time.Minute)
	if err != nil || c == nil || c.Attempts != 3 {
		t.Fatalf("claim C: %+v %v", c, err)
	}
	close(gates[2])
	if ok, err := Process(ctx, db, handlers, c, time.Minute); err != nil || !ok {
		t.Fatalf("C: %v %v", ok, err)
	}
	if s, n := state(t, db, id); s != "succeeded" || n != 3 {
		t.Fatalf("after C: %s/%d", s, n)
	}
}

func TestHeartbeatsKeepALongJob(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	id := enqueue(t, db, "long", 5)
	lease := 1500 * time.Millisecond
	release := make(chan struct{})
	started := make(chan struct{})
	a, err := Claim(ctx, db, lease)
	if err != nil || a == nil || a.ID != id {
		t.Fatalf("claim: %+v %v", a, err)
	}
	done := make(chan bool, 1)
	go func() {
		ok, _ := Process(ctx, db, map[string]Handler{"long": func(ctx context.Context, j Job) error {
			close(started)
			<-release
			return nil
		}}, a, lease)
		done <- ok
	}()
	<-started
	lockedAt := func() time.Time {
		var ts time.Time
		if err := db.QueryRow(`SELECT locked_at FROM jobs WHERE id = $1`, id).Scan(&ts); err != nil {
			t.Fatal(err)
		}
		return ts
	}
	last := lockedAt()
	for beat := 0; beat < 4; beat++ {
		until(t, "a heartbeat", func() bool { return !lockedAt().Equal(last) })
		last = lockedAt()
		if j, _ := Claim(ctx, db, lease); j != nil {
			t.Fatalf("a heartbeating job was taken over: %+v", j)
		}
	}
	close(release)
	if !<-done {
		t.Fatal("the long job did not complete")
	}
	if s, n := state(t, db, id); s != "succeeded" || n != 1 {
		t.Fatalf("%s/%d, want succeeded/1", s, n)
	}
}

func TestCrashLoopIsDeadLettered(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	id := enqueue(t, db, "crashes", 2)
	for attempt := 1; attempt <= 2; attempt++ {
		j, err := Claim(ctx, db, time.Minute)
		if err != nil || j == nil || j.ID != id || j.Attempts != attempt {
			t.Fatalf("claim %d: %+v %v", attempt, j, err)
		}
		exec(t, db, `UPDATE jobs SET locked_at = now() - interval '1 hour' WHERE id = $1`, id)
	}
	runs := 0
	j, err := Claim(ctx, db, time.Minute)
	if err != nil || j == nil {
		t.Fatalf("claim 3: %+v %v", j, err)
	}
	if _, err := Process(ctx, db, map[string]Handler{"crashes": func(ctx context.Context, j Job) error { runs++; return nil }}, j, time.Minute); err != nil {
		t.Fatal(err)
	}
	if runs != 0 {
		t.Fatal("the handler ran past max_attempts")
	}
	if s, _ := state(t, db, id); s != "dead" {
		t.Fatalf("status %s, want dead", s)
	}
	var lastErr string
	if err := db.QueryRow(`SELECT last_error FROM jobs_dead_letter WHERE job_id = $1`, id).Scan(&lastErr); err != nil || !strings.Contains(lastErr, "lease expired") {
		t.Fatalf("dead letter: %q %v", lastErr, err)
	}
}

func TestShutdownReleasesTheJobWithoutUsingAnAttempt(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE jobs, jobs_dead_letter`)
	id := enqueue(t, db, "long", 1)
	job, err := Claim(context.Background(), db, Lease)
	if err != nil || job == nil || job.ID != id {
		t.Fatalf("claim: %v %v", job, err)
	}
	ctx, shutdown := context.WithCancel(context.Background())
	started := make(chan struct{})
	done := make(chan bool, 1)
	go func() {
		ok, err := Process(ctx, db, map[string]Handler{"long": func(ctx context.Context, _ Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}}, job, Lease)
		if err != nil {
			t.Errorf("process: %v", err)
		}
		done <- ok
	}()
	<-started
	shutdown() // a deploy stops the worker mid-job
	if ok := <-done; !ok {
		t.Fatal("the release was not recorded")
	}
	if s, a := state(t, db, id); s != "queued" || a != 0 {
		t.Fatalf("after shutdown: %s %d, want queued 0 (its only attempt unused)", s, a)
	}
	again, err := Claim(context.Background(), db, Lease)
	if err != nil || again == nil || again.ID != id || again.Attempts != 1 {
		t.Fatalf("due at once for the next worker: %v %v", again, err)
	}
}

func TestHandlerPastItsDeadlineFailsItsAttempt(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE jobs, jobs_dead_letter`)
	id := enqueue(t, db, "hangs", 5)
	job, err := Claim(context.Background(), db, Lease)
	if err != nil || job == nil {
		t.Fatalf("claim: %v %v", job, err)
	}
	saved := HandlerTimeout
	HandlerTimeout = 100 * time.Millisecond
	defer func() { HandlerTimeout = saved }()
	hung := make(chan struct{})
	defer close(hung)
	done := make(chan bool, 1)
	go func() {
		ok, _ := Process(context.Background(), db, map[string]Handler{"hangs": func(context.Context, Job) error {
			<-hung // ignores ctx
			return nil
		}}, job, Lease)
		done <- ok
	}()
	select {
	case ok := <-done:
		if !ok {
			t.Fatal("the failure was not recorded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Process still waits on the hung handler")
	}
	var lastErr string
	if err := db.QueryRow(`SELECT last_error FROM jobs WHERE id = $1`, id).Scan(&lastErr); err != nil {
		t.Fatal(err)
	}
	if s, a := state(t, db, id); s != "queued" || a != 1 || !strings.Contains(lastErr, "deadline") {
		t.Fatalf("after the deadline: %s %d %q, want queued 1 and a deadline error", s, a, lastErr)
	}
}

// The retry delay, read exactly: for attempts 1 to 30 and four fixed draws, the delay is the draw
// from [0, ceiling) with ceiling 2^attempt s (2 s, 4 s, ... 512 s), capped at ten minutes from the
// 10th attempt on (2^10 s is past it). The failure sets updated_at = now() and run_at = now() +
// delay in one statement, so run_at - updated_at is the delay as computed (to the microsecond an
// interval holds). A missing cap, missing jitter, another base or an attempt off by one each give
// another delay at some attempt.
func TestRetryDelayIsExactJitterUnderCappedCeiling(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	saved := jitter
	defer func() { jitter = saved }()
	var asked []int64
	var pick func(n int64) int64
	jitter = func(n int64) int64 {
		asked = append(asked, n)
		return pick(n)
	}
	draws := []struct {
		name string
		pick func(n int64) int64
	}{
		{"the largest draw", func(n int64) int64 { return n - 1 }},
		{"half", func(n int64) int64 { return n / 2 }},
		{"a quarter", func(n int64) int64 { return n / 4 }},
		{"zero", func(n int64) int64 { return 0 }},
	}
	failing := map[string]Handler{"flaky": func(ctx context.Context, j Job) error { return errors.New("still down") }}
	id := enqueue(t, db, "flaky", 100)
	for _, d := range draws {
		pick = d.pick
		for attempt := 1; attempt <= 30; attempt++ {
			exec(t, db, `UPDATE jobs SET status = 'running', attempts = $2, locked_at = now() WHERE id = $1`, id, attempt)
			j := &Job{ID: id, Kind: "flaky", Payload: []byte(`{}`), Attempts: attempt, MaxAttempts: 100}
			asked = nil
			if ok, err := Process(ctx, db, failing, j, time.Minute); err != nil || !ok {
				t.Fatalf("attempt %d: the failure is recorded: %v %v", attempt, ok, err)
			}
			ceiling := 10 * time.Minute
			if attempt <= 9 {
				ceiling = time.Second << uint(attempt)
			}
			if len(asked) != 1 || asked[0] != int64(ceiling) {
				t.Fatalf("attempt %d: drew from %v, want one draw from [0, %v)", attempt, asked, ceiling)
			}
			var status string
			var micros int64
			if err := db.QueryRow(`SELECT status, (EXTRACT(EPOCH FROM run_at - updated_at) * 1000000)::bigint FROM jobs WHERE id = $1`, id).Scan(&status, &micros); err != nil {
				t.Fatal(err)
			}
			want := time.Duration(d.pick(int64(ceiling))).Microseconds()
			if status != "queued" || micros < want-1 || micros > want+1 {
				t.Fatalf("attempt %d, %s: %s, delay %d µs, want queued, %d µs (ceiling %v)", attempt, d.name, status, micros, want, ceiling)
			}
		}
	}
}

// An idle pause of 0 or less would poll the table in a busy loop, and a lease under 1ms panics the
// heartbeat's ticker (lease/3) or is taken over at once; a HandlerTimeout of 0 or less fails every
// job at once. Work refuses them before claiming anything, Process before running the handler.
// Should the worker run anyway, the handler stops it, so the test fails instead of spinning.
func TestPausesAndDeadlinesThatWouldSpinAreRefused(t *testing.T) {
	db := open(t)
	exec(t, db, `TRUNCATE jobs, jobs_dead_letter`)
	id := enqueue(t, db, "k", 5)
	for _, idle := range []time.Duration{0, -time.Second} {
		ctx, cancel := context.WithCancel(context.Background())
		err := Work(ctx, db, map[string]Handler{"k": func(context.Context, Job) error { cancel(); return nil }}, idle)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "idle pause must be above 0") {
			t.Fatalf("Work with idle %v: %v, want the idle pause refused", idle, err)
		}
		if s, a := state(t, db, id); s != "queued" || a != 0 {
			t.Fatalf("Work with idle %v touched the job: %s %d", idle, s, a)
		}
	}
	saved := HandlerTimeout
	defer func() { HandlerTimeout = saved }()
	for _, timeout := range []time.Duration{0, -time.Second} {
		HandlerTimeout = timeout
		ctx, cancel := context.WithCancel(context.Background())
		err := Work(ctx, db, map[string]Handler{"k": func(context.Context, Job) error { cancel(); return nil }}, time.Second)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "HandlerTimeout must be above 0") {
			t.Fatalf("Work with HandlerTimeout %v: %v, want it refused", timeout, err)
		}
		if s, a := state(t, db, id); s != "queued" || a != 0 {
			t.Fatalf("Work with HandlerTimeout %v touched the job: %s %d", timeout, s, a)
		}
	}
	HandlerTimeout = saved
	job, err := Claim(context.Background(), db, Lease)
	if err != nil || job == nil || job.ID != id {
		t.Fatalf("claim: %v %v", job, err)
	}
	ran := 0
	for _, lease := range []time.Duration{0, -time.Second, 2 * time.Nanosecond, time.Millisecond - 1} {
		ok, err := Process(context.Background(), db, map[string]Handler{"k": func(context.Context, Job) error { ran++; return nil }}, job, lease)
		if ok || err == nil || !strings.Contains(err.Error(), "lease must be at least 1ms") {
			t.Fatalf("Process with lease %v: %v %v, want the lease refused", lease, ok, err)
		}
	}
	if s, a := state(t, db, id); ran != 0 || s != "running" || a != 1 {
		t.Fatalf("a refused Process ran the handler %d times or recorded an outcome: %s %d", ran, s, a)
	}
	if ok, err := Process(context.Background(), db, map[string]Handler{"k": func(context.Context, Job) error { ran++; return nil }}, job, time.Millisecond); !ok || err != nil || ran != 1 {
		t.Fatalf("a 1ms lease: %v %v (ran %d)", ok, err, ran)
	}
}
