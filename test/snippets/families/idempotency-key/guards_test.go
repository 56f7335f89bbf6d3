package idempotency

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v4"
	"github.com/jackc/pgx/v4/stdlib"
)

func post(t *testing.T, url, key string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/p", strings.NewReader("{}"))
	req.Header.Set("Idempotency-Key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Retry-After")
}

// The handler runs under the connection's own lock_timeout (a SET in the pool's connect hook), not
// the database default.
func TestConnectionLockTimeoutKept(t *testing.T) {
	cfg, err := pgx.ParseConfig(os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, "SET lock_timeout = '7s'")
		return err
	}))
	defer db.Close()
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v string
		if err := Tx(r.Context()).QueryRow(`SELECT current_setting('lock_timeout')`).Scan(&v); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(v))
	})
	srv := httptest.NewServer(Middleware(db, func(*http.Request) string { return "t" }, app))
	defer srv.Close()
	if c, b, _ := post(t, srv.URL, "key-setting"); c != 201 || b != "7s" {
		t.Fatalf("handler saw lock_timeout %q (%d), want 7s: resetting to the database default wiped the connection's SET", b, c)
	}
}

// Only a lock timeout on the claim is a 409: another error on the claim (a trigger refuses the key
// with SQLSTATE 55000) is a 500, and a 55P03 the handler meets itself is the handler's own answer.
func TestOnlyClaimLockTimeoutIs409(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	calls := 0
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		_, err := Tx(r.Context()).Exec(`SELECT id FROM held WHERE id = 1 FOR UPDATE NOWAIT`)
		var state interface{ SQLState() string }
		if errors.As(err, &state) {
			http.Error(w, "handler: "+state.SQLState(), http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	srv := httptest.NewServer(Middleware(db, func(*http.Request) string { return "t" }, app))
	defer srv.Close()
	if c, b, ra := post(t, srv.URL, "key-refused"); c != 500 || ra != "" || calls != 0 {
		t.Fatalf("a trigger error on the claim got %d %q (Retry-After %q, %d calls), want 500 and no handler call", c, b, ra, calls)
	}
	holder, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = holder.Rollback() }()
	if _, err := holder.Exec(`SELECT id FROM held WHERE id = 1 FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	if c, b, _ := post(t, srv.URL, "key-nowait"); c != 503 || !strings.Contains(b, "handler: 55P03") {
		t.Fatalf("the handler's own lock_not_available got %d %q, want the handler's 503", c, b)
	}
	_ = holder.Rollback()
	if c, _, _ := post(t, srv.URL, "key-nowait"); c != 201 || calls != 2 {
		t.Fatalf("the retry got %d after %d calls, want 201 (nothing was stored)", c, calls)
	}
}
