-- Searched bodies are stored uncompressed: a search re-reads each candidate body to confirm the
-- substring, and decompressing tens of kilobytes per candidate cost more than the reading
-- itself. The space this takes is the plain text, a few hundred megabytes at the most.
ALTER TABLE material_texts ALTER COLUMN body SET STORAGE EXTERNAL;
-- Rows already stored keep their compressed form until rewritten.
UPDATE material_texts SET body = body || '';
