package inventory

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// On a one-node Redis Cluster (all slots on it, so one connection reaches every key) TakeStock
// runs: its two keys share a slot (without that the script fails with CROSSSLOT); a retry takes
// nothing; one id on two SKUs is a purchase of each.
func TestTakeStockOnACluster(t *testing.T) {
	node, err := DialRESPFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	ctx := context.Background()
	tag := fmt.Sprint(time.Now().UnixNano())
	skus := []string{"inventory-go-cluster-" + tag + "-0", "inventory-go-cluster-" + tag + "-1", "inventory-go-cluster-" + tag + "-2"}
	for _, sku := range skus {
		if _, err := node.Do("SET", "stock:"+sku, 5); err != nil {
			t.Fatal(err)
		}
	}
	for n, sku := range skus {
		for attempt := 0; attempt < 2; attempt++ {
			if left, err := TakeStock(ctx, evalOn(node), sku, fmt.Sprintf("%s-p%d", tag, n), 2); err != nil || left != 3 {
				t.Fatalf("%s, attempt %d: %d, %v; want 3 (one take)", sku, attempt, left, err)
			}
		}
	}
	for attempt := 0; attempt < 2; attempt++ {
		for _, sku := range skus[:2] {
			if left, err := TakeStock(ctx, evalOn(node), sku, tag+"-order", 1); err != nil || left != 2 {
				t.Fatalf("one order id on %s, attempt %d: %d, %v; want 2 (one take of each SKU)", sku, attempt, left, err)
			}
		}
	}
	for i, want := range []string{"2", "2", "3"} {
		if v, _ := node.Do("GET", "stock:"+skus[i]); v != want {
			t.Fatalf("stock of %s: %v, want %s", skus[i], v, want)
		}
	}
}
