package sse

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// closeServer ends the open streams first: Close alone waits for them.
func closeServer(srv *httptest.Server) {
	srv.CloseClientConnections()
	srv.Close()
}

type sseEvent struct {
	ID, Event, Data string
}

// parse returns the complete events in an SSE body.
func parse(body string) []sseEvent {
	var out []sseEvent
	blocks := strings.Split(body, "\n\n")
	for _, block := range blocks[:len(blocks)-1] {
		e := sseEvent{Event: "message"}
		has := false
		for _, line := range strings.Split(block, "\n") {
			switch {
			case strings.HasPrefix(line, "id: "):
				e.ID = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.Event = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.Data, has = line[6:], true
			}
		}
		if has {
			out = append(out, e)
		}
	}
	return out
}

// stream is an SSE response read in the background (readStream); waitEvents returns what arrived so far.
type stream struct {
	resp *http.Response
	body chan string
	all  string
}

// readStream starts reading resp's body in the background; the caller closes the body.
func readStream(resp *http.Response) *stream {
	s := &stream{resp: resp, body: make(chan string, 1024)}
	go func() {
		buf := make([]byte, 64*1024)
		for {
			n, err := resp.Body.Read(buf)
			if n > 0 {
				s.body <- string(buf[:n])
			}
			if err != nil {
				close(s.body)
				return
			}
		}
	}()
	return s
}

func open(t *testing.T, url, lastID string) *stream {
	req, _ := http.NewRequest("GET", url, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	s := readStream(resp)
	t.Cleanup(func() { resp.Body.Close() })
	return s
}

// waitEvents waits until at least n events arrived (or fails after a generous bound).
func (s *stream) waitEvents(t *testing.T, n int) []sseEvent {
	deadline := time.After(60 * time.Second)
	for len(parse(s.all)) < n {
		select {
		case chunk, ok := <-s.body:
			if !ok {
				t.Fatalf("stream ended with %d events, want %d: %q", len(parse(s.all)), n, s.all)
			}
			s.all += chunk
		case <-deadline:
			t.Fatalf("timed out with %d events, want %d", len(parse(s.all)), n)
		}
	}
	return parse(s.all)
}

// publish fails the test if Publish refuses an event: its error is never ignored.
func publish(t *testing.T, b *Broker, eventType string, data interface{}) {
	t.Helper()
	if err := b.Publish(eventType, data); err != nil {
		t.Fatalf("Publish(%q): %v", eventType, err)
	}
}

func seqOf(t *testing.T, e sseEvent) int {
	var v struct{ N int }
	if err := json.Unmarshal([]byte(e.Data), &v); err != nil {
		t.Fatalf("event data %q: %v", e.Data, err)
	}
	return v.N
}

func TestNoBacklogReplayAndReset(t *testing.T) {
	b := NewBroker(10)
	srv := httptest.NewServer(b)
	defer closeServer(srv)
	for i := 1; i <= 5; i++ {
		publish(t, b, "tick", map[string]int{"n": i})
	}
	fresh := open(t, srv.URL, "")
	for { // the handler has registered once the retry line arrived
		chunk := <-fresh.body
		fresh.all += chunk
		if strings.Contains(fresh.all, "retry:") {
			break
		}
	}
	publish(t, b, "tick", map[string]int{"n": 6})
	got := fresh.waitEvents(t, 2)
	if len(got) != 2 || got[0].Event != "ready" || seqOf(t, got[1]) != 6 {
		t.Fatalf("a new client must get ready and no backlog, only what follows: %+v", got)
	}
	id3 := strings.TrimSuffix(got[1].ID, "-6") + "-3"

	back := open(t, srv.URL, id3)
	got = back.waitEvents(t, 3)
	publish(t, b, "tick", map[string]int{"n": 7})
	got = back.waitEvents(t, 4)
	for i, e := range got {
		if seqOf(t, e) != 4+i {
			t.Fatalf("replay after %s: %+v", id3, got)
		}
	}

	for i := 8; i <= 30; i++ {
		publish(t, b, "tick", map[string]int{"n": i})
	}
	evicted := open(t, srv.URL, id3)
	if got := evicted.waitEvents(t, 1); got[0].Event != "reset" {
		t.Fatalf("an evicted id must get a reset: %+v", got)
	}

	restarted := NewBroker(10) // another life of the process
	for i := 1; i <= 5; i++ {
		publish(t, restarted, "tick", map[string]int{"n": i})
	}
	srv2 := httptest.NewServer(restarted)
	defer closeServer(srv2)
	foreign := open(t, srv2.URL, id3)
	if got := foreign.waitEvents(t, 1); got[0].Event != "reset" {
		t.Fatalf("an id from before a restart must get a reset: %+v", got)
	}
}

func TestSlowClientIsDisconnectedAndResumesWithoutGap(t *testing.T) {
	b := NewBroker(1_000_000)
	srv := httptest.NewServer(b)
	defer closeServer(srv)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
	clients := func() int {
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.clients)
	}
	for clients() == 0 {
		time.Sleep(time.Millisecond)
	}
	// The client reads nothing while events pile up.
	padding := strings.Repeat("x", 16_000)
	published := 0
	for clients() == 1 {
		published++
		publish(t, b, "tick", map[string]interface{}{"n": published, "padding": padding})
		if published > 50_000 {
			t.Fatal("a client that stopped reading was never disconnected")
		}
		time.Sleep(100 * time.Microsecond)
	}
	// The stream must end (not stay open with a gap): read it to its end.
	conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("the stream of the slow client did not end: %v", err)
	}
	first := ticks(parse(string(body)))
	if len(first) == 0 {
		t.Fatal("the slow client received nothing")
	}
	resumed := open(t, srv.URL, first[len(first)-1].ID)
	rest := resumed.waitEvents(t, published-len(first))
	all := append(first, rest...)
	for i, e := range all {
		if seqOf(t, e) != i+1 {
			t.Fatalf("event %d is %d: lost or doubled across the disconnect", i+1, seqOf(t, e))
		}
	}
	if len(all) != published {
		t.Fatalf("%d events, %d published", len(all), published)
	}
}

func ticks(events []sseEvent) []sseEvent {
	var out []sseEvent
	for _, e := range events {
		if e.Event == "tick" {
			out = append(out, e)
		}
	}
	return out
}

func TestReadyPositionQueryResumeAndResetID(t *testing.T) {
	b := NewBroker(3)
	srv := httptest.NewServer(b)
	defer closeServer(srv)
	for i := 1; i <= 5; i++ {
		publish(t, b, "tick", map[string]int{"n": i})
	}
	fresh := open(t, srv.URL, "")
	got := fresh.waitEvents(t, 1)
	if got[0].Event != "ready" || !strings.HasSuffix(got[0].ID, "-5") {
		t.Fatalf("a new client must first get ready with the current position: %+v", got)
	}
	id3 := strings.TrimSuffix(got[0].ID, "-5") + "-3"
	byQuery := open(t, srv.URL+"/?lastEventId="+id3, "")
	got = byQuery.waitEvents(t, 2)
	if got[0].Event != "tick" || seqOf(t, got[0]) != 4 || seqOf(t, got[1]) != 5 {
		t.Fatalf("?lastEventId= must replay like the header: %+v", got)
	}
	for i := 6; i <= 10; i++ {
		publish(t, b, "tick", map[string]int{"n": i})
	}
	evicted := open(t, srv.URL, id3)
	reset := evicted.waitEvents(t, 1)[0]
	if reset.Event != "reset" || !strings.HasSuffix(reset.ID, "-10") {
		t.Fatalf("reset must carry the current position: %+v", reset)
	}
	publish(t, b, "tick", map[string]int{"n": 11})
	after := open(t, srv.URL, reset.ID)
	if got := after.waitEvents(t, 1); got[0].Event != "tick" || seqOf(t, got[0]) != 11 {
		t.Fatalf("resuming from the reset id: %+v", got)
	}
}

func TestStalledClientIsFreedByTheWriteDeadline(t *testing.T) {
	b := NewBroker(1_000_000)
	b.WriteTimeout = 300 * time.Millisecond
	returned := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(returned)
		b.ServeHTTP(w, r)
	}))
	srv.Config.ConnContext = ConnContext
	srv.Start()
	defer closeServer(srv)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
	clients := func() int {
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.clients)
	}
	for clients() == 0 {
		time.Sleep(time.Millisecond)
	}
	padding := strings.Repeat("x", 16_000)
	for i := 0; i < 400 && clients() == 1; i++ { // enough to fill the socket buffers
		publish(t, b, "tick", map[string]interface{}{"n": i, "padding": padding})
		time.Sleep(time.Millisecond)
	}
	select { // the client never reads
	case <-returned:
	case <-time.After(30 * time.Second):
		t.Fatal("the handler of a client that stopped reading is still blocked in Write")
	}
}

// On HTTP/2 one TLS connection carries all of a client's streams. The write deadline must not be
// set on it: once passed, the server's writes for any other stream on the connection fail and
// crypto/tls breaks the connection for good. The stall below (a sleep past the deadline) is one the
// proof controls; nothing is asserted about how long anything took.
func TestHTTP2ConnectionOutlivesTheWriteDeadline(t *testing.T) {
	b := NewBroker(10)
	b.WriteTimeout = 50 * time.Millisecond
	mux := http.NewServeMux()
	mux.Handle("/events", b)
	mux.HandleFunc("/other", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	srv := httptest.NewUnstartedServer(mux)
	srv.EnableHTTP2 = true
	srv.Config.ConnContext = ConnContext
	var mu sync.Mutex
	conns := 0
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.StartTLS()
	defer closeServer(srv)
	client := srv.Client()

	resp, err := client.Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Fatalf("the proof needs HTTP/2, got %s", resp.Proto)
	}
	s := readStream(resp)
	if got := s.waitEvents(t, 1); got[0].Event != "ready" {
		t.Fatalf("want ready first: %+v", got)
	}
	time.Sleep(4 * b.WriteTimeout) // past any deadline the stream set

	// Bounded: on a broken connection the server writes nothing more and the request would hang.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/other", nil)
	other, err := client.Do(req)
	if err != nil {
		t.Fatalf("another request on the client's HTTP/2 connection failed: %v", err)
	}
	body, err := io.ReadAll(other.Body)
	other.Body.Close()
	if err != nil || string(body) != "ok" {
		t.Fatalf("another request on the connection: %q, %v", body, err)
	}
	publish(t, b, "tick", map[string]int{"n": 1})
	if got := s.waitEvents(t, 2); got[1].Event != "tick" {
		t.Fatalf("the stream after the other request: %+v", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if conns != 1 {
		t.Fatalf("%d connections: the first one broke and the client had to open another", conns)
	}
}

// On HTTP/1.1 the connection outlives the handler (keep-alive): the handler must not leave its
// write deadline on it, or the next response on that connection fails once the deadline passes.
func TestHTTP1KeepAliveConnectionKeepsNoDeadline(t *testing.T) {
	b := NewBroker(10)
	b.WriteTimeout = 50 * time.Millisecond
	stop := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		// The stream ends while its connection stays open (as after a middleware's timeout).
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		go func() {
			select {
			case <-stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		b.ServeHTTP(w, r.WithContext(ctx))
	})
	mux.HandleFunc("/other", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ConnContext = ConnContext
	srv.Start()
	defer closeServer(srv)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	reader := bufio.NewReader(conn)
	fmt.Fprint(conn, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := resp.Body.Read(make([]byte, 1)); err != nil { // the handler is streaming
		t.Fatal(err)
	}
	close(stop)
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Fatalf("the stream did not end cleanly: %v", err)
	}
	time.Sleep(4 * b.WriteTimeout) // past any deadline the stream set
	fmt.Fprint(conn, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n")
	other, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatalf("the next request on the keep-alive connection got no response: %v", err)
	}
	body, err := io.ReadAll(other.Body)
	if err != nil || string(body) != "ok" {
		t.Fatalf("the next response on the connection: %q, %v", body, err)
	}
}

// An event type holding CR or LF would end its line early: the rest would be read as other fields
// or a whole forged event. Publish refuses it, and the stream carries nothing of it. Data holding
// CRLF, LF or a lone CR arrives as one data line, intact.
func TestEventTypeWithLineBreakIsRefused(t *testing.T) {
	b := NewBroker(10)
	srv := httptest.NewServer(b)
	defer closeServer(srv)
	s := open(t, srv.URL, "")
	s.waitEvents(t, 1)
	for _, bad := range []string{"tick\nevent: admin", "tick\r\ndata: forged", "tick\rid: 999", "tick\n\ndata: {}"} {
		if err := b.Publish(bad, map[string]int{"n": 0}); err == nil {
			t.Fatalf("Publish(%q) accepted a type with a line break", bad)
		}
	}
	text := "a\r\nb\nc\rd"
	if err := b.Publish("tick", map[string]string{"text": text}); err != nil {
		t.Fatal(err)
	}
	events := s.waitEvents(t, 2)
	if len(events) != 2 || events[0].Event != "ready" || events[1].Event != "tick" {
		t.Fatalf("events %+v: want ready then tick only", events)
	}
	var v struct{ Text string }
	if err := json.Unmarshal([]byte(events[1].Data), &v); err != nil || v.Text != text {
		t.Fatalf("data %q: %v", events[1].Data, err)
	}
	if strings.Contains(s.all, "\r") {
		t.Fatalf("a raw CR reached the wire: %q", s.all)
	}
}

// Data json.Marshal cannot encode makes Publish fail: the event is not recorded, takes no id and
// reaches no client (it used to go out as "data: null" while Publish reported success).
func TestUnencodableDataIsAnError(t *testing.T) {
	b := NewBroker(10)
	srv := httptest.NewServer(b)
	defer closeServer(srv)
	s := open(t, srv.URL, "")
	s.waitEvents(t, 1)
	bad := map[string]interface{}{"NaN": math.NaN(), "an infinity in a map": map[string]float64{"x": math.Inf(1)}, "a channel": make(chan int), "a func": func() {}}
	for name, data := range bad {
		if err := b.Publish("tick", data); err == nil {
			t.Fatalf("Publish accepted data json.Marshal cannot encode: %s", name)
		}
	}
	publish(t, b, "tick", map[string]int{"n": 1})
	events := s.waitEvents(t, 2)
	if len(events) != 2 || events[1].Event != "tick" || seqOf(t, events[1]) != 1 || !strings.HasSuffix(events[1].ID, "-1") {
		t.Fatalf("events %+v: want ready, then the one good tick with id <epoch>-1", events)
	}
	b.mu.Lock()
	recorded := len(b.events)
	b.mu.Unlock()
	if recorded != 1 || strings.Contains(s.all, "null") {
		t.Fatalf("%d events recorded, stream %q: want only the good one", recorded, s.all)
	}
}
