package inventory

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// run keeps this run's purchase ids apart from earlier runs' on the shared Redis.
var run = fmt.Sprint(time.Now().UnixNano())

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

// stockedAdmin dials the harness's Redis (closed when the test ends) and sets item's stock to units.
func stockedAdmin(t *testing.T, item string, units int) *RESPConn {
	t.Helper()
	admin, err := DialRESPFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Do("SET", "stock:"+item, units); err != nil {
		t.Fatal(err)
	}
	return admin
}

// concurrently runs n buyers at once, each on a Redis connection of its own, and waits for all.
func concurrently(t *testing.T, n int, buyer func(b int, conn *RESPConn)) {
	var wg sync.WaitGroup
	for b := 0; b < n; b++ {
		b := b
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := DialRESPFromEnv()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			buyer(b, conn)
		}()
	}
	wg.Wait()
}

func TestNoOversell(t *testing.T) {
	admin := stockedAdmin(t, "inventory-go-1", 100)
	ctx := context.Background()
	var mu sync.Mutex
	var sold []int64
	soldOut := 0
	concurrently(t, 16, func(b int, conn *RESPConn) {
		for i := 0; i < 25; i++ {
			left, err := TakeStock(ctx, evalOn(conn), "inventory-go-1", fmt.Sprintf("%s-%d-%d", run, b, i), 1)
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
	})
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
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-2", run+"-big", 5); !errors.Is(err, ErrSoldOut) {
		t.Fatalf("a too-large order: %v, want ErrSoldOut", err)
	}
	if v, _ := admin.Do("GET", "stock:inventory-go-2"); v != "3" {
		t.Fatalf("a refused order took stock: %v", v)
	}
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-2", run+"-zero", 0); err == nil {
		t.Fatal("a zero quantity was accepted")
	}
}

// A purchase carried no id: a retry took its units again. Now 16 copies of one purchase sent at
// once take once and all get its outcome; a later retry too; a refusal is replayed; a reused id
// with another quantity is refused.
func TestRetriedPurchaseTakesOnce(t *testing.T) {
	admin := stockedAdmin(t, "inventory-go-retry", 10)
	ctx := context.Background()
	purchase := run + "-copies"
	var mu sync.Mutex
	var outcomes []int64
	concurrently(t, 16, func(_ int, conn *RESPConn) {
		left, err := TakeStock(ctx, evalOn(conn), "inventory-go-retry", purchase, 4)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		outcomes = append(outcomes, left)
		mu.Unlock()
	})
	for _, left := range outcomes {
		if left != 6 {
			t.Fatalf("outcomes %v, want 16 times 6 (one take)", outcomes)
		}
	}
	if len(outcomes) != 16 {
		t.Fatalf("%d outcomes, want 16", len(outcomes))
	}
	if left, err := TakeStock(ctx, evalOn(admin), "inventory-go-retry", purchase, 4); err != nil || left != 6 {
		t.Fatalf("a later retry: %d, %v; want 6 (the first outcome)", left, err)
	}
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-retry", run+"-refused", 7); !errors.Is(err, ErrSoldOut) {
		t.Fatalf("7 of 6: %v, want ErrSoldOut", err)
	}
	if _, err := admin.Do("INCRBY", "stock:inventory-go-retry", 10); err != nil {
		t.Fatal(err)
	}
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-retry", run+"-refused", 7); !errors.Is(err, ErrSoldOut) {
		t.Fatalf("the refused purchase's retry after a restock: %v, want ErrSoldOut again", err)
	}
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-retry", purchase, 5); err == nil || !strings.Contains(err.Error(), "another quantity") {
		t.Fatalf("a reused id with another quantity: %v", err)
	}
	if _, err := TakeStock(ctx, evalOn(admin), "inventory-go-retry", "", 1); err == nil {
		t.Fatal("an empty purchase id was accepted")
	}
	if v, _ := admin.Do("GET", "stock:inventory-go-retry"); v != "16" {
		t.Fatalf("stock %v, want 16 (10 - 4 + 10)", v)
	}
}
