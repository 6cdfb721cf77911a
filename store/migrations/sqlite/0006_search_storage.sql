-- PostgreSQL stores searched bodies uncompressed from here on; SQLite never compresses them and
-- its FTS5 trigram index confirms matches without reading bodies, so it has nothing to change.
SELECT 1;
