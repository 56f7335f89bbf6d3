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
	// 2000 entries of 66 hex digits and 2000 of 62 (about 280 KB, inside net/http's default 1 MB
	// header limit) before the genuine one: it still verifies, and none of them is decoded. Each
	// length is measured on its own, so skipping only longer (or only shorter) values fails too.
	for _, wrong := range []string{sig + "00", sig[:62]} {
		header := "t=" + ts + strings.Repeat(",v1="+wrong, 2000) + ",v1=" + sig
		allocs := testing.AllocsPerRun(5, func() {
			if err := Verify(body, id, header, secrets, now); err != nil {
				t.Errorf("the genuine signature after 2000 v1 entries of %d hex digits: %v", len(wrong), err)
			}
		})
		// Without the entries Verify makes about a dozen (the split, the HMAC); one per decoded entry is 2000 more.
		if allocs > 100 {
			t.Errorf("Verify made %.0f allocations for 2000 v1 entries of %d hex digits and the genuine one: they were decoded and kept, not skipped", allocs, len(wrong))
		}
	}
}
