-- 审校: findings a writer dismissed (keyed by rule, sentence and marked text, so a dismissal
-- follows the sentence into later versions and lapses when it is edited) and the workspace
-- lexicon the checker reads as words.

CREATE TABLE check_dismissals (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	rule         TEXT    NOT NULL,
	sentence     TEXT    NOT NULL,
	span         TEXT    NOT NULL,
	finding_key  TEXT    NOT NULL,
	reason       TEXT    NOT NULL,
	by_user      INTEGER REFERENCES users (id),
	at           TEXT    NOT NULL,
	UNIQUE (workspace_id, finding_key)
);

CREATE TABLE check_lexicon (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	word         TEXT    NOT NULL,
	by_user      INTEGER REFERENCES users (id),
	at           TEXT    NOT NULL,
	UNIQUE (workspace_id, word)
);
