package webhook

import (
	"bufio"
	"encoding/base64"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Every shared vector (signed independently by the mocha spec) is accepted or rejected as expected.
func TestVerifyVectors(t *testing.T) {
	f, err := os.Open(os.Getenv("SDP_WEBHOOK_VECTORS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := func(s string) []byte {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	count := 0
	scanner := bufio.NewScanner(f)
	// A vector line can be far longer than the Scanner's default 64 KiB limit (a large body): past
	// that limit Scan stops and reports only through Err, which would leave the remaining vectors
	// silently unchecked.
	scanner.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for scanner.Scan() {
		fields := strings.Split(scanner.Text(), "\t")
		name, accept := fields[0], fields[1] == "1"
		now, _ := strconv.ParseInt(fields[2], 10, 64)
		header := ""
		if fields[4] != "-" {
			header = string(dec(fields[4]))
		}
		var secrets [][]byte
		if fields[5] != "-" {
			for _, s := range strings.Split(fields[5], ",") {
				secrets = append(secrets, dec(s))
			}
		}
		id := ""
		if fields[6] != "-" {
			id = string(dec(fields[6]))
		}
		err := Verify(dec(fields[3]), id, header, secrets, time.Unix(now, 0))
		if (err == nil) != accept {
			t.Errorf("%s: expected accept=%v, got error %v", name, accept, err)
		}
		if err != nil && err != ErrInvalidSignature {
			t.Errorf("%s: error %v is not ErrInvalidSignature", name, err)
		}
		count++
	}
	if err := scanner.Err(); err != nil {
		t.Fatalf("reading the vectors stopped after %d: %v", count, err)
	}
	if want := os.Getenv("SDP_WEBHOOK_VECTOR_COUNT"); strconv.Itoa(count) != want {
		t.Fatalf("%d vectors ran, the file has %s", count, want)
	}
}
