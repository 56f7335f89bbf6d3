package batch

import (
	"context"
	"errors"
	"reflect"
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
// unbuffered writer that flushed one item at a time.
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

// Producers still adding while the program shuts down: every Add either returns nil and its item
// is flushed exactly once, or returns ErrClosed. Nothing panics (Add used to send on the closed
// channel), and a second Close is harmless.
func TestAddRacingCloseNeverPanicsAndLosesNothing(t *testing.T) {
	var mu sync.Mutex
	flushed := map[int]int{}
	w := NewWriter[int](func(ctx context.Context, items []int) error {
		mu.Lock()
		defer mu.Unlock()
		for _, v := range items {
			flushed[v]++
		}
		return nil
	}, func(items []int, err error) { t.Errorf("no batch should fail: %v", err) }, 5, time.Millisecond, 3)
	const producers, each = 8, 500
	started := make(chan struct{}, producers)
	accepted := make([][]int, producers)
	panics := make(chan interface{}, producers)
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					panics <- r
				}
			}()
			started <- struct{}{}
			for i := 0; i < each; i++ {
				v := p*each + i
				err := w.Add(context.Background(), v)
				if err == nil {
					accepted[p] = append(accepted[p], v)
					continue
				}
				if !errors.Is(err, ErrClosed) {
					t.Errorf("Add: %v, want ErrClosed", err)
				}
				return
			}
		}(p)
	}
	for p := 0; p < producers; p++ {
		<-started
	}
	w.Close()
	wg.Wait()
	w.Close()
	close(panics)
	for r := range panics {
		t.Fatalf("Add panicked: %v", r)
	}
	if err := w.Add(context.Background(), -1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close: %v, want ErrClosed", err)
	}
	mu.Lock()
	defer mu.Unlock()
	total := 0
	for _, vs := range accepted {
		for _, v := range vs {
			if flushed[v] != 1 {
				t.Fatalf("accepted item %d flushed %d times", v, flushed[v])
			}
		}
		total += len(vs)
	}
	if len(flushed) != total {
		t.Fatalf("%d items flushed, %d accepted", len(flushed), total)
	}
	if total == producers*each {
		t.Log("every Add finished before Close: the race was not exercised this run")
	}
}
