package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

// A v1 value is a signature only at the digest's length (64 hex digits), as TypeScript, Python and
// Java read it. Other lengths never matched (hmac.Equal compares lengths), but Go decoded and kept
// every even-length one: a header of many such entries cost an allocation each on every request.
func TestSignatureOfTheDigestLengthOnly(t *testing.T) {
	secrets := [][]byte{[]byte("s3cret")}
	id, ts, body := "evt_1", "1759999990", []byte(`{"event":"payment.succeeded"}`)
	now := time.Unix(1_760_000_000, 0)
	mac := hmac.New(sha256.New, secrets[0])
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	sig := hex.EncodeToString(mac.Sum(nil))
	if err := Verify(body, id, "t="+ts+",v1="+sig, secrets, now); err != nil {
		t.Fatalf("the genuine signature: %v", err)
	}
	for _, value := range []string{"", "00", sig[:62], sig + "00", sig + sig} {
		if err := Verify(body, id, "t="+ts+",v1="+value, secrets, now); err != ErrInvalidSignature {
			t.Errorf("v1 of %d hex digits: got %v, want ErrInvalidSignature", len(value), err)
		}
	}
	// 2000 entries of 66 hex digits (about 140 KB, inside net/http's default 1 MB header limit)
	// before the genuine one: it still verifies, and none of them is decoded.
	header := "t=" + ts + strings.Repeat(",v1="+sig+"00", 2000) + ",v1=" + sig
	allocs := testing.AllocsPerRun(5, func() {
		if err := Verify(body, id, header, secrets, now); err != nil {
			t.Errorf("the genuine signature after 2000 wrong-length entries: %v", err)
		}
	})
	if allocs > 100 {
		t.Errorf("Verify made %.0f allocations for 2000 wrong-length v1 entries and the genuine one: they were decoded and kept, not skipped", allocs)
	}
}
