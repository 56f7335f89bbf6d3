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
