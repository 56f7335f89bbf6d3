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

// ErrInvalidSignature is returned for every verification failure, with no detail of which check
// failed (a forger learns nothing from the answer, and neither does your log): answer 400.
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
// tolerance a replay still verifies, but it can only repeat a signed id, as the sender's retries do
// (same id, fresh timestamp), so deduplicate on the verified id, recorded where a crash cannot keep
// the id and lose the event. If the handler's effects are in one database, insert the id in the
// same transaction, before them:
// `INSERT INTO webhook_events (id) VALUES (<id>) ON CONFLICT DO NOTHING`; 0 rows means it was
// processed before (commit nothing, answer 2xx); else apply the effects (or only enqueue the work
// in a table there), commit, answer 2xx. An error or crash before the commit rolls the id back with
// the effects: answer 5xx (or nothing) and the sender's retry is processed. A concurrent copy's
// insert waits for that transaction (READ COMMITTED, PostgreSQL's default), then sees the id or
// takes over. Under REPEATABLE READ or SERIALIZABLE, when the first copy commits, the waiting
// insert fails with SQLSTATE 40001 (serialization failure) instead: answer 5xx, and the sender's
// retry sees the id (still safe). Effects outside that database (an email, another API) must be
// idempotent, keyed by the event id, and the id recorded only after they succeed (that insert, or
// Redis `SET <id> 1 EX <seconds>`): a crash in between repeats them harmlessly. Never record the id
// first in a write of its own: after a crash the retry looks like a replay and the event is lost.
// Keep ids longer than the sender retries (days), and answer 2xx, not 4xx, to an id already done: a
// 4xx is a failed delivery to the sender.
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
			// Exactly the digest's 64 hex digits, as the other variants read it: no other length can
			// match, so it is skipped before it is decoded (and kept) at all.
			if len(value) != hex.EncodedLen(sha256.Size) {
				continue
			}
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
