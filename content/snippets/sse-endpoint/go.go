package sse

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Event is one server-sent event. Its id on the wire is "<epoch>-<Seq>": the epoch changes when
// the process restarts, so an id from before a restart is recognised.
type Event struct {
	Seq  int64
	Type string
	Data json.RawMessage // the published value as JSON, encoded once by Publish
}

type client struct {
	events chan Event
	kicked chan struct{} // closed when the client fell too far behind
}

// ${1:Broker} keeps a bounded replay buffer and the set of connected clients.
type $1 struct {
	mu       sync.Mutex
	epoch    string
	events   []Event
	nextSeq  int64
	capacity int
	clients  map[*client]struct{}

	// WriteTimeout bounds each write to a client; a client that stops reading is dropped after it.
	// It needs the server's ConnContext set to ConnContext, and applies to HTTP/1.x only: on HTTP/2
	// it is not set (see ServeHTTP), so a stalled HTTP/2 stream stays until its client goes. Go
	// 1.20+ can use http.NewResponseController(w).SetWriteDeadline instead, which is per stream.
	WriteTimeout time.Duration
}

type connKey struct{}

// ConnContext is for http.Server.ConnContext: it lets ServeHTTP set write deadlines on the connection.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// NewBroker returns a broker that can replay the last capacity events to reconnecting clients.
func NewBroker(capacity int) *$1 {
	buf := make([]byte, 4)
	_, _ = rand.Read(buf)
	return &$1{epoch: hex.EncodeToString(buf), capacity: capacity, nextSeq: 1, clients: make(map[*client]struct{}), WriteTimeout: ${4:10 * time.Second}}
}

// Publish records an event and fans it out without blocking. A client whose queue is full is
// disconnected, never skipped while its stream stays open: skipping would move its Last-Event-ID
// past the gap. It reconnects and gets the replay (or a reset if it fell out of the buffer).
// eventType goes on the wire as one "event:" line; the stream ends a line at CR, LF or CRLF, so a
// type holding either would let the rest be read as other fields or a whole other event: refused.
// data is encoded once, here, with json.Marshal (which escapes CR and LF); a value it cannot encode
// (a NaN or infinite float, a channel, a func) is refused too. A refused event is not recorded and
// takes no id, so check the error:
//
//	if err := broker.Publish("order-shipped", order); err != nil {
//		return fmt.Errorf("publish order-shipped: %w", err)
//	}
func (b *$1) Publish(eventType string, data interface{}) error {
	if strings.ContainsAny(eventType, "\r\n") {
		return errors.New("event type must not contain CR or LF")
	}
	encoded, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("event data: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	e := Event{Seq: b.nextSeq, Type: eventType, Data: encoded}
	b.nextSeq++
	b.events = append(b.events, e)
	if len(b.events) > b.capacity {
		b.events = b.events[1:]
	}
	for c := range b.clients {
		select {
		case c.events <- e:
		default:
			delete(b.clients, c)
			close(c.kicked)
		}
	}
	return nil
}

// missed returns what a client that last saw lastID missed, or reset when that is no longer all
// in the buffer (evicted, or an id from another epoch). No id: a new client, nothing to replay.
// Call with b.mu held.
func (b *$1) missed(lastID string) (events []Event, reset bool) {
	if lastID == "" {
		return nil, false
	}
	epoch, seqText, _ := strings.Cut(lastID, "-")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	oldest := b.nextSeq
	if len(b.events) > 0 {
		oldest = b.events[0].Seq
	}
	if epoch != b.epoch || err != nil || seq >= b.nextSeq || seq < oldest-1 {
		return nil, true
	}
	for _, e := range b.events {
		if e.Seq > seq {
			events = append(events, e)
		}
	}
	return events, false
}

// ServeHTTP streams events as text/event-stream, first replaying those after the Last-Event-ID
// header or the lastEventId query parameter (for a client that loaded its state with an event id;
// EventSource cannot set headers). A new client (no id) first gets a "ready" event whose id is the
// current position: it connects first and loads its state after "ready", applying events
// idempotently (its state may already include some), so nothing falls between state and stream.
// "reset" carries the position too. The buffer is per process: run one instance or route each
// client to the same one (sticky); for a fleet keep the events in a shared log such as Redis
// Streams (XADD, XREAD after the id).
func (b *$1) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// The deadline goes on the connection itself, so only on HTTP/1.x, where the connection carries
	// this one response. On HTTP/2 one connection carries every stream of the client (a browser
	// sends all its requests to the origin over it): a deadline set there fails the other streams'
	// writes once it passes, and crypto/tls refuses every write after one timed out, so the whole
	// connection dies. There use http.NewResponseController(w).SetWriteDeadline (Go 1.20+).
	conn, _ := r.Context().Value(connKey{}).(net.Conn)
	if r.ProtoMajor != 1 {
		conn = nil
	}
	if conn != nil {
		// The connection outlives this handler (keep-alive): leave no deadline for the next request.
		defer func() { _ = conn.SetWriteDeadline(time.Time{}) }()
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream

	lastID := r.Header.Get("Last-Event-ID")
	if lastID == "" {
		lastID = r.URL.Query().Get("lastEventId")
	}
	c := &client{events: make(chan Event, ${3:64}), kicked: make(chan struct{})}
	// Replay and registration under one lock: no event can fall between them.
	b.mu.Lock()
	missed, reset := b.missed(lastID)
	position := fmt.Sprintf("%s-%d", b.epoch, b.nextSeq-1)
	b.clients[c] = struct{}{}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.clients, c)
		b.mu.Unlock()
	}()

	// send writes and flushes one chunk within WriteTimeout; false means drop the client.
	send := func(write func(io.Writer) error) bool {
		if conn != nil && b.WriteTimeout > 0 {
			_ = conn.SetWriteDeadline(time.Now().Add(b.WriteTimeout))
		}
		if err := write(w); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	first := "retry: 3000\n\n"
	switch {
	case reset:
		first += "id: " + position + "\nevent: reset\ndata: {}\n\n" // the client must reload its state
	case lastID == "":
		first += "id: " + position + "\nevent: ready\ndata: {}\n\n" // load your state now
	}
	if !send(text(first)) {
		return
	}
	for _, e := range missed {
		if !send(func(w io.Writer) error { return b.write(w, e) }) {
			return
		}
	}
	heartbeat := time.NewTicker(${2:15 * time.Second})
	defer heartbeat.Stop()
	for {
		ok := true
		select {
		case <-r.Context().Done():
			return
		case <-c.kicked:
			return // too slow: end the stream; the client resumes from its Last-Event-ID
		case e := <-c.events:
			ok = send(func(w io.Writer) error { return b.write(w, e) })
		case <-heartbeat.C:
			ok = send(text(": ping\n\n")) // keeps idle proxies from closing the stream
		}
		if !ok {
			return // the write failed or timed out: the client stopped reading or left
		}
	}
}

func (b *$1) write(w io.Writer, e Event) error {
	_, err := fmt.Fprintf(w, "id: %s-%d\nevent: %s\ndata: %s\n\n", b.epoch, e.Seq, e.Type, e.Data)
	return err
}
$0
