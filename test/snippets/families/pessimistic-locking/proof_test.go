package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v4/stdlib"
)

func balances(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT balance_cents FROM accounts ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var b int64
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return fmt.Sprint(out)
}

func TestTransfers(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(40)
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for r := 0; r < 10; r++ {
				var err error
				if i%2 == 0 {
					err = Transfer(ctx, db, 1, 2, 100)
				} else {
					err = Transfer(ctx, db, 2, 1, 100)
				}
				if err != nil {
					errs <- err
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("transfer failed (deadlock?): %v", err)
	}
	if got := balances(t, db); got != "[100000 100000 1000]" {
		t.Fatalf("balances %s: money lost or made", got)
	}

	results := make(chan error, 15)
	for i := 0; i < 15; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); results <- Transfer(ctx, db, 3, 1, 100) }()
	}
	wg.Wait()
	close(results)
	ok, short := 0, 0
	for err := range results {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrInsufficientFunds):
			short++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if ok != 10 || short != 5 {
		t.Fatalf("%d succeeded, %d refused; want 10 and 5", ok, short)
	}
	for _, bad := range []int64{-500, 0} {
		if err := Transfer(ctx, db, 1, 3, bad); err == nil {
			t.Fatalf("amount %d accepted", bad)
		}
	}
	if got := balances(t, db); got != "[101000 100000 0]" {
		t.Fatalf("balances %s, want [101000 100000 0]", got)
	}
}
