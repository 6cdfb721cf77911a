-- The file each version was uploaded as, byte for byte, so that the writer's own Word file can
-- be had back beside the GB/T 9704 copy qicao writes. Versions added before this have none.

CREATE TABLE version_files (
	version_id INTEGER PRIMARY KEY REFERENCES versions (id),
	sha256     TEXT    NOT NULL,
	size       INTEGER NOT NULL,
	data       BLOB    NOT NULL
);
