package cyltrace

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Each transport maps them to its own status in one place.
const (
	EINVALID      = "invalid"      // the input is malformed or breaks a field rule
	ENOTFOUND     = "not_found"    // no such record
	ECONFLICT     = "conflict"     // a unique key is taken (duplicate registration, bound tag)
	EUNAUTHORIZED = "unauthorized" // not authenticated
	EFORBIDDEN    = "forbidden"    // authenticated but not allowed
	ETOOLARGE     = "too_large"    // the request body or file is too large
	EMEDIATYPE    = "media_type"   // the body is not of the content type the endpoint takes
	EREFUSED      = "refused"      // refused by a business rule
	ERATELIMIT    = "rate_limited" // too many requests
	EUNAVAILABLE  = "unavailable"  // a dependency (the database) is not reachable
	EINTERNAL     = "internal"     // anything else; never shown to a client in detail
)

// FieldError names one field that failed a rule. Field is the JSON name, Rule
// a stable machine-readable rule name, Message a sentence a clerk understands.
type FieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// Error is the domain error. Message is safe to show to the user (Chinese);
// Fields lists every bad field of an EINVALID error.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: the *Error's message, or
// a generic one so that internals never leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "系统内部错误，请稍后重试"
}

// FieldErrors collects field errors while validating a record.
type FieldErrors []FieldError

// Add appends one field error.
func (fe *FieldErrors) Add(field, rule, message string) {
	*fe = append(*fe, FieldError{Field: field, Rule: rule, Message: message})
}

// Err returns nil when no field failed, otherwise an EINVALID *Error listing
// every failed field.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "数据校验未通过，请按提示修改", Fields: fe}
}
