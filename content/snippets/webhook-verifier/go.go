package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidSignature is returned for any verification failure; log the detail, answer 400.
var ErrInvalidSignature = errors.New("invalid webhook signature")

// ${1:Verify} checks a "t=<unix seconds>,v1=<hex hmac>" header against the raw body (the exact
// bytes received) under any of the secrets, and rejects timestamps outside the tolerance so a
// captured request cannot be replayed later. Inside the tolerance a replay still verifies, and
// X-Webhook-Id is not signed (a replay can carry a fresh one). One signature has several spellings
// (hex case, extra v1 entries, spaces), so key a replay store on what was signed, never on the
// header text: the timestamp as an integer plus the SHA-256 of the raw body. Record that key
// atomically and refuse the request when it was already there: Redis
// `SET <key> 1 NX EXAT <t + tolerance + clock skew>` (nil means seen), or
// `INSERT ... ON CONFLICT DO NOTHING` and check the row count (0 means seen). A read followed by a
// separate write lets two concurrent copies both pass. Only after that check record the event id,
// which deduplicates the sender's retries (it re-signs them with a fresh timestamp).
func $1(rawBody []byte, header string, secrets [][]byte, now time.Time) error {
	const tolerance = ${2:5 * time.Minute}
	var timestamp int64 = -1
	var signatures [][]byte
	for _, part := range strings.Split(header, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch key {
		case "t":
			// Decimal digits only: ParseInt also takes a leading '+'.
			if t, err := strconv.ParseInt(value, 10, 64); err == nil && !strings.HasPrefix(value, "+") {
				timestamp = t
			}
		case "v1":
			if sig, err := hex.DecodeString(value); err == nil {
				signatures = append(signatures, sig)
			}
		}
	}
	if timestamp < 0 || len(signatures) == 0 {
		return ErrInvalidSignature
	}
	age := now.Sub(time.Unix(timestamp, 0))
	if age > tolerance || age < -tolerance {
		return ErrInvalidSignature
	}
	for _, secret := range secrets {
		if strings.Trim(string(secret), "\x00") == "" {
			// An unset secret (an empty env var, say the retired one) is a key everybody knows, and so is
			// one of zero bytes only: HMAC pads a short key with zeros, so it signs like the empty key.
			continue
		}
		mac := hmac.New(sha256.New, secret)
		mac.Write([]byte(strconv.FormatInt(timestamp, 10) + "."))
		mac.Write(rawBody)
		expected := mac.Sum(nil)
		for _, sig := range signatures {
			// hmac.Equal is constant time: no timing hint about how much of a guess was right.
			if hmac.Equal(sig, expected) {
				return nil
			}
		}
	}
	return ErrInvalidSignature
}
$0
