package client

import (
	"fmt"
	"strings"
	"time"

	"cyltrace"
)

// Error is a response of the API that is not a success: an envelope whose
// code is not "200", or, from a proxy in front of the API, a reply that is
// not an envelope at all.
type Error struct {
	// HTTPStatus is the status of the response; the API makes it equal to
	// the envelope's code.
	HTTPStatus int
	// Code is the envelope's code ("400", "401", "403", "404", "409",
	// "413", "415", "422", "429", "500"); for a reply that is not an
	// envelope, the HTTP status as a string.
	Code string
	// Message is the envelope's message, in Chinese and safe to show a clerk.
	Message string
	// Fields lists each bad field of a code "400" response.
	Fields []cyltrace.FieldError
	// RetryAfter is how long the server asked to wait before the next
	// attempt (code "429"); zero when it did not say.
	RetryAfter time.Duration
}

// Error returns the code, the message and each bad field.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cyltrace api: %s %s", e.Code, e.Message)
	if len(e.Fields) > 0 {
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = f.Field + ": " + f.Message
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, "; "))
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " [retry after %s]", e.RetryAfter)
	}
	return b.String()
}

// retryable reports whether a call that failed with e may succeed when sent
// again unchanged.
func (e *Error) retryable() bool {
	switch e.HTTPStatus {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}
