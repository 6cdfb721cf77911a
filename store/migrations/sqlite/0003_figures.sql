-- 数据指标: the indicator register of a workspace, the history of its values, the bindings of
-- figures into the text (anchors: rune offsets into a paragraph of the version they were made
-- on, with the quoted words and their context), the mapping of indicator names to departments,
-- the departments' confirmations and the 定稿 overrides.

CREATE TABLE indicators (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	name         TEXT    NOT NULL,
	unit         TEXT    NOT NULL,
	period       TEXT    NOT NULL,
	kind         TEXT    NOT NULL,
	owner_id     INTEGER REFERENCES units (id), -- NULL while unassigned
	value        TEXT    NOT NULL,              -- '' while unfilled
	status       TEXT    NOT NULL,
	source       TEXT    NOT NULL,
	note         TEXT    NOT NULL,
	allow_text   INTEGER NOT NULL DEFAULT 0,
	last_year    TEXT    NOT NULL,
	deadline     TEXT,                          -- NULL when none
	reconfirm    INTEGER NOT NULL DEFAULT 0,
	updated_by   INTEGER REFERENCES users (id),
	updated_at   TEXT    NOT NULL,
	UNIQUE (workspace_id, name)
);
CREATE INDEX indicators_owner ON indicators (owner_id);

CREATE TABLE indicator_history (
	id           INTEGER PRIMARY KEY,
	indicator_id INTEGER NOT NULL REFERENCES indicators (id),
	value        TEXT    NOT NULL,
	status       TEXT    NOT NULL,
	note         TEXT    NOT NULL,
	reason       TEXT    NOT NULL,
	by_user      INTEGER REFERENCES users (id),
	at           TEXT    NOT NULL
);
CREATE INDEX indicator_history_indicator ON indicator_history (indicator_id, id);

CREATE TABLE figure_bindings (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	indicator_id INTEGER NOT NULL REFERENCES indicators (id),
	version_id   INTEGER NOT NULL,
	block_id     TEXT    NOT NULL,
	start_rune   INTEGER NOT NULL,
	end_rune     INTEGER NOT NULL,
	quote        TEXT    NOT NULL,
	prefix       TEXT    NOT NULL,
	suffix       TEXT    NOT NULL,
	created_by   INTEGER REFERENCES users (id),
	created_at   TEXT    NOT NULL,
	FOREIGN KEY (version_id, block_id) REFERENCES paragraphs (version_id, block_id)
);
CREATE INDEX figure_bindings_workspace ON figure_bindings (workspace_id, id);
CREATE INDEX figure_bindings_indicator ON figure_bindings (indicator_id);

CREATE TABLE figure_owners (
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	name         TEXT    NOT NULL,
	unit_id      INTEGER NOT NULL REFERENCES units (id),
	PRIMARY KEY (workspace_id, name)
);

CREATE TABLE figure_confirmations (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	version_id   INTEGER REFERENCES versions (id),
	unit_id      INTEGER NOT NULL REFERENCES units (id),
	by_user      INTEGER REFERENCES users (id),
	at           TEXT    NOT NULL,
	count        INTEGER NOT NULL
);
CREATE INDEX figure_confirmations_workspace ON figure_confirmations (workspace_id, at);

CREATE TABLE final_overrides (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	version_id   INTEGER NOT NULL REFERENCES versions (id),
	reason       TEXT    NOT NULL,
	pending      INTEGER NOT NULL,
	by_user      INTEGER REFERENCES users (id),
	at           TEXT    NOT NULL
);
CREATE INDEX final_overrides_workspace ON final_overrides (workspace_id, id);
