package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
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

// panicOnUpdate makes the wrapped driver panic at the next UPDATE, inside Transfer's transaction
// after both rows are locked: the stand-in for any panic in code run inside the transaction.
var panicOnUpdate atomic.Bool

type panickyDriver struct{ inner driver.Driver }

func (d panickyDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return panickyConn{c}, nil
}

type panickyConn struct{ driver.Conn }

func (c panickyConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c panickyConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c panickyConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if strings.HasPrefix(q, "UPDATE") && panicOnUpdate.CompareAndSwap(true, false) {
		panic("boom inside the transaction")
	}
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

// A panic inside the transaction must roll it back: otherwise the transaction stays open on a
// connection nobody returns, holding both row locks, and the next transfer of either account
// waits for ever. Another session takes the row lock with NOWAIT, so a lock still held fails at
// once (55P03) instead of waiting.
func TestPanicInsideTransactionReleasesTheLocks(t *testing.T) {
	plain, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	sql.Register("pgx-panicky", panickyDriver{plain.Driver()})
	db, err := sql.Open("pgx-panicky", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	before := balances(t, plain)

	panicOnUpdate.Store(true)
	recovered := func() (r interface{}) {
		defer func() { r = recover() }()
		_ = Transfer(ctx, db, 1, 2, 100)
		return nil
	}()
	if recovered == nil {
		t.Fatal("the injected panic did not happen: this test shows nothing")
	}

	other, err := plain.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Rollback() }()
	for _, id := range []int64{1, 2} {
		var got int64
		if err := other.QueryRowContext(ctx, `SELECT id FROM accounts WHERE id = $1 FOR UPDATE NOWAIT`, id).Scan(&got); err != nil {
			t.Fatalf("after the panic, row %d is still locked by the abandoned transaction: %v", id, err)
		}
	}
	if err := other.Rollback(); err != nil {
		t.Fatal(err)
	}
	var inUse int
	if inUse = db.Stats().InUse; inUse != 0 {
		t.Fatalf("%d connection(s) still checked out after the panic", inUse)
	}
	if got := balances(t, plain); got != before {
		t.Fatalf("balances %s after the panic, want %s unchanged", got, before)
	}
	// And the accounts are usable again through the same pool.
	if err := Transfer(ctx, db, 1, 2, 100); err != nil {
		t.Fatalf("transfer after the panic: %v", err)
	}
	if err := Transfer(ctx, db, 2, 1, 100); err != nil {
		t.Fatalf("transfer after the panic: %v", err)
	}
}

// An error inside the transaction after the first row is locked (the second account does not
// exist, so its SELECT finds no row) must roll it back too: the first row's lock and the
// connection are free at once.
func TestErrorAfterTheFirstLockReleasesIt(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := Transfer(ctx, db, 1, 999, 100); err == nil || !strings.Contains(err.Error(), "999 does not exist") {
		t.Fatalf("transfer to a missing account: %v, want its does-not-exist error", err)
	}
	if inUse := db.Stats().InUse; inUse != 0 {
		t.Fatalf("%d connection(s) still checked out after the failed transfer", inUse)
	}
	other, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Rollback() }()
	var got int64
	if err := other.QueryRowContext(ctx, `SELECT id FROM accounts WHERE id = 1 FOR UPDATE NOWAIT`).Scan(&got); err != nil {
		t.Fatalf("after the failed transfer, row 1 is still locked by its transaction: %v", err)
	}
}
