-- Times are UTC text of fixed width (2006-01-02T15:04:05.000000Z), so they sort and compare in
-- time order. Booleans are 0/1.

CREATE TABLE workspaces (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL UNIQUE,
	year          INTEGER NOT NULL,
	-- the number of the last version, taken and bumped in the transaction that adds one
	version_count INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT    NOT NULL
);

CREATE TABLE units (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT    NOT NULL UNIQUE,
	name          TEXT    NOT NULL,
	title         TEXT    NOT NULL,
	unit_id       INTEGER REFERENCES units (id),
	role          TEXT    NOT NULL,
	group_role    TEXT    NOT NULL,
	password_hash TEXT    NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT    NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE versions (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	number       INTEGER NOT NULL,
	label        TEXT    NOT NULL,
	note         TEXT    NOT NULL,
	author_id    INTEGER REFERENCES users (id),
	filename     TEXT    NOT NULL,
	created_at   TEXT    NOT NULL,
	document     TEXT    NOT NULL, -- JSON of report.Document, the version's source of truth
	UNIQUE (workspace_id, number)
);

-- One row per block, so that comments, figures and decisions can reference a paragraph of a
-- version with a foreign key on (version_id, block_id).
CREATE TABLE paragraphs (
	version_id INTEGER NOT NULL REFERENCES versions (id),
	position   INTEGER NOT NULL,
	block_id   TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	level      INTEGER NOT NULL,
	text       TEXT    NOT NULL,
	PRIMARY KEY (version_id, block_id),
	UNIQUE (version_id, position)
);

-- A paragraph may continue in several (split) and several may continue in one (merged);
-- to_block is NULL when the paragraph was deleted.
CREATE TABLE successors (
	from_version INTEGER NOT NULL,
	from_block   TEXT    NOT NULL,
	to_version   INTEGER NOT NULL REFERENCES versions (id),
	to_block     TEXT,
	FOREIGN KEY (from_version, from_block) REFERENCES paragraphs (version_id, block_id),
	FOREIGN KEY (to_version, to_block) REFERENCES paragraphs (version_id, block_id),
	UNIQUE (from_version, from_block, to_version, to_block)
);
CREATE INDEX successors_to ON successors (to_version, to_block);

CREATE TABLE sessions (
	token_hash TEXT    PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	csrf_token TEXT    NOT NULL,
	created_at TEXT    NOT NULL,
	expires_at TEXT    NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
	id        INTEGER PRIMARY KEY,
	login_key TEXT NOT NULL,
	at        TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (login_key, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- No foreign keys: the log outlives what it names and also records anonymous attempts (user 0).
CREATE TABLE audit_log (
	id           INTEGER PRIMARY KEY,
	at           TEXT    NOT NULL,
	user_id      INTEGER NOT NULL,
	action       TEXT    NOT NULL,
	target       TEXT    NOT NULL,
	detail       TEXT    NOT NULL,
	remote_addr  TEXT    NOT NULL,
	workspace_id INTEGER NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);
