-- API tokens for scripts and the office's OA system: only the SHA-256 of a token is kept.
CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	hash       TEXT    NOT NULL UNIQUE,
	note       TEXT    NOT NULL,
	created_at TEXT    NOT NULL,
	last_used  TEXT,
	revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- 催办: a unit asked to act on something of a workspace ("round:12", "campaign:3").
CREATE TABLE reminders (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	unit_id      INTEGER NOT NULL REFERENCES units (id),
	subject      TEXT    NOT NULL,
	note         TEXT    NOT NULL,
	by_user      INTEGER REFERENCES users (id),
	at           TEXT    NOT NULL
);
CREATE INDEX reminders_unit ON reminders (workspace_id, unit_id, at);
