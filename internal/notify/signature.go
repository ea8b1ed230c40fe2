package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Webhook headers.
const (
	HeaderTimestamp = "X-Chuhai-Timestamp" // Unix seconds when the request was signed
	HeaderSignature = "X-Chuhai-Signature" // "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>"
	HeaderDelivery  = "X-Chuhai-Delivery"  // the outbox id: the same on every retry, for de-duplication
	HeaderTopic     = "X-Chuhai-Topic"
)

// DefaultTolerance is how old (or how far in the future) a signed timestamp may be.
const DefaultTolerance = 5 * time.Minute

// Sign returns the signature header value for body signed at timestamp.
func Sign(secret string, timestamp int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Errors from Verify.
var (
	ErrBadTimestamp = errors.New("webhook: malformed timestamp")
	ErrStale        = errors.New("webhook: timestamp outside the tolerance (replay?)")
	ErrBadSignature = errors.New("webhook: signature does not match")
)

// Verify checks a received webhook as a receiver should: the timestamp header must be within
// tolerance of now (DefaultTolerance when tolerance ≤ 0), so a captured request cannot be replayed
// later, and the signature must be the HMAC of exactly "<timestamp>.<body>", compared in constant
// time.
func Verify(secret, timestamp string, body []byte, signature string, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || ts <= 0 || strings.TrimSpace(timestamp) != timestamp {
		return ErrBadTimestamp
	}
	age := now.Sub(time.Unix(ts, 0))
	if age > tolerance || age < -tolerance {
		return ErrStale
	}
	if !strings.HasPrefix(signature, "sha256=") {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(strings.TrimPrefix(signature, "sha256="))
	if err != nil {
		return ErrBadSignature
	}
	want, _ := hex.DecodeString(strings.TrimPrefix(Sign(secret, ts, body), "sha256="))
	if !hmac.Equal(got, want) {
		return ErrBadSignature
	}
	return nil
}
