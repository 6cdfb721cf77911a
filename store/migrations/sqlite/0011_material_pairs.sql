-- Two-character searches through the trigram index. Every indexed text ends with char(1), which
-- no search may contain (SearchMaterial scans instead), so that each pair of characters in a text,
-- the last pair included, begins at least one trigram. The vocabulary table then lists the
-- trigrams that begin with a pair, and a search for the pair matches any of them.
-- material_texts.body itself stays as it was: only the index sees the sentinel.
CREATE VIRTUAL TABLE material_vocab USING fts5vocab (material_fts, row);

-- An external-content 'delete' must be given exactly what was indexed.
DROP TRIGGER material_texts_ai;
DROP TRIGGER material_texts_ad;
CREATE TRIGGER material_texts_ai AFTER INSERT ON material_texts BEGIN
	INSERT INTO material_fts (rowid, body) VALUES (new.id, new.body || char(1));
END;
CREATE TRIGGER material_texts_ad AFTER DELETE ON material_texts BEGIN
	INSERT INTO material_fts (material_fts, rowid, body) VALUES ('delete', old.id, old.body || char(1));
END;

-- Reindex what is stored; 'rebuild' would read the bodies without the sentinel.
INSERT INTO material_fts (material_fts) VALUES ('delete-all');
INSERT INTO material_fts (rowid, body) SELECT id, body || char(1) FROM material_texts;
