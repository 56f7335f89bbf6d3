package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidSignature is returned for any verification failure; log the detail, answer 400.
var ErrInvalidSignature = errors.New("invalid webhook signature")

var (
	eventID       = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}\$`)
	timestampText = regexp.MustCompile(`^[1-9][0-9]{0,11}\$`)
)

// ${1:Verify} checks a "t=<unix seconds>,v1=<hex hmac>" header against the event id and the raw
// body (the exact bytes received) under any of the secrets, and rejects timestamps outside the
// tolerance so a captured request cannot be replayed later. The HMAC covers "<id>.<t>.<body>", the
// content Standard Webhooks signs, so neither the id nor the timestamp can be changed; the headers
// are not Standard Webhooks' (whose libraries would not verify them). The id must be 1 to 128 of
// A-Z a-z 0-9 _ -: a '.' in it would make the split of the signed text ambiguous. Inside the
// tolerance a replay still verifies, but it can only repeat a signed id: record the verified id
// atomically and skip the event when it was already there: Redis
// `SET <id> 1 NX EX <longer than the sender retries, days>` (nil means seen), or
// `INSERT ... ON CONFLICT DO NOTHING` and check the row count (0 means seen). A read followed by a
// separate write lets two concurrent copies both pass. The same record drops the sender's retries,
// which carry the same id with a fresh timestamp.
func $1(rawBody []byte, webhookID string, header string, secrets [][]byte, now time.Time) error {
	const tolerance = ${2:5 * time.Minute}
	if !eventID.MatchString(webhookID) {
		return ErrInvalidSignature
	}
	var timestamp int64 = -1
	var signatures [][]byte
	for _, part := range strings.Split(header, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch key {
		case "t":
			// Decimal digits, no leading zero (one spelling per value): ParseInt also takes "+1" and "0123".
			if timestampText.MatchString(value) {
				timestamp, _ = strconv.ParseInt(value, 10, 64)
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
		mac.Write([]byte(webhookID + "." + strconv.FormatInt(timestamp, 10) + "."))
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
