-- 审议 and 起草说明: the workspace's stages, the stage each version was made for, review
-- meetings, their instructions (anchored like comments) with how each was carried out, and the
-- principles text of the 起草说明. Days (due_on, held_on) are 'YYYY-MM-DD' text.

ALTER TABLE versions ADD COLUMN stage TEXT NOT NULL DEFAULT '';

CREATE TABLE stages (
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	position     INTEGER NOT NULL,
	name         TEXT    NOT NULL,
	due_on       TEXT    NOT NULL, -- '' when not planned
	PRIMARY KEY (workspace_id, position),
	UNIQUE (workspace_id, name)
);

CREATE TABLE meetings (
	id               INTEGER PRIMARY KEY,
	workspace_id     INTEGER NOT NULL REFERENCES workspaces (id),
	kind             TEXT    NOT NULL,
	held_on          TEXT    NOT NULL,
	presiding_id     INTEGER REFERENCES users (id),
	attendees        TEXT    NOT NULL, -- one name a line
	version_id       INTEGER NOT NULL REFERENCES versions (id),
	minutes_text     TEXT    NOT NULL,
	minutes_filename TEXT    NOT NULL,
	created_by       INTEGER REFERENCES users (id),
	created_at       TEXT    NOT NULL
);
CREATE INDEX meetings_workspace ON meetings (workspace_id, held_on);

CREATE TABLE instructions (
	id           INTEGER PRIMARY KEY,
	meeting_id   INTEGER NOT NULL REFERENCES meetings (id),
	version_id   INTEGER NOT NULL REFERENCES versions (id),
	block_id     TEXT,
	anchor_start INTEGER NOT NULL,
	anchor_end   INTEGER NOT NULL,
	quote        TEXT    NOT NULL,
	prefix       TEXT    NOT NULL,
	suffix       TEXT    NOT NULL,
	body         TEXT    NOT NULL,
	given_by     TEXT    NOT NULL,
	assignee_id  INTEGER REFERENCES users (id),
	status       TEXT    NOT NULL DEFAULT '',
	outcome      TEXT    NOT NULL DEFAULT '',
	in_version   INTEGER REFERENCES versions (id),
	marked_by    INTEGER REFERENCES users (id),
	marked_at    TEXT,
	created_by   INTEGER REFERENCES users (id),
	created_at   TEXT    NOT NULL,
	FOREIGN KEY (version_id, block_id) REFERENCES paragraphs (version_id, block_id)
);
CREATE INDEX instructions_meeting ON instructions (meeting_id, id);

CREATE TABLE explanation_texts (
	workspace_id INTEGER PRIMARY KEY REFERENCES workspaces (id),
	principles   TEXT    NOT NULL,
	updated_by   INTEGER REFERENCES users (id),
	updated_at   TEXT    NOT NULL
);
