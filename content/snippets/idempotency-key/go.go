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
	"unicode/utf8"
)

// MaxBody is the largest request body the middleware accepts; a larger one gets 413 rather than
// being hashed (and handled) truncated.
const MaxBody = ${3:1 << 20}

type txKey struct{}

// Tx returns the transaction the middleware opened; handlers must do their writes through it so
// the effect and the stored response commit together.
func Tx(ctx context.Context) *sql.Tx {
	tx, _ := ctx.Value(txKey{}).(*sql.Tx)
	return tx
}

// stored is what a replay needs: status, headers and the exact body bytes.
type stored struct {
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"` // base64 in JSON, so any bytes survive
}

// ${1:Middleware} makes a handler idempotent per caller and Idempotency-Key header: a retried
// request has one effect and receives the first response again, headers included. scope names
// the caller (tenant, account or API client id, from authentication): keys are unique per caller
// only, so an empty scope is refused (500): it would put every unauthenticated caller in one
// namespace. A concurrent duplicate waits on the uncommitted key row for at most the claim's
// lock_timeout and then replays the stored response, or past it gets 409 with Retry-After (only a
// lock timeout on the claim does; any other database error is a 500). The transaction sets READ
// COMMITTED whatever the database default, which this needs: under REPEATABLE READ the duplicate
// would get a serialization error instead. The request hash
// covers method, path, query string and body (a JSON body whatever its key order).
func $1(db *sql.DB, scope func(*http.Request) string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			http.Error(w, "Idempotency-Key header is required", http.StatusBadRequest)
			return
		}
		caller := scope(r)
		if caller == "" {
			http.Error(w, "idempotency scope is empty", http.StatusInternalServerError)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		if len(body) > MaxBody {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery+"\n"), canonicalBody(body)...))
		requestHash := hex.EncodeToString(sum[:])

		tx, err := db.BeginTx(r.Context(), &sql.TxOptions{Isolation: sql.LevelReadCommitted})
		if err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		defer func() { _ = tx.Rollback() }() // no-op after Commit

		// A duplicate waits on the first attempt's uncommitted key row. Bound that wait: a first
		// attempt that hangs (a slow downstream call; a host gone mid-transaction keeps its lock until
		// TCP keepalive notices, hours by default) would otherwise hold every retry's connection as
		// long, until the pool runs dry. Past the bound the duplicate gets 409.
		// The connection's own lock_timeout (a SET in the pool's connect hook) is put back afterwards.
		var before string
		err = tx.QueryRowContext(r.Context(), `SELECT current_setting('lock_timeout')`).Scan(&before)
		if err == nil {
			_, err = tx.ExecContext(r.Context(), `SET LOCAL lock_timeout = '${4:5s}'`)
		}
		if err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		res, err := tx.ExecContext(r.Context(),
			`INSERT INTO ${2:idempotency_keys} (scope, key, request_hash, response_code, response_body)
			 VALUES (\$1, \$2, \$3, 0, 'null') ON CONFLICT (scope, key) DO NOTHING`, caller, key, requestHash)
		var state interface{ SQLState() string } // pgx's *pgconn.PgError and lib/pq's *pq.Error
		if errors.As(err, &state) && state.SQLState() == "55P03" { // lock_not_available
			inProgress(w)
			return
		}
		if err == nil {
			// The handler keeps the connection's setting (DEFAULT would drop a session SET).
			_, err = tx.ExecContext(r.Context(), `SELECT set_config('lock_timeout', \$1, true)`, before)
		}
		if err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_ = tx.Rollback()
			replay(w, r.Context(), db, caller, key, requestHash)
			return
		}

		// Capture the response so it can be stored before anything reaches the client.
		rec := httptest.NewRecorder()
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), txKey{}, tx)))
		result := rec.Result()
		// A 4xx is stored and replayed like a 2xx: the handler gave its answer (a declined card, say),
		// and a client that changes the request sends a new key (Stripe's API also replays errors once
		// an endpoint has begun, 2026). A "try again later" 4xx (429, a busy 409) belongs before this
		// middleware or as a 503: stored, it would answer every retry of the key until the purge.
		if result.StatusCode >= 500 {
			// Server errors are not stored: the rollback lets the client retry with the same key.
			write(w, result.StatusCode, result.Header, rec.Body.Bytes())
			return
		}
		saved, err := json.Marshal(stored{Header: result.Header, Body: rec.Body.Bytes()})
		if err == nil {
			_, err = tx.ExecContext(r.Context(),
				`UPDATE $2 SET response_code = \$3, response_body = \$4 WHERE scope = \$1 AND key = \$2`,
				caller, key, result.StatusCode, saved)
		}
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		write(w, result.StatusCode, result.Header, rec.Body.Bytes())
	})
}

// canonicalBody is what the request hash covers: a JSON body re-encoded with its object keys sorted
// at every level (encoding/json writes map keys in order; UseNumber keeps numbers as sent), so a
// retry that serialised the same body in another key order is the same request. Any other body
// (not one JSON value, or one with a string that decodes to U+FFFD) is hashed exactly as received.
func canonicalBody(body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var value interface{}
	if err := dec.Decode(&value); err != nil {
		return body
	}
	if _, err := dec.Token(); err != io.EOF {
		return body
	}
	canonical, err := json.Marshal(value)
	// The decoder turns invalid UTF-8 and lone surrogate escapes (\ud800) into U+FFFD, so two
	// different bodies could decode alike: such a body is compared as sent.
	if err != nil || bytes.ContainsRune(canonical, utf8.RuneError) {
		return body
	}
	return canonical
}

func replay(w http.ResponseWriter, ctx context.Context, db *sql.DB, caller, key, requestHash string) {
	var storedHash string
	var code int
	var raw []byte
	err := db.QueryRowContext(ctx,
		`SELECT request_hash, response_code, response_body FROM $2 WHERE scope = \$1 AND key = \$2`,
		caller, key).Scan(&storedHash, &code, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		inProgress(w)
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
	var s stored
	if err := json.Unmarshal(raw, &s); err != nil {
		http.Error(w, "stored response unreadable", http.StatusInternalServerError)
		return
	}
	write(w, code, s.Header, s.Body)
}

func inProgress(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	http.Error(w, "request with this key is still in progress; retry", http.StatusConflict)
}

func write(w http.ResponseWriter, code int, header http.Header, body []byte) {
	for name, values := range header {
		w.Header()[name] = append([]string(nil), values...)
	}
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
$0
