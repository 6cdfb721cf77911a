-- 材料征集 and 调研: campaigns with their items and recipients, submissions (history kept: a
-- replacement clears `is_current` on the one it replaces), file bytes apart from their rows,
-- 民生实事 proposals, excerpts, research teams, visits and minutes, and the text index.
-- Days (issued_on, visited_on) are 'YYYY-MM-DD' text.

CREATE TABLE campaigns (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	title        TEXT    NOT NULL,
	office       TEXT    NOT NULL,
	doc_number   TEXT    NOT NULL,
	issued_on    TEXT    NOT NULL,
	deadline     TEXT    NOT NULL,
	note         TEXT    NOT NULL,
	contact_name TEXT    NOT NULL,
	phone        TEXT    NOT NULL,
	opened_by    INTEGER REFERENCES users (id),
	opened_at    TEXT    NOT NULL
);
CREATE INDEX campaigns_workspace ON campaigns (workspace_id);

CREATE TABLE campaign_items (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
	position    INTEGER NOT NULL,
	name        TEXT    NOT NULL,
	required    INTEGER NOT NULL,
	note        TEXT    NOT NULL,
	structured  INTEGER NOT NULL,
	UNIQUE (campaign_id, name)
);

CREATE TABLE campaign_units (
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
	unit_id     INTEGER NOT NULL REFERENCES units (id),
	PRIMARY KEY (campaign_id, unit_id)
);

-- uploaded files' bytes, read only when downloaded
CREATE TABLE material_files (
	id   INTEGER PRIMARY KEY,
	data BLOB NOT NULL
);

CREATE TABLE submissions (
	id          INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
	item_id     INTEGER NOT NULL REFERENCES campaign_items (id),
	unit_id     INTEGER NOT NULL REFERENCES units (id),
	filename    TEXT    NOT NULL,
	format      TEXT    NOT NULL,
	size        INTEGER NOT NULL,
	file_id     INTEGER REFERENCES material_files (id),
	text        TEXT    NOT NULL,
	document    TEXT    NOT NULL, -- the engine's document as JSON, '' when not read
	contact     TEXT    NOT NULL,
	phone       TEXT    NOT NULL,
	by_user     INTEGER REFERENCES users (id),
	at          TEXT    NOT NULL,
	late        INTEGER NOT NULL,
	reason      TEXT    NOT NULL,
	is_current  INTEGER NOT NULL
);
CREATE INDEX submissions_campaign ON submissions (campaign_id, unit_id);
CREATE UNIQUE INDEX submissions_current ON submissions (item_id, unit_id) WHERE is_current = 1;

CREATE TABLE projects (
	id            INTEGER PRIMARY KEY,
	submission_id INTEGER NOT NULL REFERENCES submissions (id),
	campaign_id   INTEGER NOT NULL REFERENCES campaigns (id),
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	position      INTEGER NOT NULL,
	name          TEXT    NOT NULL,
	content       TEXT    NOT NULL,
	funds         TEXT    NOT NULL,
	owner         TEXT    NOT NULL,
	due           TEXT    NOT NULL,
	selected      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX projects_submission ON projects (submission_id);
CREATE INDEX projects_campaign ON projects (campaign_id);

CREATE TABLE research_teams (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	name         TEXT    NOT NULL,
	leader       TEXT    NOT NULL,
	members      TEXT    NOT NULL,
	created_by   INTEGER REFERENCES users (id),
	created_at   TEXT    NOT NULL,
	UNIQUE (workspace_id, name)
);

CREATE TABLE visits (
	id         INTEGER PRIMARY KEY,
	team_id    INTEGER NOT NULL REFERENCES research_teams (id),
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	visited_on TEXT    NOT NULL,
	topic      TEXT    NOT NULL,
	created_by INTEGER REFERENCES users (id),
	created_at TEXT    NOT NULL
);
CREATE INDEX visits_team ON visits (team_id);

CREATE TABLE minutes (
	id       INTEGER PRIMARY KEY,
	visit_id INTEGER NOT NULL REFERENCES visits (id),
	filename TEXT    NOT NULL,
	format   TEXT    NOT NULL,
	size     INTEGER NOT NULL,
	file_id  INTEGER REFERENCES material_files (id),
	text     TEXT    NOT NULL,
	document TEXT    NOT NULL,
	by_user  INTEGER REFERENCES users (id),
	at       TEXT    NOT NULL
);
CREATE INDEX minutes_visit ON minutes (visit_id);

CREATE TABLE excerpts (
	id            INTEGER PRIMARY KEY,
	workspace_id  INTEGER NOT NULL REFERENCES workspaces (id),
	submission_id INTEGER REFERENCES submissions (id),
	minutes_id    INTEGER REFERENCES minutes (id),
	quote         TEXT    NOT NULL,
	note          TEXT    NOT NULL,
	version_id    INTEGER NOT NULL REFERENCES versions (id),
	block_id      TEXT    NOT NULL,
	by_user       INTEGER REFERENCES users (id),
	at            TEXT    NOT NULL,
	FOREIGN KEY (version_id, block_id) REFERENCES paragraphs (version_id, block_id)
);
CREATE INDEX excerpts_workspace ON excerpts (workspace_id);

-- The searchable text of current submissions and minutes, Latin letters folded to lower case
-- (by the application, rune for rune, so offsets match the original text). The FTS5 trigram
-- index finds substrings of three or more characters; triggers keep it in step.
CREATE TABLE material_texts (
	id            INTEGER PRIMARY KEY,
	workspace_id  INTEGER NOT NULL REFERENCES workspaces (id),
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	submission_id INTEGER REFERENCES submissions (id),
	minutes_id    INTEGER REFERENCES minutes (id),
	label         TEXT    NOT NULL,
	body          TEXT    NOT NULL
);
CREATE INDEX material_texts_workspace ON material_texts (workspace_id);
CREATE INDEX material_texts_submission ON material_texts (submission_id);

CREATE VIRTUAL TABLE material_fts USING fts5 (
	body, content = 'material_texts', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
);
CREATE TRIGGER material_texts_ai AFTER INSERT ON material_texts BEGIN
	INSERT INTO material_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER material_texts_ad AFTER DELETE ON material_texts BEGIN
	INSERT INTO material_fts (material_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
