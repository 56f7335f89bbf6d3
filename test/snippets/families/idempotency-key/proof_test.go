package idempotency

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v4/stdlib"
)

func TestIdempotentPayments(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mu sync.Mutex
	calls := 0
	fail := ""
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		f := fail
		mu.Unlock()
		time.Sleep(50 * time.Millisecond) // widen the race window
		body, _ := io.ReadAll(r.Body)
		var id int64
		if err := Tx(r.Context()).QueryRow(`INSERT INTO payments (scope, amount) VALUES ($1, $2) RETURNING id`,
			r.Header.Get("X-Tenant"), len(body)).Scan(&id); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		if f == "503" {
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		if f == "402" {
			http.Error(w, "card declined", http.StatusPaymentRequired)
			return
		}
		w.Header().Set("Location", fmt.Sprintf("/payments/%d", id))
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(append([]byte{0xff, 0xfe, 0x00}, []byte(fmt.Sprint(id))...)) // not UTF-8
	})
	srv := httptest.NewServer(Middleware(db, func(r *http.Request) string { return r.Header.Get("X-Tenant") }, app))
	defer srv.Close()

	type reply struct {
		code     int
		location string
		body     []byte
	}
	send := func(tenant, key string, body []byte) reply {
		req, _ := http.NewRequest("POST", srv.URL+"/payments", bytes.NewReader(body))
		req.Header.Set("X-Tenant", tenant)
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return reply{res.StatusCode, res.Header.Get("Location"), b}
	}

	var wg sync.WaitGroup
	replies := make([]reply, 5)
	for i := range replies {
		wg.Add(1)
		go func(i int) { defer wg.Done(); replies[i] = send("tenant-a", "key-123", []byte("amount=500")) }(i)
	}
	wg.Wait()
	replies = append(replies, send("tenant-a", "key-123", []byte("amount=500")))
	if calls != 1 {
		t.Fatalf("handler ran %d times, want 1", calls)
	}
	first := replies[0]
	if first.code != 201 || first.location == "" || !bytes.HasPrefix(first.body, []byte{0xff, 0xfe, 0x00}) {
		t.Fatalf("first reply %+v", first)
	}
	for _, r := range replies {
		if r.code != first.code || r.location != first.location || !bytes.Equal(r.body, first.body) {
			t.Fatalf("replay %+v differs from the first %+v (status, headers and exact bytes must match)", r, first)
		}
	}
	other := send("tenant-b", "key-123", []byte("amount=500"))
	if calls != 2 || other.code != 201 || other.location == first.location {
		t.Fatalf("tenant-b with the same key: %+v after %d calls; want its own payment", other, calls)
	}
	if r := send("tenant-a", "key-123", []byte("amount=999")); r.code != http.StatusUnprocessableEntity {
		t.Fatalf("reused key with another body: %d", r.code)
	}
	if r := send("tenant-a", "", []byte("x")); r.code != http.StatusBadRequest {
		t.Fatalf("no key: %d", r.code)
	}
	big := bytes.Repeat([]byte("a"), MaxBody+1)
	if r := send("tenant-a", "key-big", big); r.code != http.StatusRequestEntityTooLarge {
		t.Fatalf("body over MaxBody: %d, want 413", r.code)
	}
	if calls != 2 {
		t.Fatal("an oversized body reached the handler")
	}
	if r := send("", "key-123", []byte("amount=500")); r.code != http.StatusInternalServerError || calls != 2 {
		t.Fatalf("empty scope: %d after %d calls, want 500 and the handler not run", r.code, calls)
	}
	// The query string is part of the request: the same key and body with another query is refused.
	query := func(q string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/payments?"+q, bytes.NewReader([]byte("same")))
		req.Header.Set("X-Tenant", "tenant-q")
		req.Header.Set("Idempotency-Key", "key-query")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if c1, c2 := query("amount=1"), query("amount=2"); c1 != 201 || c2 != http.StatusUnprocessableEntity {
		t.Fatalf("same key, other query: %d then %d, want 201 then 422", c1, c2)
	}
	// A JSON body sent again with its keys in another order is the same request: replayed, not 422.
	before := calls
	ordered := send("tenant-j", "key-order", []byte(`{"amount":500,"currency":"EUR","meta":{"a":1,"b":[1,2]}}`))
	reordered := send("tenant-j", "key-order", []byte(` {"meta":{"b":[1,2],"a":1},"currency":"EUR","amount":500}`))
	if ordered.code != 201 || reordered.code != 201 || !bytes.Equal(ordered.body, reordered.body) || calls != before+1 {
		t.Fatalf("same JSON body, other key order: %+v then %+v after %d calls; want one run, replayed", ordered, reordered, calls-before)
	}
	if r := send("tenant-j", "key-order", []byte(`{"amount":501,"currency":"EUR","meta":{"a":1,"b":[1,2]}}`)); r.code != http.StatusUnprocessableEntity {
		t.Fatalf("same key, JSON body with another value: %d, want 422", r.code)
	}
	if r := send("tenant-j", "key-order", []byte(`{"amount":500,"currency":"EUR","meta":{"a":1,"b":[2,1]}}`)); r.code != http.StatusUnprocessableEntity {
		t.Fatalf("same key, JSON array in another order: %d, want 422", r.code)
	}
	// Numbers are compared as sent: two integers that one float64 cannot tell apart are two requests.
	if r := send("tenant-j", "key-number", []byte(`{"amount":9007199254740993}`)); r.code != 201 {
		t.Fatalf("a large integer amount: %d, want 201", r.code)
	}
	if r := send("tenant-j", "key-number", []byte(`{"amount":9007199254740992}`)); r.code != http.StatusUnprocessableEntity {
		t.Fatalf("same key, amount one less (equal as float64): %d, want 422", r.code)
	}
	// Strings that decode to the same replacement character are still two requests: invalid UTF-8
	// and lone surrogate escapes are compared as sent, not as decoded.
	for i, pair := range [][2]string{
		{"{\"amount\":500,\"note\":\"\xff\"}", "{\"amount\":500,\"note\":\"\xfe\"}"},
		{`{"amount":500,"note":"\ud800"}`, `{"amount":500,"note":"\udbff"}`},
		{`{"amount":500,"note":"\ud800"}`, `{"amount":500,"note":"\ufffd"}`},
	} {
		key := fmt.Sprintf("key-replacement-%d", i)
		if r := send("tenant-u", key, []byte(pair[0])); r.code != 201 {
			t.Fatalf("body %q: %d, want 201", pair[0], r.code)
		}
		if r := send("tenant-u", key, []byte(pair[1])); r.code != http.StatusUnprocessableEntity {
			t.Fatalf("same key, body %q after %q: %d, want 422", pair[1], pair[0], r.code)
		}
	}
	fail = "503"
	if r := send("tenant-a", "key-retry", []byte("x")); r.code != 503 {
		t.Fatalf("503 passed through: %d", r.code)
	}
	fail = ""
	if r := send("tenant-a", "key-retry", []byte("x")); r.code != 201 {
		t.Fatalf("retry after a 503: %d, want it to run", r.code)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM payments WHERE scope = 'tenant-a'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("tenant-a payments %d (%v), want 2: the 503 attempt must roll back", n, err)
	}
	if !strings.HasPrefix(first.location, "/payments/") {
		t.Fatal("Location header lost")
	}
	// A 4xx is an answer (the comment's choice): stored and replayed, the handler not run again.
	fail = "402"
	if r := send("tenant-a", "key-declined", []byte("d")); r.code != 402 {
		t.Fatalf("402 passed through: %d", r.code)
	}
	fail = ""
	callsBefore := calls
	if r := send("tenant-a", "key-declined", []byte("d")); r.code != 402 || string(r.body) != "card declined\n" {
		t.Fatalf("the retry of a 402: %d %q, want the stored 402", r.code, r.body)
	}
	if calls != callsBefore {
		t.Fatal("the handler ran again for a stored 4xx")
	}
}

// A duplicate of an attempt that hangs while holding its key row is answered 409 (the wait for the
// row is bounded) instead of waiting, one pooled connection each, for as long as the first hangs.
func TestHungFirstAttempt(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("SDP_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	release := make(chan struct{})
	claimed := make(chan struct{})
	var once sync.Once
	calls := 0
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if _, err := Tx(r.Context()).Exec(`INSERT INTO payments (scope, amount) VALUES ('h', 1)`); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		close(claimed)
		<-release // the first attempt hangs (a slow downstream call, a host gone mid-transaction)
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte("paid"))
	})
	srv := httptest.NewServer(Middleware(db, func(r *http.Request) string { return "tenant-h" }, app))
	defer srv.Close()
	defer once.Do(func() { close(release) }) // before srv.Close, which waits for the hung handler
	retryAfter := make(chan string, 2)
	send := func() (int, string) {
		req, _ := http.NewRequest("POST", srv.URL+"/payments", strings.NewReader("amount=1"))
		req.Header.Set("Idempotency-Key", "key-hung")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode == http.StatusConflict {
			retryAfter <- res.Header.Get("Retry-After")
		}
		return res.StatusCode, string(b)
	}
	firstCode := make(chan int, 1)
	go func() { c, _ := send(); firstCode <- c }()
	select {
	case <-claimed:
	case <-time.After(30 * time.Second):
		t.Fatal("the first attempt never claimed the key")
	}
	dupCode := make(chan int, 1)
	go func() { c, _ := send(); dupCode <- c }()
	select { // liveness bound only: the duplicate must answer while the first still hangs
	case c := <-dupCode:
		if c != http.StatusConflict {
			t.Fatalf("the duplicate got %d, want 409 (retry later)", c)
		}
		if ra := <-retryAfter; ra != "1" {
			t.Fatalf("the 409 has Retry-After %q, want \"1\"", ra)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the duplicate waited for the hung attempt with no bound")
	}
	once.Do(func() { close(release) })
	if c := <-firstCode; c != http.StatusCreated {
		t.Fatalf("the first attempt got %d, want 201", c)
	}
	if c, b := send(); c != http.StatusCreated || b != "paid" || calls != 1 {
		t.Fatalf("a later retry: %d %q after %d calls, want the first response replayed", c, b, calls)
	}
}
