-- 征求意见: comment rounds on a version, the units invited, their comments and the decisions.

CREATE TABLE rounds (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	version_id   INTEGER NOT NULL REFERENCES versions (id),
	title        TEXT    NOT NULL,
	deadline     TEXT    NOT NULL,
	note         TEXT    NOT NULL,
	contact      TEXT    NOT NULL, -- 联系人 and phone printed on the notice
	phone        TEXT    NOT NULL,
	opened_by    INTEGER REFERENCES users (id),
	opened_at    TEXT    NOT NULL,
	extended_at  TEXT,
	closed_at    TEXT
);
CREATE INDEX rounds_workspace ON rounds (workspace_id, id);

-- One row per invited unit: when it first read the version, and its answer (sent or 无意见).
CREATE TABLE round_units (
	round_id      INTEGER NOT NULL REFERENCES rounds (id),
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	viewed_at     TEXT,
	sent_at       TEXT,
	no_comment_at TEXT,
	answered_by   INTEGER REFERENCES users (id),
	PRIMARY KEY (round_id, unit_id)
);
CREATE INDEX round_units_unit ON round_units (unit_id);

-- The anchor: the round's version, a paragraph (NULL for the report as a whole), rune offsets in
-- its text, the quoted text and a little context on each side.
CREATE TABLE comments (
	id           INTEGER PRIMARY KEY,
	round_id     INTEGER NOT NULL REFERENCES rounds (id),
	unit_id      INTEGER NOT NULL REFERENCES units (id),
	author_id    INTEGER REFERENCES users (id),
	seminar      INTEGER NOT NULL DEFAULT 0,
	version_id   INTEGER NOT NULL REFERENCES versions (id),
	block_id     TEXT,
	anchor_start INTEGER NOT NULL,
	anchor_end   INTEGER NOT NULL,
	quote        TEXT    NOT NULL,
	prefix       TEXT    NOT NULL,
	suffix       TEXT    NOT NULL,
	body         TEXT    NOT NULL,
	proposal     TEXT    NOT NULL,
	state        TEXT    NOT NULL,
	created_at   TEXT    NOT NULL,
	sent_at      TEXT,
	FOREIGN KEY (version_id, block_id) REFERENCES paragraphs (version_id, block_id)
);
CREATE INDEX comments_round ON comments (round_id, state, id);
CREATE INDEX comments_unit ON comments (round_id, unit_id, state);

-- The latest decision on a comment (earlier ones are in the audit log) and the passage of a
-- later version that carries it out.
CREATE TABLE decisions (
	comment_id     INTEGER PRIMARY KEY REFERENCES comments (id),
	decision       TEXT    NOT NULL,
	reason         TEXT    NOT NULL,
	decided_by     INTEGER REFERENCES users (id),
	decided_at     TEXT    NOT NULL,
	link_version   INTEGER REFERENCES versions (id),
	link_block     TEXT    NOT NULL DEFAULT '',
	link_confirmed INTEGER NOT NULL DEFAULT 0
);
