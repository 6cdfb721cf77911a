package report

import (
	"errors"
	"fmt"
)

// Error codes, mapped to exit codes by the commands and to HTTP statuses by the server.
const (
	EINVALID      = "invalid"      // the input is malformed: a bad file, a wrong form field
	ETOOLARGE     = "too_large"    // the input exceeds a limit
	ENOTFOUND     = "not_found"    // no such thing
	ECONFLICT     = "conflict"     // the thing exists already, or changed meanwhile
	EUNAUTHORIZED = "unauthorized" // not logged in
	EFORBIDDEN    = "forbidden"    // logged in, but not allowed
	EUNAVAILABLE  = "unavailable"  // busy or still working: try again shortly
	EMETHOD       = "method"       // the address exists, but not for this kind of request
	EINTERNAL     = "internal"     // our fault; details go to the log only
)

// Error is an error whose message is fit to show a user: Simplified Chinese, no internals.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with a formatted Chinese message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, a generic one for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "内部错误，请联系管理员"
}
