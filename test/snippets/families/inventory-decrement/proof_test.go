package inventory

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
)

// evalOn adapts the harness's RESP connection to the snippet's ScriptRunner.
func evalOn(c *RESPConn) ScriptRunner {
	return func(ctx context.Context, script string, keys []string, args ...interface{}) (interface{}, error) {
		cmd := []interface{}{"EVAL", script, len(keys)}
		for _, k := range keys {
			cmd = append(cmd, k)
		}
		return c.Do(append(cmd, args...)...)
	}
}

func TestNoOversell(t *testing.T) {
	admin, err := DialRESPFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Do("SET", "stock:inventory-go-1", 100); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var mu sync.Mutex
	var sold []int64
	soldOut := 0
	var wg sync.WaitGroup
	for b := 0; b < 16; b++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := DialRESPFromEnv()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			for i := 0; i < 25; i++ {
				left, err := TakeStock(ctx, evalOn(conn), "inventory-go-1", 1)
				mu.Lock()
				switch {
				case errors.Is(err, ErrSoldOut):
					soldOut++
				case err != nil:
					t.Error(err)
				default:
					sold = append(sold, left)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(sold) != 100 || soldOut != 300 {
		t.Fatalf("sold %d, refused %d; want 100 and 300", len(sold), soldOut)
	}
	sort.Slice(sold, func(i, j int) bool { return sold[i] < sold[j] })
	for i, v := range sold {
		if v != int64(i) {
			t.Fatalf("stock left after each sale %v: a unit was sold twice", sold)
		}
	}
	if v, _ := admin.Do("GET", "stock:inventory-go-1"); v != "0" {
		t.Fatalf("stock %v, want 0", v)
	}
	if _, err := admin.Do("SET", "stock:inventory-go-2", 3); err != nil {
		t.Fatal(err)
	}
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-2", 5); !errors.Is(err, ErrSoldOut) {
		t.Fatalf("a too-large order: %v, want ErrSoldOut", err)
	}
	if v, _ := admin.Do("GET", "stock:inventory-go-2"); v != "3" {
		t.Fatalf("a refused order took stock: %v", v)
	}
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-2", 0); err == nil {
		t.Fatal("a zero quantity was accepted")
	}
}
