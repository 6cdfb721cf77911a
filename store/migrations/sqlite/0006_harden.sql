-- Hardening (issue 14): a password handed out by an administrator must be changed at the next
-- login; server_keys holds secrets every instance on the database shares, such as the key that
-- signs the known-browser cookies of the login throttle.

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

CREATE TABLE server_keys (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
