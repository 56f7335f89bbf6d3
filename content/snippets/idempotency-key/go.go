package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
)

type txKey struct{}

// Tx returns the transaction the middleware opened; handlers must do their writes through it so
// the effect and the stored response commit together.
func Tx(ctx context.Context) *sql.Tx {
	tx, _ := ctx.Value(txKey{}).(*sql.Tx)
	return tx
}

// ${1:Middleware} makes a handler idempotent per Idempotency-Key header: a retried request has one
// effect and receives the first response again. A concurrent duplicate blocks on the uncommitted
// key row and then replays the stored response.
func $1(db *sql.DB, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			http.Error(w, "Idempotency-Key header is required", http.StatusBadRequest)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...))
		requestHash := hex.EncodeToString(sum[:])

		tx, err := db.BeginTx(r.Context(), nil)
		if err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		defer func() { _ = tx.Rollback() }() // no-op after Commit

		res, err := tx.ExecContext(r.Context(),
			`INSERT INTO ${2:idempotency_keys} (key, request_hash, response_code, response_body)
			 VALUES (\$1, \$2, 0, 'null') ON CONFLICT (key) DO NOTHING`, key, requestHash)
		if err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_ = tx.Rollback()
			replay(w, r.Context(), db, key, requestHash)
			return
		}

		// Capture the response so it can be stored before anything reaches the client.
		rec := httptest.NewRecorder()
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), txKey{}, tx)))
		if rec.Code >= 500 {
			// Server errors are not stored: the rollback lets the client retry with the same key.
			copyResponse(w, rec.Code, rec.Body.Bytes())
			return
		}
		stored, _ := json.Marshal(rec.Body.String())
		if _, err := tx.ExecContext(r.Context(),
			`UPDATE $2 SET response_code = \$2, response_body = \$3 WHERE key = \$1`, key, rec.Code, stored); err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		if err := tx.Commit(); err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		copyResponse(w, rec.Code, rec.Body.Bytes())
	})
}

func replay(w http.ResponseWriter, ctx context.Context, db *sql.DB, key, requestHash string) {
	var storedHash string
	var code int
	var stored []byte
	err := db.QueryRowContext(ctx,
		`SELECT request_hash, response_code, response_body FROM $2 WHERE key = \$1`, key).Scan(&storedHash, &code, &stored)
	if errors.Is(err, sql.ErrNoRows) {
		http.Error(w, "request with this key is still in progress; retry", http.StatusConflict)
		return
	}
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	if storedHash != requestHash {
		http.Error(w, "Idempotency-Key was already used for another request", http.StatusUnprocessableEntity)
		return
	}
	var body string
	_ = json.Unmarshal(stored, &body)
	copyResponse(w, code, []byte(body))
}

func copyResponse(w http.ResponseWriter, code int, body []byte) {
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
$0
