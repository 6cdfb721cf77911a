package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/report"
)

// Limits of the comment round, checked in the store so that no caller can exceed them.
const (
	// MaxCommentRunes is the longest comment or proposed wording, in characters.
	MaxCommentRunes = 5000
	// MaxDrafts is how many comments a unit may hold in one round, drafts and sent together.
	MaxDrafts = 1000
	// MaxRecipients is how many units one round may invite.
	MaxRecipients = 5000
)

func checkRound(r *report.Round) error {
	switch {
	case blank(r.Title):
		return report.Errorf(report.EINVALID, "请填写征求意见的标题")
	case utf8.RuneCountInString(r.Title) > 200:
		return report.Errorf(report.EINVALID, "标题不能超过 200 个字")
	case utf8.RuneCountInString(r.Note) > 5000:
		return report.Errorf(report.EINVALID, "说明不能超过 5000 个字")
	case r.Deadline.IsZero():
		return report.Errorf(report.EINVALID, "请填写反馈截止日期")
	case len(r.Recipients) == 0:
		return report.Errorf(report.EINVALID, "请至少选择一个征求意见的单位")
	case len(r.Recipients) > MaxRecipients:
		return report.Errorf(report.EINVALID, "征求意见的单位不能超过 %d 个", MaxRecipients)
	}
	seen := make(map[int64]bool, len(r.Recipients))
	for _, rc := range r.Recipients {
		if seen[rc.UnitID] {
			return report.Errorf(report.EINVALID, "征求意见的单位有重复")
		}
		seen[rc.UnitID] = true
	}
	if utf8.RuneCountInString(r.Contact) > 50 || utf8.RuneCountInString(r.Phone) > 50 {
		return report.Errorf(report.EINVALID, "联系人和电话不能超过 50 个字")
	}
	return checkText(r.Title, r.Note, r.Contact, r.Phone)
}

// OpenRound stores r and its recipients.
func (db *DB) OpenRound(ctx context.Context, r *report.Round, audit report.AuditEntry) error {
	if err := checkRound(r); err != nil {
		return err
	}
	opened := now()
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM versions WHERE id = ?", r.VersionID).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && ws != r.WorkspaceID) {
			return report.Errorf(report.EINVALID, "征求意见的版本不存在")
		}
		if err != nil {
			return err
		}
		id, err := t.insert(`INSERT INTO rounds (workspace_id, version_id, title, deadline, note, contact, phone, opened_by, opened_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.WorkspaceID, r.VersionID, r.Title, db.t(r.Deadline), r.Note, r.Contact, r.Phone, nullID(r.OpenedBy), db.t(opened))
		if err != nil {
			return db.classify(err, "", "征求意见的版本或发起人不存在")
		}
		for start := 0; start < len(r.Recipients); start += batchRows {
			end := min(start+batchRows, len(r.Recipients))
			args := make([]any, 0, 2*(end-start))
			for _, rc := range r.Recipients[start:end] {
				args = append(args, id, rc.UnitID)
			}
			if _, err := t.exec("INSERT INTO round_units (round_id, unit_id) VALUES "+values(end-start, 2), args...); err != nil {
				return db.classify(err, "征求意见的单位有重复", "征求意见的单位不存在")
			}
		}
		r.ID, r.OpenedAt = id, opened
		r.Deadline = r.Deadline.UTC().Truncate(time.Microsecond)
		defaultAudit(&audit, "round.open", fmt.Sprintf("round:%d", id), r.WorkspaceID)
		return t.audit(&audit)
	})
}

// round loads what a change to a round must check, inside the transaction.
func (t *tx) round(id int64) (workspace int64, closed bool, err error) {
	var c time.Time
	err = t.queryRow("SELECT workspace_id, closed_at FROM rounds WHERE id = ?", id).Scan(&workspace, nullTimeCol{&c})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, report.Errorf(report.ENOTFOUND, "征求意见不存在")
	}
	return workspace, !c.IsZero(), err
}

// ExtendRound moves an open round's deadline.
func (db *DB) ExtendRound(ctx context.Context, id int64, deadline time.Time, audit report.AuditEntry) error {
	if deadline.IsZero() {
		return report.Errorf(report.EINVALID, "请填写新的截止日期")
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		ws, closed, err := t.round(id)
		if err != nil {
			return err
		}
		if closed {
			return report.Errorf(report.ECONFLICT, "征求意见已结束，不能延期")
		}
		var old time.Time
		if err := t.queryRow("SELECT deadline FROM rounds WHERE id = ?", id).Scan(timeCol{&old}); err != nil {
			return err
		}
		if !deadline.After(old) {
			return report.Errorf(report.EINVALID, "新的截止日期应晚于原截止日期")
		}
		if _, err := t.exec("UPDATE rounds SET deadline = ?, extended_at = ? WHERE id = ?", db.t(deadline), db.t(at), id); err != nil {
			return err
		}
		defaultAudit(&audit, "round.extend", fmt.Sprintf("round:%d", id), ws)
		return t.audit(&audit)
	})
}

// CloseRound ends a round.
func (db *DB) CloseRound(ctx context.Context, id int64, audit report.AuditEntry) error {
	at := now()
	return db.tx(ctx, func(t *tx) error {
		ws, closed, err := t.round(id)
		if err != nil {
			return err
		}
		if closed {
			return report.Errorf(report.ECONFLICT, "征求意见已经结束")
		}
		if _, err := t.exec("UPDATE rounds SET closed_at = ? WHERE id = ?", db.t(at), id); err != nil {
			return err
		}
		defaultAudit(&audit, "round.close", fmt.Sprintf("round:%d", id), ws)
		return t.audit(&audit)
	})
}

const roundColumns = "r.id, r.workspace_id, r.version_id, r.title, r.deadline, r.note, r.contact, r.phone, r.opened_by, r.opened_at, r.extended_at, r.closed_at"

func roundDest(r *report.Round, by *sql.NullInt64) []any {
	return []any{&r.ID, &r.WorkspaceID, &r.VersionID, &r.Title, timeCol{&r.Deadline}, &r.Note, &r.Contact, &r.Phone, by,
		timeCol{&r.OpenedAt}, nullTimeCol{&r.ExtendedAt}, nullTimeCol{&r.ClosedAt}}
}

// Round returns a round with its recipients in the order of the units and their counts.
func (db *DB) Round(ctx context.Context, id int64) (*report.Round, error) {
	var r report.Round
	var by sql.NullInt64
	err := db.queryRow(ctx, "SELECT "+roundColumns+" FROM rounds r WHERE r.id = ?", id).Scan(roundDest(&r, &by)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "征求意见不存在")
	}
	if err != nil {
		return nil, err
	}
	r.OpenedBy = by.Int64
	rows, err := db.query(ctx, `SELECT ru.unit_id, ru.viewed_at, ru.sent_at, ru.no_comment_at, ru.answered_by,
			(SELECT count(*) FROM comments c WHERE c.round_id = ru.round_id AND c.unit_id = ru.unit_id AND c.state = 'draft'),
			(SELECT count(*) FROM comments c WHERE c.round_id = ru.round_id AND c.unit_id = ru.unit_id AND c.state = 'sent')
		FROM round_units ru JOIN units u ON u.id = ru.unit_id WHERE ru.round_id = ?
		ORDER BY CASE u.kind WHEN 'leadership' THEN 0 WHEN 'writing' THEN 1 WHEN 'township' THEN 2 ELSE 3 END, u.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var rc report.Recipient
		var ans sql.NullInt64
		if err := rows.Scan(&rc.UnitID, nullTimeCol{&rc.ViewedAt}, nullTimeCol{&rc.SentAt}, nullTimeCol{&rc.NoCommentAt}, &ans, &rc.Drafts, &rc.Sent); err != nil {
			return nil, err
		}
		rc.AnsweredBy = ans.Int64
		r.Recipients = append(r.Recipients, rc)
	}
	return &r, rows.Err()
}

// heardAtSeminar is true of a round_units row ru whose unit has sent comments: those a writer
// entered from a seminar when the unit has not sent itself. Such a unit answered, as
// consult.StatusOf says, and the counts agree with it.
const heardAtSeminar = "EXISTS (SELECT 1 FROM comments c WHERE c.round_id = ru.round_id AND c.unit_id = ru.unit_id AND c.state = 'sent')"

// Rounds lists a workspace's rounds, the latest first, with their counts.
func (db *DB) Rounds(ctx context.Context, workspaceID int64) ([]report.RoundSummary, error) {
	if _, err := db.Workspace(ctx, workspaceID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+roundColumns+`, v.number, v.label,
			(SELECT count(*) FROM round_units ru WHERE ru.round_id = r.id),
			(SELECT count(*) FROM round_units ru WHERE ru.round_id = r.id AND (ru.sent_at IS NOT NULL OR `+heardAtSeminar+`)),
			(SELECT count(*) FROM round_units ru WHERE ru.round_id = r.id AND ru.no_comment_at IS NOT NULL AND NOT `+heardAtSeminar+`),
			(SELECT count(*) FROM comments c WHERE c.round_id = r.id AND c.state = 'sent'),
			(SELECT count(*) FROM comments c JOIN decisions d ON d.comment_id = c.id WHERE c.round_id = r.id AND c.state = 'sent')
		FROM rounds r JOIN versions v ON v.id = r.version_id WHERE r.workspace_id = ? ORDER BY r.id DESC`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []report.RoundSummary
	for rows.Next() {
		var s report.RoundSummary
		var by sql.NullInt64
		dest := append(roundDest(&s.Round, &by), &s.VersionNumber, &s.VersionLabel, &s.Invited, &s.Answered, &s.NoComment, &s.Comments, &s.Decided)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		s.OpenedBy = by.Int64
		rs = append(rs, s)
	}
	return rs, rows.Err()
}

// recipient loads a unit's row in a round inside the transaction and checks that the round
// still takes its comments.
func (t *tx) recipient(roundID, unitID int64) (workspace int64, err error) {
	ws, closed, err := t.round(roundID)
	if err != nil {
		return 0, err
	}
	var sent, none time.Time
	// The row stays locked to the end of the transaction on PostgreSQL, so that a unit's drafts,
	// its send and its 无意见 take turns (SQLite has one writer at a time anyway): without it two
	// batches could both pass the unit's limit, or a draft land just after the unit sent.
	err = t.queryRow("SELECT sent_at, no_comment_at FROM round_units WHERE round_id = ? AND unit_id = ?"+t.forUpdate(), roundID, unitID).
		Scan(nullTimeCol{&sent}, nullTimeCol{&none})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, report.Errorf(report.EFORBIDDEN, "本单位不在此次征求意见的范围内")
	}
	if err != nil {
		return 0, err
	}
	if closed {
		return 0, report.Errorf(report.ECONFLICT, "征求意见已结束")
	}
	if !sent.IsZero() {
		return 0, report.Errorf(report.ECONFLICT, "本单位已经反馈过意见，不能再修改")
	}
	if !none.IsZero() {
		return 0, report.Errorf(report.ECONFLICT, "本单位已答复无意见")
	}
	return ws, nil
}

// MarkViewed records the first time a unit read the round's version; later reads change nothing.
func (db *DB) MarkViewed(ctx context.Context, roundID, unitID int64, audit report.AuditEntry) error {
	at := now()
	return db.tx(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE round_units SET viewed_at = ? WHERE round_id = ? AND unit_id = ? AND viewed_at IS NULL", db.t(at), roundID, unitID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		ws, _, err := t.round(roundID)
		if err != nil {
			return err
		}
		defaultAudit(&audit, "round.view", fmt.Sprintf("round:%d", roundID), ws)
		return t.audit(&audit)
	})
}

func checkComment(c *report.Comment) error {
	switch {
	case strings.TrimSpace(c.Text) == "":
		return report.Errorf(report.EINVALID, "请填写意见内容")
	case utf8.RuneCountInString(c.Text) > MaxCommentRunes:
		return report.Errorf(report.EINVALID, "意见内容不能超过 %d 个字", MaxCommentRunes)
	case utf8.RuneCountInString(c.Proposal) > MaxCommentRunes:
		return report.Errorf(report.EINVALID, "修改建议不能超过 %d 个字", MaxCommentRunes)
	case c.Start < 0 || c.End < c.Start:
		return report.Errorf(report.EINVALID, "意见的位置无效")
	case c.BlockID == "" && (c.Start != 0 || c.End != 0 || c.Quote != ""):
		return report.Errorf(report.EINVALID, "对全文的意见不能指定位置")
	case c.Proposal != "" && c.BlockID == "":
		return report.Errorf(report.EINVALID, "对全文的意见不能提出替换文字，请在意见内容中说明")
	}
	return checkText(c.BlockID, c.Quote, c.Prefix, c.Suffix, c.Text, c.Proposal)
}

// AddComments stores comments of one round, all or none. Drafts must come from invited units
// that have not answered; seminar opinions (State sent) are entered on behalf of invited units.
func (db *DB) AddComments(ctx context.Context, cs []*report.Comment, audit report.AuditEntry) error {
	if len(cs) == 0 {
		return report.Errorf(report.EINVALID, "没有要保存的意见")
	}
	if len(cs) > MaxDrafts {
		return report.Errorf(report.ETOOLARGE, "一次最多提交 %d 条意见", MaxDrafts)
	}
	round := cs[0].RoundID
	for _, c := range cs {
		if c.RoundID != round {
			return report.Errorf(report.EINVALID, "一次只能提交同一次征求意见的意见")
		}
		if c.State != report.CommentDraft && c.State != report.CommentSent {
			return report.Errorf(report.EINVALID, "意见状态无效")
		}
		if c.State == report.CommentSent && !c.Seminar {
			return report.Errorf(report.EINVALID, "意见须先保存为草稿，再由本单位统一发送")
		}
		if err := checkComment(c); err != nil {
			return err
		}
		if !c.HeldOn.IsZero() && (!c.Seminar || c.HeldOn.Year() < 2000 || c.HeldOn.Year() > 2999) {
			return report.Errorf(report.EINVALID, "座谈会日期无效")
		}
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var version int64
		var ws int64
		var closed time.Time
		err := t.queryRow("SELECT workspace_id, version_id, closed_at FROM rounds WHERE id = ?", round).Scan(&ws, &version, nullTimeCol{&closed})
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "征求意见不存在")
		}
		if err != nil {
			return err
		}
		counts := map[int64]int{}
		for _, c := range cs {
			if c.VersionID != version {
				return report.Errorf(report.EINVALID, "只能对本次征求意见的版本提意见")
			}
			if c.Seminar {
				var n int
				err := t.queryRow("SELECT 1 FROM round_units WHERE round_id = ? AND unit_id = ?"+t.forUpdate(), round, c.UnitID).Scan(&n)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				if n == 0 {
					return report.Errorf(report.EINVALID, "座谈会意见的单位不在此次征求意见的范围内")
				}
				if !closed.IsZero() {
					return report.Errorf(report.ECONFLICT, "征求意见已结束")
				}
			} else if _, ok := counts[c.UnitID]; !ok {
				if _, err := t.recipient(round, c.UnitID); err != nil {
					return err
				}
			}
			if _, ok := counts[c.UnitID]; !ok {
				var n int
				if err := t.queryRow("SELECT count(*) FROM comments WHERE round_id = ? AND unit_id = ?", round, c.UnitID).Scan(&n); err != nil {
					return err
				}
				counts[c.UnitID] = n
			}
			counts[c.UnitID]++
			if counts[c.UnitID] > MaxDrafts {
				return report.Errorf(report.ETOOLARGE, "每个单位在一次征求意见中最多提 %d 条意见", MaxDrafts)
			}
		}
		for _, c := range cs {
			var sent any
			if c.State == report.CommentSent {
				sent = db.t(at)
			}
			block := sql.NullString{String: c.BlockID, Valid: c.BlockID != ""}
			held := ""
			if c.Seminar && !c.HeldOn.IsZero() {
				held = day(c.HeldOn)
			}
			id, err := t.insert(`INSERT INTO comments (round_id, unit_id, author_id, seminar, version_id, block_id, anchor_start, anchor_end,
					quote, prefix, suffix, body, proposal, state, created_at, sent_at, held_on)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				c.RoundID, c.UnitID, nullID(c.AuthorID), c.Seminar, c.VersionID, block, c.Start, c.End,
				c.Quote, c.Prefix, c.Suffix, c.Text, c.Proposal, string(c.State), db.t(at), sent, held)
			if err != nil {
				return db.classify(err, "", "意见所在的段落或单位不存在")
			}
			c.ID, c.CreatedAt = id, at
			if c.State == report.CommentSent {
				c.SentAt = at
			}
		}
		target := fmt.Sprintf("comment:%d", cs[0].ID)
		if len(cs) > 1 {
			target = fmt.Sprintf("round:%d", round)
		}
		// comment.add audits drafts only, which no one but their unit sees; opinions entered sent
		// (a seminar's) are seen by all, and caches keep what they show until such a change
		action := "comment.add"
		for _, c := range cs {
			if c.State == report.CommentSent {
				action = "comment.seminar"
			}
		}
		defaultAudit(&audit, action, target, ws)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("%d 条", len(cs))
		}
		return t.audit(&audit)
	})
}

// draft loads a draft of unitID inside the transaction, checking the unit may still change it.
func (t *tx) draft(id, unitID int64) (round, workspace int64, err error) {
	var unit int64
	var state string
	err = t.queryRow("SELECT round_id, unit_id, state FROM comments WHERE id = ?", id).Scan(&round, &unit, &state)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && unit != unitID) {
		return 0, 0, report.Errorf(report.ENOTFOUND, "意见不存在")
	}
	if err != nil {
		return 0, 0, err
	}
	if state != string(report.CommentDraft) {
		return 0, 0, report.Errorf(report.ECONFLICT, "意见已发送，不能再修改")
	}
	ws, err := t.recipient(round, unitID)
	return round, ws, err
}

// checkRewrite checks a comment's new text and proposal before its transaction.
func checkRewrite(text, proposal string) error {
	// any block: whether this comment has one is known only inside the transaction (rewrite)
	return checkComment(&report.Comment{Text: text, Proposal: proposal, BlockID: "x"})
}

// rewrite changes a comment's text and proposal; a comment on the report as a whole takes no
// proposed wording.
func (t *tx) rewrite(id int64, text, proposal string) error {
	var block sql.NullString
	if err := t.queryRow("SELECT block_id FROM comments WHERE id = ?", id).Scan(&block); err != nil {
		return err
	}
	if !block.Valid && proposal != "" {
		return report.Errorf(report.EINVALID, "对全文的意见不能提出替换文字，请在意见内容中说明")
	}
	_, err := t.exec("UPDATE comments SET body = ?, proposal = ? WHERE id = ?", text, proposal, id)
	return err
}

// UpdateComment changes a draft's text and proposal.
func (db *DB) UpdateComment(ctx context.Context, id, unitID int64, text, proposal string, audit report.AuditEntry) error {
	if err := checkRewrite(text, proposal); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		_, ws, err := t.draft(id, unitID)
		if err != nil {
			return err
		}
		if err := t.rewrite(id, text, proposal); err != nil {
			return err
		}
		defaultAudit(&audit, "comment.edit", fmt.Sprintf("comment:%d", id), ws)
		return t.audit(&audit)
	})
}

// DeleteComment deletes a draft.
func (db *DB) DeleteComment(ctx context.Context, id, unitID int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		_, ws, err := t.draft(id, unitID)
		if err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM comments WHERE id = ?", id); err != nil {
			return err
		}
		defaultAudit(&audit, "comment.delete", fmt.Sprintf("comment:%d", id), ws)
		return t.audit(&audit)
	})
}

// seminarOpinion loads a seminar opinion inside the transaction, checking that the writer by
// entered it and may still correct it: the round is open and nobody has decided on it.
func (t *tx) seminarOpinion(id, by int64) (round, workspace, unit int64, err error) {
	var seminar bool
	var author sql.NullInt64
	err = t.queryRow("SELECT round_id, unit_id, seminar, author_id FROM comments WHERE id = ?"+t.forUpdate(), id).Scan(&round, &unit, &seminar, &author)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !seminar) {
		return 0, 0, 0, report.Errorf(report.ENOTFOUND, "座谈会意见不存在")
	}
	if err != nil {
		return 0, 0, 0, err
	}
	if author.Int64 != by {
		return 0, 0, 0, report.Errorf(report.EFORBIDDEN, "只能更正本人录入的座谈会意见")
	}
	ws, closed, err := t.round(round)
	if err != nil {
		return 0, 0, 0, err
	}
	if closed {
		return 0, 0, 0, report.Errorf(report.ECONFLICT, "征求意见已结束，座谈会意见不能再更正")
	}
	var decided int
	if err := t.queryRow("SELECT count(*) FROM decisions WHERE comment_id = ?", id).Scan(&decided); err != nil {
		return 0, 0, 0, err
	}
	if decided > 0 {
		return 0, 0, 0, report.Errorf(report.ECONFLICT, "这条座谈会意见已经处理，不能再更正")
	}
	return round, ws, unit, nil
}

// CorrectSeminar changes a seminar opinion's text and proposal.
func (db *DB) CorrectSeminar(ctx context.Context, id, by int64, text, proposal string, audit report.AuditEntry) error {
	if err := checkRewrite(text, proposal); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		_, ws, _, err := t.seminarOpinion(id, by)
		if err != nil {
			return err
		}
		if err := t.rewrite(id, text, proposal); err != nil {
			return err
		}
		defaultAudit(&audit, "comment.seminar.edit", fmt.Sprintf("comment:%d", id), ws)
		return t.audit(&audit)
	})
}

// DeleteSeminar deletes a seminar opinion. A unit heard only through it is again one that has
// not answered.
func (db *DB) DeleteSeminar(ctx context.Context, id, by int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		_, ws, _, err := t.seminarOpinion(id, by)
		if err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM comments WHERE id = ?", id); err != nil {
			return err
		}
		defaultAudit(&audit, "comment.seminar.delete", fmt.Sprintf("comment:%d", id), ws)
		return t.audit(&audit)
	})
}

// SendComments sends a unit's drafts and records its answer.
func (db *DB) SendComments(ctx context.Context, roundID, unitID, by int64, audit report.AuditEntry) (int, error) {
	at := now()
	var sent int
	err := db.tx(ctx, func(t *tx) error {
		ws, err := t.recipient(roundID, unitID)
		if err != nil {
			return err
		}
		res, err := t.exec("UPDATE comments SET state = 'sent', sent_at = ? WHERE round_id = ? AND unit_id = ? AND state = 'draft'", db.t(at), roundID, unitID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return report.Errorf(report.EINVALID, "本单位还没有起草意见；如没有意见，请答复“无意见”")
		}
		if _, err := t.exec("UPDATE round_units SET sent_at = ?, answered_by = ? WHERE round_id = ? AND unit_id = ?", db.t(at), nullID(by), roundID, unitID); err != nil {
			return err
		}
		sent = int(n)
		defaultAudit(&audit, "round.send", fmt.Sprintf("round:%d", roundID), ws)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("unit:%d 发送 %d 条意见", unitID, n)
		}
		return t.audit(&audit)
	})
	return sent, err
}

// NoComments records a unit's 无意见 reply.
func (db *DB) NoComments(ctx context.Context, roundID, unitID, by int64, audit report.AuditEntry) error {
	at := now()
	return db.tx(ctx, func(t *tx) error {
		ws, err := t.recipient(roundID, unitID)
		if err != nil {
			return err
		}
		var drafts int
		if err := t.queryRow("SELECT count(*) FROM comments WHERE round_id = ? AND unit_id = ?", roundID, unitID).Scan(&drafts); err != nil {
			return err
		}
		if drafts > 0 {
			return report.Errorf(report.ECONFLICT, "本单位已起草 %d 条意见，请发送或删除后再答复无意见", drafts)
		}
		if _, err := t.exec("UPDATE round_units SET no_comment_at = ?, answered_by = ? WHERE round_id = ? AND unit_id = ?", db.t(at), nullID(by), roundID, unitID); err != nil {
			return err
		}
		defaultAudit(&audit, "round.no_comment", fmt.Sprintf("round:%d", roundID), ws)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("unit:%d 无意见", unitID)
		}
		return t.audit(&audit)
	})
}

const commentColumns = `c.id, c.round_id, c.unit_id, c.author_id, c.seminar, c.held_on, c.version_id, c.block_id, c.anchor_start, c.anchor_end,
	c.quote, c.prefix, c.suffix, c.body, c.proposal, c.state, c.created_at, c.sent_at,
	d.decision, d.reason, d.decided_by, d.decided_at, d.link_version, d.link_block, d.link_confirmed`

const commentFrom = " FROM comments c LEFT JOIN decisions d ON d.comment_id = c.id"

func scanComment(row interface{ Scan(...any) error }) (*report.Comment, error) {
	var c report.Comment
	var author, decidedBy, linkVersion sql.NullInt64
	var block, kind, reason, linkBlock sql.NullString
	var confirmed sql.NullBool
	var decidedAt time.Time
	var held string
	err := row.Scan(&c.ID, &c.RoundID, &c.UnitID, &author, &c.Seminar, &held, &c.VersionID, &block, &c.Start, &c.End,
		&c.Quote, &c.Prefix, &c.Suffix, &c.Text, &c.Proposal, &c.State, timeCol{&c.CreatedAt}, nullTimeCol{&c.SentAt},
		&kind, &reason, &decidedBy, nullTimeCol{&decidedAt}, &linkVersion, &linkBlock, &confirmed)
	if err != nil {
		return nil, err
	}
	c.AuthorID, c.BlockID = author.Int64, block.String
	if held != "" {
		if c.HeldOn, err = time.Parse(dayLayout, held); err != nil {
			return nil, fmt.Errorf("comment %d: the seminar's day %q: %w", c.ID, held, err)
		}
	}
	if kind.Valid {
		c.Decision = &report.Decision{CommentID: c.ID, Kind: report.DecisionKind(kind.String), Reason: reason.String,
			By: decidedBy.Int64, At: decidedAt, LinkVersion: linkVersion.Int64, LinkBlock: linkBlock.String, LinkConfirmed: confirmed.Bool}
	}
	return &c, nil
}

// Comment returns one comment with its decision.
func (db *DB) Comment(ctx context.Context, id int64) (*report.Comment, error) {
	c, err := scanComment(db.queryRow(ctx, "SELECT "+commentColumns+commentFrom+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "意见不存在")
	}
	return c, err
}

func (db *DB) scanComments(ctx context.Context, query string, args ...any) ([]report.Comment, error) {
	var cs []report.Comment
	err := db.eachComment(ctx, func(c *report.Comment) error {
		cs = append(cs, *c)
		return nil
	}, query, args...)
	return cs, err
}

func (db *DB) eachComment(ctx context.Context, fn func(*report.Comment) error, query string, args ...any) error {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Comments lists a round's sent comments, and the drafts of f.DraftsOf, in the order made.
func (db *DB) Comments(ctx context.Context, f report.CommentFilter) ([]report.Comment, error) {
	q, args := commentsQuery(f)
	return db.scanComments(ctx, q, args...)
}

// EachComment walks the comments Comments would list without holding them.
func (db *DB) EachComment(ctx context.Context, f report.CommentFilter, fn func(*report.Comment) error) error {
	q, args := commentsQuery(f)
	return db.eachComment(ctx, fn, q, args...)
}

func commentsQuery(f report.CommentFilter) (string, []any) {
	q := "SELECT " + commentColumns + commentFrom + " WHERE c.round_id = ? AND (c.state = 'sent' OR c.unit_id = ?)"
	args := []any{f.RoundID, f.DraftsOf}
	if f.UnitID != 0 {
		q += " AND c.unit_id = ?"
		args = append(args, f.UnitID)
	}
	q += " ORDER BY c.id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return q, args
}

// WorkspaceComments lists the sent comments of every round of a workspace, in the order made.
func (db *DB) WorkspaceComments(ctx context.Context, workspaceID int64) ([]report.Comment, error) {
	return db.scanComments(ctx, "SELECT "+commentColumns+commentFrom+
		" JOIN rounds r ON r.id = c.round_id WHERE r.workspace_id = ? AND c.state = 'sent' ORDER BY c.id", workspaceID)
}

// RoundDecisions returns the decisions on a round's sent comments, by comment.
func (db *DB) RoundDecisions(ctx context.Context, roundID int64) (map[int64]report.Decision, error) {
	return db.scanDecisions(ctx, decisionSelect+" WHERE c.round_id = ? AND c.state = 'sent'", roundID)
}

// WorkspaceDecisions returns the decisions on the sent comments of every round of a workspace,
// by comment.
func (db *DB) WorkspaceDecisions(ctx context.Context, workspaceID int64) (map[int64]report.Decision, error) {
	return db.scanDecisions(ctx, decisionSelect+" JOIN rounds r ON r.id = c.round_id WHERE r.workspace_id = ? AND c.state = 'sent'", workspaceID)
}

const decisionSelect = `SELECT d.comment_id, d.decision, d.reason, d.decided_by, d.decided_at, d.link_version, d.link_block, d.link_confirmed
	FROM decisions d JOIN comments c ON c.id = d.comment_id`

func (db *DB) scanDecisions(ctx context.Context, query string, args ...any) (map[int64]report.Decision, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]report.Decision{}
	for rows.Next() {
		var d report.Decision
		var by, linkVersion sql.NullInt64
		var linkBlock sql.NullString
		var confirmed sql.NullBool
		if err := rows.Scan(&d.CommentID, &d.Kind, &d.Reason, &by, timeCol{&d.At}, &linkVersion, &linkBlock, &confirmed); err != nil {
			return nil, err
		}
		d.By, d.LinkVersion, d.LinkBlock, d.LinkConfirmed = by.Int64, linkVersion.Int64, linkBlock.String, confirmed.Bool
		out[d.CommentID] = d
	}
	return out, rows.Err()
}

// Decide records decisions on sent comments, all or none.
func (db *DB) Decide(ctx context.Context, ds []report.Decision, audit report.AuditEntry) error {
	if len(ds) == 0 {
		return report.Errorf(report.EINVALID, "请选择要处理的意见")
	}
	seen := make(map[int64]bool, len(ds))
	for _, d := range ds {
		if !d.Kind.Valid() {
			return report.Errorf(report.EINVALID, "处理意见无效，应为采纳、部分采纳、未采纳或已体现")
		}
		if d.Kind.NeedsReason() && blank(d.Reason) {
			return report.Errorf(report.EINVALID, "%s须填写理由", d.Kind.Name())
		}
		if utf8.RuneCountInString(d.Reason) > MaxCommentRunes {
			return report.Errorf(report.EINVALID, "理由不能超过 %d 个字", MaxCommentRunes)
		}
		if seen[d.CommentID] {
			return report.Errorf(report.EINVALID, "同一条意见重复处理")
		}
		seen[d.CommentID] = true
		if err := checkText(d.Reason); err != nil {
			return err
		}
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		for _, d := range ds {
			var state string
			var w int64
			err := t.queryRow("SELECT c.state, r.workspace_id FROM comments c JOIN rounds r ON r.id = c.round_id WHERE c.id = ?", d.CommentID).Scan(&state, &w)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && state != string(report.CommentSent)) {
				return report.Errorf(report.ENOTFOUND, "意见 %d 不存在或尚未发送", d.CommentID)
			}
			if err != nil {
				return err
			}
			if ws != 0 && w != ws {
				return report.Errorf(report.EINVALID, "一次只能处理同一工作区的意见")
			}
			ws = w
			if _, err := t.exec("DELETE FROM decisions WHERE comment_id = ?", d.CommentID); err != nil {
				return err
			}
			if _, err := t.exec(`INSERT INTO decisions (comment_id, decision, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)`,
				d.CommentID, string(d.Kind), strings.TrimSpace(d.Reason), nullID(d.By), db.t(at)); err != nil {
				return err
			}
		}
		target := fmt.Sprintf("comment:%d", ds[0].CommentID)
		if len(ds) > 1 {
			target = fmt.Sprintf("comments:%d", len(ds))
		}
		defaultAudit(&audit, "comment.decide", target, ws)
		if audit.Detail == "" {
			ids := make([]string, 0, min(len(ds), 50))
			for _, d := range ds[:min(len(ds), 50)] {
				ids = append(ids, fmt.Sprint(d.CommentID))
			}
			audit.Detail = fmt.Sprintf("%s：%s", ds[0].Kind.Name(), strings.Join(ids, ","))
		}
		return t.audit(&audit)
	})
}

// LinkDecision records the passage of a later version that carries out a decision.
func (db *DB) LinkDecision(ctx context.Context, commentID, versionID int64, blockID string, confirmed bool, audit report.AuditEntry) error {
	if err := checkText(blockID); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		var ws, from int64
		err := t.queryRow(`SELECT r.workspace_id, c.version_id FROM decisions d JOIN comments c ON c.id = d.comment_id
			JOIN rounds r ON r.id = c.round_id WHERE d.comment_id = ?`, commentID).Scan(&ws, &from)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "这条意见还没有处理")
		}
		if err != nil {
			return err
		}
		var vws int64
		var fromNumber, number int
		err = t.queryRow("SELECT workspace_id, number FROM versions WHERE id = ?", versionID).Scan(&vws, &number)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && vws != ws) {
			return report.Errorf(report.EINVALID, "对应的版本不存在")
		}
		if err != nil {
			return err
		}
		if err := t.queryRow("SELECT number FROM versions WHERE id = ?", from).Scan(&fromNumber); err != nil {
			return err
		}
		if number <= fromNumber {
			return report.Errorf(report.EINVALID, "只能对应到征求意见稿之后的版本")
		}
		if blockID != "" {
			var n int
			if err := t.queryRow("SELECT count(*) FROM paragraphs WHERE version_id = ? AND block_id = ?", versionID, blockID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return report.Errorf(report.EINVALID, "对应的段落不存在")
			}
		}
		if _, err := t.exec("UPDATE decisions SET link_version = ?, link_block = ?, link_confirmed = ? WHERE comment_id = ?",
			versionID, blockID, confirmed, commentID); err != nil {
			return err
		}
		defaultAudit(&audit, "comment.link", fmt.Sprintf("comment:%d", commentID), ws)
		return t.audit(&audit)
	})
}

// forUpdate locks the rows a query reads until the transaction ends, on PostgreSQL; SQLite's
// write transactions already run one at a time.
func (t *tx) forUpdate() string {
	if t.db.dialect.name == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}
