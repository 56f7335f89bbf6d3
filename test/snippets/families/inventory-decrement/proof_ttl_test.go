package inventory

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A purchase TTL Redis would refuse (0, -1, 1.5, 10^11) is refused before the script writes:
// nothing taken, nothing recorded (SET refused it after the DECRBY).
func TestBadPurchaseTTLTakesNothing(t *testing.T) {
	node, err := DialRESPFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	ctx := context.Background()
	sku := fmt.Sprint("inventory-go-ttl-", time.Now().UnixNano())
	stock := "stock:" + sku
	if _, err := node.Do("SET", stock, 5); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []interface{}{0, -1, "1.5", "100000000000"} {
		record := fmt.Sprintf("stock-purchase:{%s}:%v", stock, bad)
		_, err := evalOn(node)(ctx, takeStockScript, []string{stock, record}, 1, bad)
		if err == nil || !strings.Contains(err.Error(), "purchase TTL") {
			t.Fatalf("TTL %v: %v, want the script's refusal", bad, err)
		}
		if v, _ := node.Do("GET", stock); v != "5" {
			t.Fatalf("TTL %v: stock %v, want 5 (nothing taken)", bad, v)
		}
		if v, _ := node.Do("EXISTS", record); fmt.Sprint(v) != "0" {
			t.Fatalf("TTL %v: a record was written (%v)", bad, v)
		}
	}
	if left, err := TakeStock(ctx, evalOn(node), sku, "ok", 1); err != nil || left != 4 {
		t.Fatalf("the shipped TTL: %d, %v; want 4", left, err)
	}
	if _, err := TakeStock(ctx, evalOn(node), sku, "none", 9); !errors.Is(err, ErrSoldOut) {
		t.Fatalf("9 of 4: %v, want ErrSoldOut", err)
	}
	// Every record expires (sale or refusal): none is kept for ever.
	for _, id := range []string{"ok", "none"} {
		v, err := node.Do("TTL", fmt.Sprintf("stock-purchase:{%s}:%s", stock, id))
		ttl, _ := strconv.Atoi(fmt.Sprint(v))
		if err != nil || ttl <= PurchaseTTLSeconds-60 || ttl > PurchaseTTLSeconds {
			t.Fatalf("the %s record's TTL: %v, %v", id, v, err)
		}
	}
}
