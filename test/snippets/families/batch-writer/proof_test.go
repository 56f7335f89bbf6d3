package batch

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBoundedUnderSlowFlushAndOrdered(t *testing.T) {
	const maxBatch = 50
	var completed int64
	var mu sync.Mutex
	var got []int
	w := NewWriter[int](func(ctx context.Context, items []int) error {
		time.Sleep(time.Millisecond) // the database is slower than the producer
		mu.Lock()
		got = append(got, items...)
		mu.Unlock()
		atomic.AddInt64(&completed, int64(len(items)))
		return nil
	}, func([]int, error) { t.Error("no batch should fail") }, maxBatch, 20*time.Millisecond, 3)
	// Unflushed items can be at most the channel (10 x maxBatch) plus the batch being built or flushed.
	limit := int64(11 * maxBatch)
	maxOutstanding := int64(0)
	for i := 0; i < 10_000; i++ {
		if err := w.Add(context.Background(), i); err != nil {
			t.Fatal(err)
		}
		outstanding := int64(i+1) - atomic.LoadInt64(&completed)
		if outstanding > maxOutstanding {
			maxOutstanding = outstanding
		}
		if outstanding > limit {
			t.Fatalf("%d items accepted but not flushed (limit %d)", outstanding, limit)
		}
	}
	w.Close()
	if maxOutstanding < 10*maxBatch {
		t.Fatalf("backpressure never engaged: max outstanding %d", maxOutstanding)
	}
	if len(got) != 10_000 {
		t.Fatalf("%d items flushed, want 10000", len(got))
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("item %d is %d: out of order or duplicated", i, v)
		}
	}
}

func TestRetriesThenDeadLetter(t *testing.T) {
	var mu sync.Mutex
	var got []int
	var dead [][]int
	transient := 2
	w := NewWriter[int](func(ctx context.Context, items []int) error {
		mu.Lock()
		defer mu.Unlock()
		for _, v := range items {
			if v == 15 && transient > 0 {
				transient--
				return errors.New("connection reset")
			}
			if v < 0 {
				return errors.New("violates check constraint")
			}
		}
		got = append(got, items...)
		return nil
	}, func(items []int, err error) {
		mu.Lock()
		defer mu.Unlock()
		dead = append(dead, append([]int(nil), items...))
	}, 10, 10*time.Millisecond, 3)
	for i := 0; i < 50; i++ {
		v := i
		if i == 25 {
			v = -1
		}
		if err := w.Add(context.Background(), v); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	want := []int{}
	for i := 0; i < 50; i++ {
		if i < 20 || i >= 30 {
			want = append(want, i)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("landed %v, want %v", got, want)
	}
	if len(dead) != 1 || len(dead[0]) != 10 || dead[0][5] != -1 {
		t.Fatalf("dead letters %v, want the one batch holding -1", dead)
	}
}

// NewWriter refuses at once what used to fail later: a nil onFailed crashed the program (a nil
// function called on the flushing goroutine) at the first lost batch; a maxBatch of 0 gave an
// unbuffered writer that flushed one item at a time; a maxAttempts of 0 or less silently made one
// attempt (the TypeScript variant refuses it too).
func TestNewWriterRefusesNilFunctionsAndMaxBatchBelowOne(t *testing.T) {
	flush := func(context.Context, []int) error { return nil }
	onFailed := func([]int, error) {}
	cases := map[string]func(){
		"nil onFailed": func() { NewWriter[int](flush, nil, 10, time.Millisecond, 3) },
		"nil flush":    func() { NewWriter[int](nil, onFailed, 10, time.Millisecond, 3) },
		"maxBatch 0":   func() { NewWriter[int](flush, onFailed, 0, time.Millisecond, 3) },
		"maxBatch -1":  func() { NewWriter[int](flush, onFailed, -1, time.Millisecond, 3) },
	}
	for name, make := range cases {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: NewWriter did not panic", name)
				}
			}()
			make()
		}()
	}
	NewWriter[int](flush, onFailed, 1, time.Millisecond, 3).Close()
}

// A maxWait of 0 or less, or one typed without its unit (50 is 50 ns), fired the timer at once, so
// the writer hardly batched; under 1 ms it is refused with a panic that names it, before any
// goroutine starts. 1 ms is kept.
func TestNewWriterRefusesMaxWaitUnderAMillisecond(t *testing.T) {
	flush := func(context.Context, []int) error { return nil }
	onFailed := func([]int, error) {}
	for _, d := range []time.Duration{0, -1, -time.Second, 1, 50, time.Millisecond - 1} {
		func() {
			defer func() {
				r := recover()
				if r == nil {
					t.Errorf("maxWait %v: NewWriter did not panic", d)
				} else if !strings.Contains(fmt.Sprint(r), "maxWait") {
					t.Errorf("maxWait %v: panic %q does not name maxWait", d, r)
				}
			}()
			NewWriter[int](flush, onFailed, 10, d, 3).Close()
		}()
	}
	NewWriter[int](flush, onFailed, 10, time.Millisecond, 3).Close()
}

// A maxAttempts below 1 is refused with a panic that names it, before any goroutine starts; 1 is
// kept and means one attempt, then onFailed.
func TestNewWriterRefusesMaxAttemptsBelowOne(t *testing.T) {
	flush := func(context.Context, []int) error { return nil }
	onFailed := func([]int, error) {}
	for _, n := range []int{0, -1, -1 << 31} {
		func() {
			defer func() {
				r := recover()
				if r == nil {
					t.Errorf("maxAttempts %d: NewWriter did not panic", n)
				} else if !strings.Contains(fmt.Sprint(r), "maxAttempts") {
					t.Errorf("maxAttempts %d: panic %q does not name maxAttempts", n, r)
				}
			}()
			NewWriter[int](flush, onFailed, 10, time.Millisecond, n).Close()
		}()
	}
	attempts := 0
	var dead [][]int
	w := NewWriter[int](func(context.Context, []int) error {
		attempts++
		return errors.New("down")
	}, func(items []int, err error) { dead = append(dead, items) }, 1, time.Millisecond, 1)
	if err := w.Add(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if attempts != 1 || len(dead) != 1 || !reflect.DeepEqual(dead[0], []int{7}) {
		t.Fatalf("maxAttempts 1: %d attempts, dead letters %v; want 1 attempt, then [[7]]", attempts, dead)
	}
}

// parked waits (bounded) until a goroutine whose stack holds marker is blocked (not running), so
// the test knows where each goroutine stands without sleeping.
func parked(t *testing.T, marker string) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for i := 0; i < 5000; i++ {
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			if strings.Contains(g, marker) && !strings.Contains(g, "[running]") && !strings.Contains(g, "[runnable]") {
				return
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("no goroutine blocked in %s", marker)
}

func blockedAdder(w *Writer[int], v int, result chan<- error) {
	result <- w.Add(context.Background(), v)
}

func closeInBackground(w *Writer[int], closed chan<- struct{}) {
	w.Close()
	close(closed)
}

// Close while the flush is stalled, the buffer is full and one Add waits for room. An Add made
// after that with a short deadline must return (ctx's error or ErrClosed) while the flush is still
// stalled: it used to block behind Close on the writer's lock, out of its ctx's reach, until the
// flush was released. The waiting Add's item is flushed or reported (ErrClosed), never lost; flush
// itself may call Add while Close waits (ErrClosed, no deadlock); Close twice is harmless and Add
// after Close returns ErrClosed without panicking.
func TestCloseWithStalledFlushDoesNotBlockLaterAdds(t *testing.T) {
	release := make(chan struct{})
	stalled := make(chan struct{})
	var mu sync.Mutex
	flushed := map[int]int{}
	var addInFlush error = errors.New("flush never called Add")
	first := true
	var w *Writer[int]
	w = NewWriter[int](func(ctx context.Context, items []int) error {
		mu.Lock()
		stall := first
		first = false
		mu.Unlock()
		if stall {
			close(stalled)
			<-release
			err := w.Add(context.Background(), -99) // Close is waiting by now
			mu.Lock()
			addInFlush = err
			mu.Unlock()
		}
		mu.Lock()
		defer mu.Unlock()
		for _, v := range items {
			flushed[v]++
		}
		return nil
	}, func(items []int, err error) { t.Errorf("no batch should fail: %v", err) }, 1, time.Hour, 1)
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	if err := w.Add(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	<-stalled // item 0 is in the stalled flush
	for v := 1; v <= cap(w.items); v++ {
		if err := w.Add(context.Background(), v); err != nil {
			t.Fatal(err)
		}
	}
	blocked := make(chan error, 1)
	go blockedAdder(w, 1000, blocked)
	parked(t, "blockedAdder(")
	closed := make(chan struct{})
	go closeInBackground(w, closed)
	parked(t, "closeInBackground(")

	late := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		late <- w.Add(ctx, 2000)
	}()
	select {
	case err := <-late:
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrClosed) {
			t.Fatalf("Add after Close: %v, want ctx's error or ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("an Add with a 100 ms deadline was still blocked 10 s later, behind the stalled flush")
	}
	close(release)
	released = true
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return after the flush was released")
	}
	blockedErr := <-blocked
	w.Close()
	if err := w.Add(context.Background(), -1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close: %v, want ErrClosed", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !errors.Is(addInFlush, ErrClosed) {
		t.Fatalf("Add from flush while Close waits: %v, want ErrClosed", addInFlush)
	}
	for v := 0; v <= cap(w.items); v++ {
		if flushed[v] != 1 {
			t.Fatalf("accepted item %d flushed %d times", v, flushed[v])
		}
	}
	switch {
	case blockedErr == nil && flushed[1000] != 1:
		t.Fatalf("the waiting Add returned nil but its item was flushed %d times", flushed[1000])
	case blockedErr != nil && !errors.Is(blockedErr, ErrClosed):
		t.Fatalf("the waiting Add: %v, want nil or ErrClosed", blockedErr)
	case blockedErr != nil && flushed[1000] != 0:
		t.Fatal("the waiting Add returned ErrClosed but its item was flushed")
	}
	if flushed[2000] != 0 || flushed[-99] != 0 || flushed[-1] != 0 {
		t.Fatalf("an item refused by Add was flushed: %v", flushed)
	}
	t.Logf("the Add waiting for room when Close ran returned %v", blockedErr)
}
