package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"qicao/report"
)

// Rows per multi-row INSERT: few round trips for a 200-paragraph report, far below either
// database's limit on parameters.
const batchRows = 100

func checkVersion(v *report.Version) error {
	if v.Doc == nil {
		return report.Errorf(report.EINVALID, "版本没有文档内容")
	}
	if err := checkName("版本名称", v.Label); err != nil {
		return err
	}
	if err := checkText(v.Note, v.Filename, v.Stage, v.Doc.Title, v.Doc.Subtitle, v.Doc.Speaker); err != nil {
		return err
	}
	seen := make(map[string]bool, len(v.Doc.Blocks))
	for i := range v.Doc.Blocks {
		b := &v.Doc.Blocks[i]
		if b.ID == "" || seen[b.ID] {
			return report.Errorf(report.EINVALID, "文档第 %d 段的标识为空或重复", i+1)
		}
		seen[b.ID] = true
		if err := checkText(b.ID, b.Text); err != nil {
			return err
		}
		for _, row := range b.Rows {
			if err := checkText(row...); err != nil {
				return err
			}
		}
	}
	return nil
}

// AddVersion numbers v within its workspace, stores its document and paragraphs, and stores the
// links from the previous version's paragraphs. It sets v.ID, v.Number, v.CreatedAt and the
// ToVersion of every link to v.ID: the caller cannot know the new version's ID beforehand.
func (db *DB) AddVersion(ctx context.Context, v *report.Version, links []report.Successor, audit report.AuditEntry) error {
	if err := checkVersion(v); err != nil {
		return err
	}
	seen := make(map[report.Successor]bool, len(links))
	for _, l := range links {
		if err := checkText(l.FromBlock, l.ToBlock); err != nil {
			return err
		}
		l.ToVersion = 0
		if seen[l] {
			return report.Errorf(report.EINVALID, "段落对应关系重复")
		}
		seen[l] = true
	}
	doc, err := json.Marshal(v.Doc)
	if err != nil {
		return fmt.Errorf("encode document: %w", err)
	}
	created := now()
	hash := v.Doc.ContentHash()
	return db.tx(ctx, func(t *tx) error {
		// Bumping the workspace's counter numbers the version and, in PostgreSQL, locks the
		// workspace row until commit, so concurrent uploads from several instances queue here
		// and get consecutive numbers. SQLite's IMMEDIATE transactions serialise all writers.
		var number int
		err := t.queryRow("UPDATE workspaces SET version_count = version_count + 1 WHERE id = ? RETURNING version_count", v.WorkspaceID).Scan(&number)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "工作区不存在")
		}
		if err != nil {
			return err
		}
		if v.Stage != "" {
			if err := t.checkStage(v.WorkspaceID, v.Stage); err != nil {
				return err
			}
		}
		id, err := t.insert(`INSERT INTO versions (workspace_id, number, label, note, author_id, filename, created_at, document, stage, content_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.WorkspaceID, number, v.Label, v.Note, nullID(v.AuthorID), v.Filename, db.t(created), string(doc), v.Stage, hash)
		if err != nil {
			return db.classify(err, "版本号冲突，请重试", "作者不存在")
		}
		if err := t.insertParagraphs(id, v.Doc.Blocks); err != nil {
			return err
		}
		if v.Original != nil {
			// The original is part of the version's creation: stored, and named in its audit
			// entry by size and hash, in the same transaction.
			sum := sha256.Sum256(v.Original)
			if _, err := t.exec("INSERT INTO version_files (version_id, sha256, size, data) VALUES (?, ?, ?, ?)",
				id, hex.EncodeToString(sum[:]), len(v.Original), v.Original); err != nil {
				return fmt.Errorf("version file: %w", err)
			}
			v.OriginalSize = int64(len(v.Original))
			audit.Detail = strings.TrimSpace(audit.Detail + fmt.Sprintf(" 原件 %d 字节 sha256:%s", len(v.Original), hex.EncodeToString(sum[:])))
		}
		if err := t.insertLinks(v.WorkspaceID, id, links); err != nil {
			return err
		}
		v.ID, v.Number, v.CreatedAt, v.ContentHash = id, number, created, hash
		for i := range links {
			links[i].ToVersion = id
		}
		defaultAudit(&audit, "version.add", fmt.Sprintf("version:%d", id), v.WorkspaceID)
		return t.audit(&audit)
	})
}

func (t *tx) insertParagraphs(version int64, blocks []report.Block) error {
	for start := 0; start < len(blocks); start += batchRows {
		end := min(start+batchRows, len(blocks))
		args := make([]any, 0, 6*(end-start))
		for i := start; i < end; i++ {
			b := &blocks[i]
			args = append(args, version, i, b.ID, b.Kind.String(), b.Level, b.Text)
		}
		q := "INSERT INTO paragraphs (version_id, position, block_id, kind, level, text) VALUES " + values(end-start, 6)
		if _, err := t.exec(q, args...); err != nil {
			return fmt.Errorf("paragraphs: %w", err)
		}
	}
	return nil
}

func (t *tx) insertLinks(workspace, version int64, links []report.Successor) error {
	// A link may only come from a version of the same workspace; the foreign keys check that
	// both paragraphs exist.
	from := map[int64]bool{}
	for _, l := range links {
		if from[l.FromVersion] {
			continue
		}
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM versions WHERE id = ?", l.FromVersion).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (ws != workspace || l.FromVersion == version)) {
			return report.Errorf(report.EINVALID, "段落对应关系指向无效的版本")
		}
		if err != nil {
			return err
		}
		from[l.FromVersion] = true
	}
	for start := 0; start < len(links); start += batchRows {
		end := min(start+batchRows, len(links))
		args := make([]any, 0, 4*(end-start))
		for _, l := range links[start:end] {
			to := sql.NullString{String: l.ToBlock, Valid: l.ToBlock != ""}
			args = append(args, l.FromVersion, l.FromBlock, version, to)
		}
		q := "INSERT INTO successors (from_version, from_block, to_version, to_block) VALUES " + values(end-start, 4)
		if _, err := t.exec(q, args...); err != nil {
			return t.db.classify(err, "", "段落对应关系指向不存在的段落")
		}
	}
	return nil
}

// values returns rows groups of cols placeholders: (?, ?), (?, ?).
func values(rows, cols int) string {
	group := "(" + strings.Repeat("?, ", cols-1) + "?)"
	return strings.Repeat(group+", ", rows-1) + group
}

const versionColumns = "id, workspace_id, number, label, note, author_id, filename, created_at, stage, " +
	"content_hash, withdrawn_at, withdrawn_by, withdraw_reason, " +
	"(SELECT size FROM version_files WHERE version_files.version_id = versions.id)"

func scanVersion(row interface{ Scan(...any) error }, extra ...any) (*report.Version, error) {
	var v report.Version
	var author, by, original sql.NullInt64
	dest := append([]any{&v.ID, &v.WorkspaceID, &v.Number, &v.Label, &v.Note, &author, &v.Filename, timeCol{&v.CreatedAt}, &v.Stage,
		&v.ContentHash, nullTimeCol{&v.WithdrawnAt}, &by, &v.WithdrawReason, &original}, extra...)
	err := row.Scan(dest...)
	v.AuthorID, v.WithdrawnBy, v.OriginalSize = author.Int64, by.Int64, original.Int64
	return &v, err
}

// Versions lists a workspace's versions, the first first, without their documents.
func (db *DB) Versions(ctx context.Context, workspaceID int64) ([]report.Version, error) {
	if _, err := db.Workspace(ctx, workspaceID); err != nil {
		return nil, err
	}
	return db.listVersions(ctx, "workspace_id = ? AND withdrawn_at IS NULL", workspaceID)
}

// WithdrawnVersions lists a workspace's withdrawn versions, the first first.
func (db *DB) WithdrawnVersions(ctx context.Context, workspaceID int64) ([]report.Version, error) {
	if _, err := db.Workspace(ctx, workspaceID); err != nil {
		return nil, err
	}
	return db.listVersions(ctx, "workspace_id = ? AND withdrawn_at IS NOT NULL", workspaceID)
}

func (db *DB) listVersions(ctx context.Context, where string, workspaceID int64) ([]report.Version, error) {
	rows, err := db.query(ctx, "SELECT "+versionColumns+" FROM versions WHERE "+where+" ORDER BY number", workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []report.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		vs = append(vs, *v)
	}
	return vs, rows.Err()
}

// Version returns a version with its document.
func (db *DB) Version(ctx context.Context, id int64) (*report.Version, error) {
	if doc := db.docs.get(id); doc != nil {
		v, err := scanVersion(db.queryRow(ctx, "SELECT "+versionColumns+" FROM versions WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, report.Errorf(report.ENOTFOUND, "版本不存在")
		}
		if err != nil {
			return nil, err
		}
		v.Doc = doc
		return v, nil
	}
	var doc string
	v, err := scanVersion(db.queryRow(ctx, "SELECT "+versionColumns+", document FROM versions WHERE id = ?", id), &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "版本不存在")
	}
	if err != nil {
		return nil, err
	}
	v.Doc = new(report.Document)
	if err := json.Unmarshal([]byte(doc), v.Doc); err != nil {
		return nil, fmt.Errorf("version %d: decode document: %w", id, err)
	}
	db.docs.put(id, v.Doc)
	return v, nil
}

// VersionOriginal returns the file a version was uploaded as.
func (db *DB) VersionOriginal(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := db.queryRow(ctx, "SELECT data FROM version_files WHERE version_id = ?", id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "这个版本没有保存上传的原件")
	}
	if err != nil {
		return nil, err
	}
	return data, nil
}

// Successors returns the links from a version's paragraphs into later versions, in the order of
// the paragraphs.
func (db *DB) Successors(ctx context.Context, fromVersion int64) ([]report.Successor, error) {
	var n int
	if err := db.queryRow(ctx, "SELECT count(*) FROM versions WHERE id = ?", fromVersion).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, report.Errorf(report.ENOTFOUND, "版本不存在")
	}
	rows, err := db.query(ctx, `SELECT s.from_version, s.from_block, s.to_version, s.to_block
		FROM successors s JOIN paragraphs p ON p.version_id = s.from_version AND p.block_id = s.from_block
		LEFT JOIN paragraphs q ON q.version_id = s.to_version AND q.block_id = s.to_block
		WHERE s.from_version = ? ORDER BY p.position, s.to_version, q.position IS NULL, q.position`, fromVersion)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ss []report.Successor
	for rows.Next() {
		var s report.Successor
		var to sql.NullString
		if err := rows.Scan(&s.FromVersion, &s.FromBlock, &s.ToVersion, &to); err != nil {
			return nil, err
		}
		s.ToBlock = to.String
		ss = append(ss, s)
	}
	return ss, rows.Err()
}

// WithdrawVersion withdraws a version: it stays stored, with its comments, figures and links,
// but lists leave it out. Only the latest listed version may be withdrawn, so that the chain of
// successor links from one listed version to the next stays whole.
func (db *DB) WithdrawVersion(ctx context.Context, id int64, reason string, audit report.AuditEntry) error {
	if blank(reason) {
		return report.Errorf(report.EINVALID, "请说明撤回的原因")
	}
	if err := checkText(reason); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		var number int
		var withdrawn sql.NullString
		err := t.queryRow("SELECT workspace_id, number, CAST(withdrawn_at AS TEXT) FROM versions WHERE id = ?", id).Scan(&ws, &number, &withdrawn)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "版本不存在")
		} else if err != nil {
			return err
		}
		if withdrawn.Valid {
			return report.Errorf(report.ECONFLICT, "此版本已经撤回")
		}
		var later int
		if err := t.queryRow("SELECT count(*) FROM versions WHERE workspace_id = ? AND number > ? AND withdrawn_at IS NULL", ws, number).Scan(&later); err != nil {
			return err
		}
		if later > 0 {
			return report.Errorf(report.ECONFLICT, "之后已有新版本，只能撤回最新的版本")
		}
		at := audit.At
		if at.IsZero() {
			at = now()
		}
		if _, err := t.exec("UPDATE versions SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? WHERE id = ?",
			db.t(at), nullID(audit.UserID), reason, id); err != nil {
			return err
		}
		defaultAudit(&audit, "version.withdraw", fmt.Sprintf("version:%d", id), ws)
		return t.audit(&audit)
	})
}

// RestoreVersion lists a withdrawn version again, while no later version is listed (its
// successors would skip it).
func (db *DB) RestoreVersion(ctx context.Context, id int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		var number int
		var withdrawn sql.NullString
		err := t.queryRow("SELECT workspace_id, number, CAST(withdrawn_at AS TEXT) FROM versions WHERE id = ?", id).Scan(&ws, &number, &withdrawn)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "版本不存在")
		} else if err != nil {
			return err
		}
		if !withdrawn.Valid {
			return report.Errorf(report.ECONFLICT, "此版本没有撤回")
		}
		var later int
		if err := t.queryRow("SELECT count(*) FROM versions WHERE workspace_id = ? AND number > ? AND withdrawn_at IS NULL", ws, number).Scan(&later); err != nil {
			return err
		}
		if later > 0 {
			return report.Errorf(report.ECONFLICT, "撤回之后已上传了新版本，不能再恢复此版本")
		}
		if _, err := t.exec("UPDATE versions SET withdrawn_at = NULL, withdrawn_by = NULL, withdraw_reason = '' WHERE id = ?", id); err != nil {
			return err
		}
		defaultAudit(&audit, "version.restore", fmt.Sprintf("version:%d", id), ws)
		return t.audit(&audit)
	})
}
