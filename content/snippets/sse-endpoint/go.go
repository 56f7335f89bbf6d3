package sse

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Event is one server-sent event.
type Event struct {
	ID   int64
	Type string
	Data interface{}
}

// ${1:Broker} keeps a bounded replay buffer and the set of connected clients.
type $1 struct {
	mu       sync.Mutex
	events   []Event
	nextID   int64
	capacity int
	clients  map[chan Event]struct{}
}

// NewBroker returns a broker that can replay the last capacity events to reconnecting clients.
func NewBroker(capacity int) *$1 {
	return &$1{capacity: capacity, nextID: 1, clients: make(map[chan Event]struct{})}
}

// Publish records an event and fans it out. Slow clients are skipped rather than blocking everyone;
// they recover through Last-Event-ID replay when they reconnect.
func (b *$1) Publish(eventType string, data interface{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e := Event{ID: b.nextID, Type: eventType, Data: data}
	b.nextID++
	b.events = append(b.events, e)
	if len(b.events) > b.capacity {
		b.events = b.events[1:]
	}
	for ch := range b.clients {
		select {
		case ch <- e:
		default:
		}
	}
}

// ServeHTTP streams events as text/event-stream, first replaying those after Last-Event-ID.
func (b *$1) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream

	lastID, _ := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
	ch := make(chan Event, 64)
	b.mu.Lock()
	var missed []Event
	for _, e := range b.events {
		if e.ID > lastID {
			missed = append(missed, e)
		}
	}
	b.clients[ch] = struct{}{}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.clients, ch)
		b.mu.Unlock()
	}()

	fmt.Fprint(w, "retry: 3000\n\n")
	for _, e := range missed {
		write(w, e)
	}
	flusher.Flush()
	heartbeat := time.NewTicker(${2:15 * time.Second})
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-ch:
			write(w, e)
		case <-heartbeat.C:
			fmt.Fprint(w, ": ping\n\n") // keeps idle proxies from closing the stream
		}
		flusher.Flush()
	}
}

func write(w http.ResponseWriter, e Event) {
	data, err := json.Marshal(e.Data)
	if err != nil {
		data = []byte("null")
	}
	fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Type, data)
}
$0
