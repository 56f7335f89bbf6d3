package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrInsufficientFunds is returned when the source account cannot cover the transfer.
var ErrInsufficientFunds = errors.New("insufficient funds")

// ${1:Transfer} moves money between two accounts inside one transaction holding row locks on both.
// The lower id is always locked first, whichever way the money moves, so concurrent opposite
// transfers queue instead of deadlocking.
func $1(ctx context.Context, db *sql.DB, fromID, toID, amountCents int64) (err error) {
	if fromID == toID {
		return errors.New("cannot transfer to the same account")
	}
	// A negative amount would move money the other way: from the account that did not ask.
	if amountCents <= 0 {
		return fmt.Errorf("amount must be positive, got %d", amountCents)
	}
	first, second := fromID, toID
	if second < first {
		first, second = second, first
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	// Rollback on every path, a panic included: a transaction left open would keep its connection
	// and both row locks, and every later transfer of these accounts would queue behind it. After
	// Commit this Rollback does nothing (it returns sql.ErrTxDone, which is ignored).
	defer func() { _ = tx.Rollback() }()

	balances := make(map[int64]int64, 2)
	for _, id := range []int64{first, second} { // the consistent lock order
		var balance int64
		err = tx.QueryRowContext(ctx, `SELECT balance_cents FROM ${2:accounts} WHERE id = \$1 FOR UPDATE`, id).Scan(&balance)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("account %d does not exist", id)
		}
		if err != nil {
			return err
		}
		balances[id] = balance
	}
	// Safe to check then act: nobody else can change these rows until we commit.
	if balances[fromID] < amountCents {
		return ErrInsufficientFunds
	}
	if _, err = tx.ExecContext(ctx, `UPDATE $2 SET balance_cents = balance_cents - \$1 WHERE id = \$2`, amountCents, fromID); err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, `UPDATE $2 SET balance_cents = balance_cents + \$1 WHERE id = \$2`, amountCents, toID); err != nil {
		return err
	}
	return tx.Commit()
}
$0
