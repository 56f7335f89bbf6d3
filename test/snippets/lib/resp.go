// A tiny Redis client for Go proofs (RESP2 over one connection), copied into the proof's package
// by test/snippets/harness.ts with the package clause of the variant under test.
//
// Replies: simple and bulk strings as string (nil for a nil bulk), integers as int64, arrays as
// []interface{}; an error reply is returned as a RESPError.
package snippet

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
)

// RESPError is a Redis error reply ("-ERR ...").
type RESPError string

func (e RESPError) Error() string { return string(e) }

// RESPConn is one connection; Do is safe for concurrent use (calls are serialised).
type RESPConn struct {
	mu   sync.Mutex
	conn net.Conn
	r    *bufio.Reader
}

// DialRESP connects to addr ("host:port").
func DialRESP(addr string) (*RESPConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &RESPConn{conn: c, r: bufio.NewReader(c)}, nil
}

// DialRESPFromEnv connects to SDP_REDIS_HOST:SDP_REDIS_PORT.
func DialRESPFromEnv() (*RESPConn, error) {
	return DialRESP(net.JoinHostPort(os.Getenv("SDP_REDIS_HOST"), os.Getenv("SDP_REDIS_PORT")))
}

// Do sends one command and reads its reply.
func (c *RESPConn) Do(args ...interface{}) (interface{}, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	buf := []byte(fmt.Sprintf("*%d\r\n", len(args)))
	for _, a := range args {
		var s string
		switch v := a.(type) {
		case string:
			s = v
		case []byte:
			s = string(v)
		default:
			s = fmt.Sprint(v)
		}
		buf = append(buf, fmt.Sprintf("$%d\r\n%s\r\n", len(s), s)...)
	}
	if _, err := c.conn.Write(buf); err != nil {
		return nil, err
	}
	return c.read()
}

func (c *RESPConn) read() (interface{}, error) {
	line, err := c.r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 {
		return nil, fmt.Errorf("short RESP line %q", line)
	}
	kind, body := line[0], line[1:len(line)-2]
	switch kind {
	case '+':
		return body, nil
	case '-':
		return nil, RESPError(body)
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		data := make([]byte, n+2)
		if _, err := io.ReadFull(c.r, data); err != nil {
			return nil, err
		}
		return string(data[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		items := make([]interface{}, n)
		for i := range items {
			v, err := c.read()
			if _, isErr := err.(RESPError); err != nil && !isErr {
				return nil, err
			}
			if err != nil {
				v = err
			}
			items[i] = v
		}
		return items, nil
	}
	return nil, fmt.Errorf("unexpected RESP type %q", kind)
}

// Close closes the connection.
func (c *RESPConn) Close() error { return c.conn.Close() }
