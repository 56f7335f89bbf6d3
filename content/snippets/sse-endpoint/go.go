package sse

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
	Data interface{}
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
}

// NewBroker returns a broker that can replay the last capacity events to reconnecting clients.
func NewBroker(capacity int) *$1 {
	buf := make([]byte, 4)
	_, _ = rand.Read(buf)
	return &$1{epoch: hex.EncodeToString(buf), capacity: capacity, nextSeq: 1, clients: make(map[*client]struct{})}
}

// Publish records an event and fans it out without blocking. A client whose queue is full is
// disconnected, never skipped while its stream stays open: skipping would move its Last-Event-ID
// past the gap. It reconnects and gets the replay (or a reset if it fell out of the buffer).
func (b *$1) Publish(eventType string, data interface{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e := Event{Seq: b.nextSeq, Type: eventType, Data: data}
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

// ServeHTTP streams events as text/event-stream, first replaying those after Last-Event-ID.
// A client that stops reading blocks this goroutine in Write until its connection dies (its queue
// is bounded, so memory is not at risk); with Go 1.20+ set a write deadline per event through
// http.NewResponseController(w).SetWriteDeadline to free it sooner.
func (b *$1) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream

	c := &client{events: make(chan Event, ${3:64}), kicked: make(chan struct{})}
	// Replay and registration under one lock: no event can fall between them.
	b.mu.Lock()
	missed, reset := b.missed(r.Header.Get("Last-Event-ID"))
	b.clients[c] = struct{}{}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.clients, c)
		b.mu.Unlock()
	}()

	fmt.Fprint(w, "retry: 3000\n\n")
	if reset {
		fmt.Fprint(w, "event: reset\ndata: {}\n\n") // the client must reload its state
	}
	for _, e := range missed {
		b.write(w, e)
	}
	flusher.Flush()
	heartbeat := time.NewTicker(${2:15 * time.Second})
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.kicked:
			return // too slow: end the stream; the client resumes from its Last-Event-ID
		case e := <-c.events:
			b.write(w, e)
		case <-heartbeat.C:
			fmt.Fprint(w, ": ping\n\n") // keeps idle proxies from closing the stream
		}
		flusher.Flush()
	}
}

func (b *$1) write(w http.ResponseWriter, e Event) {
	data, err := json.Marshal(e.Data)
	if err != nil {
		data = []byte("null")
	}
	fmt.Fprintf(w, "id: %s-%d\nevent: %s\ndata: %s\n\n", b.epoch, e.Seq, e.Type, data)
}
$0
