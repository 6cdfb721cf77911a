-- Hardening (issue 14): a password handed out by an administrator must be changed at the next
-- login; server_keys holds secrets every instance on the database shares, such as the key that
-- signs the known-browser cookies of the login throttle.

ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE server_keys (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- A withdrawn (撤回) version is kept but left out of the lists, with who withdrew it and why;
-- content_hash tells an upload identical to an earlier version.
ALTER TABLE versions ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE versions ADD COLUMN withdrawn_by BIGINT REFERENCES users (id);
ALTER TABLE versions ADD COLUMN withdraw_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
