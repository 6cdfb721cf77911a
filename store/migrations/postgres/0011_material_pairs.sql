-- SQLite indexes material texts for two-character searches from here on; PostgreSQL reads the
-- newest bodies for those until the cap, so it has nothing to change.
SELECT 1;
