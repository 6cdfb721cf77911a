package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"qicao/report"
)

// maxDismissReason bounds a dismissal's reason; a sentence is bounded by the paragraph it came from.
const maxDismissReason = 500

// Dismiss records that a writer judged a finding no error.
func (db *DB) Dismiss(ctx context.Context, d *report.Dismissal, audit report.AuditEntry) error {
	d.Reason = strings.TrimSpace(d.Reason)
	switch {
	case d.Rule == "" || d.Sentence == "" || d.Span == "":
		return report.Errorf(report.EINVALID, "要忽略的审校结果不完整")
	case d.Reason == "":
		return report.Errorf(report.EINVALID, "请填写忽略的理由")
	case utf8.RuneCountInString(d.Reason) > maxDismissReason:
		return report.Errorf(report.EINVALID, "理由不能超过%d个字", maxDismissReason)
	}
	if err := checkText(d.Rule, d.Sentence, d.Span, d.Reason); err != nil {
		return err
	}
	d.Key = report.FindingKey(d.Rule, d.Sentence, d.Span)
	at := now()
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert(`INSERT INTO check_dismissals (workspace_id, rule, sentence, span, finding_key, reason, by_user, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.WorkspaceID, d.Rule, d.Sentence, d.Span, d.Key, d.Reason, nullID(d.By), db.t(at))
		if err != nil {
			return db.classify(err, "这条审校结果已经忽略过了", "工作区不存在")
		}
		d.ID, d.At = id, at
		defaultAudit(&audit, "check.dismiss", fmt.Sprintf("dismissal:%d", id), d.WorkspaceID)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("%s “%s”：%s", d.Rule, d.Span, d.Reason)
		}
		return t.audit(&audit)
	})
}

// Dismissals lists a workspace's dismissals, oldest first.
func (db *DB) Dismissals(ctx context.Context, workspaceID int64) ([]report.Dismissal, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, rule, sentence, span, finding_key, reason, by_user, at
		FROM check_dismissals WHERE workspace_id = ? ORDER BY id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ds []report.Dismissal
	for rows.Next() {
		var d report.Dismissal
		var by sql.NullInt64
		if err := rows.Scan(&d.ID, &d.WorkspaceID, &d.Rule, &d.Sentence, &d.Span, &d.Key, &d.Reason, &by, timeCol{&d.At}); err != nil {
			return nil, err
		}
		d.By = by.Int64
		ds = append(ds, d)
	}
	return ds, rows.Err()
}

// Undismiss removes a dismissal of the workspace.
func (db *DB) Undismiss(ctx context.Context, workspaceID, id int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var span, rule string
		err := t.queryRow("SELECT rule, span FROM check_dismissals WHERE id = ? AND workspace_id = ?", id, workspaceID).Scan(&rule, &span)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "这条忽略记录不存在")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM check_dismissals WHERE id = ?", id); err != nil {
			return err
		}
		defaultAudit(&audit, "check.undismiss", fmt.Sprintf("dismissal:%d", id), workspaceID)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("%s “%s”", rule, span)
		}
		return t.audit(&audit)
	})
}

// AddLexiconWord adds a word to the workspace lexicon.
func (db *DB) AddLexiconWord(ctx context.Context, w *report.LexiconWord, audit report.AuditEntry) error {
	word, err := report.CleanLexiconWord(w.Word)
	if err != nil {
		return err
	}
	if err := checkText(word); err != nil {
		return err
	}
	w.Word = word
	at := now()
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert(`INSERT INTO check_lexicon (workspace_id, word, by_user, at) VALUES (?, ?, ?, ?)`,
			w.WorkspaceID, w.Word, nullID(w.By), db.t(at))
		if err != nil {
			return db.classify(err, "“"+w.Word+"”已在词库中", "工作区不存在")
		}
		w.ID, w.At = id, at
		defaultAudit(&audit, "lexicon.add", fmt.Sprintf("lexicon:%d", id), w.WorkspaceID)
		if audit.Detail == "" {
			audit.Detail = w.Word
		}
		return t.audit(&audit)
	})
}

// Lexicon lists a workspace's words in the order they were added.
func (db *DB) Lexicon(ctx context.Context, workspaceID int64) ([]report.LexiconWord, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, word, by_user, at FROM check_lexicon WHERE workspace_id = ? ORDER BY id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ws []report.LexiconWord
	for rows.Next() {
		var w report.LexiconWord
		var by sql.NullInt64
		if err := rows.Scan(&w.ID, &w.WorkspaceID, &w.Word, &by, timeCol{&w.At}); err != nil {
			return nil, err
		}
		w.By = by.Int64
		ws = append(ws, w)
	}
	return ws, rows.Err()
}

// DeleteLexiconWord removes a word of the workspace lexicon.
func (db *DB) DeleteLexiconWord(ctx context.Context, workspaceID, id int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var word string
		err := t.queryRow("SELECT word FROM check_lexicon WHERE id = ? AND workspace_id = ?", id, workspaceID).Scan(&word)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "词库中没有这个词")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM check_lexicon WHERE id = ?", id); err != nil {
			return err
		}
		defaultAudit(&audit, "lexicon.delete", fmt.Sprintf("lexicon:%d", id), workspaceID)
		if audit.Detail == "" {
			audit.Detail = word
		}
		return t.audit(&audit)
	})
}
