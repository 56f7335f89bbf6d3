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
// Rows are always locked in ascending id order, whichever way the money moves, so concurrent
// opposite transfers queue instead of deadlocking.
func $1(ctx context.Context, db *sql.DB, fromID, toID, amountCents int64) (err error) {
	if fromID == toID {
		return errors.New("cannot transfer to the same account")
	}
	first, second := fromID, toID
	if second < first {
		first, second = second, first
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()

	balances := make(map[int64]int64, 2)
	rows, err := tx.QueryContext(ctx,
		`SELECT id, balance_cents FROM ${2:accounts} WHERE id IN (\$1, \$2) ORDER BY id FOR UPDATE`, first, second)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, balance int64
		if err = rows.Scan(&id, &balance); err != nil {
			rows.Close()
			return err
		}
		balances[id] = balance
	}
	if err = rows.Close(); err != nil {
		return err
	}
	if len(balances) != 2 {
		return fmt.Errorf("account %d or %d does not exist", fromID, toID)
	}
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
