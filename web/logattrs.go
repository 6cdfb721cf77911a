package web

import (
	"log/slog"
	"net/http"
)

// levelFor logs server errors as errors, so a quiet log means a healthy server.
func levelFor(status int) slog.Level {
	if status >= http.StatusInternalServerError {
		return slog.LevelError
	}
	return slog.LevelInfo
}
