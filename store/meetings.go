package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"qicao/report"
)

// checkStage refuses a stage that is not one of the workspace's (the default list when it has
// not set its own).
func (t *tx) checkStage(workspace int64, name string) error {
	var n int
	if err := t.queryRow("SELECT count(*) FROM stages WHERE workspace_id = ?", workspace).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		if slices.Contains(report.DefaultStages, name) {
			return nil
		}
	} else {
		var m int
		if err := t.queryRow("SELECT count(*) FROM stages WHERE workspace_id = ? AND name = ?", workspace, name).Scan(&m); err != nil {
			return err
		}
		if m > 0 {
			return nil
		}
	}
	return report.Errorf(report.EINVALID, "阶段“%s”不在本工作区的阶段列表中", name)
}

// SetStages replaces the workspace's stages.
func (db *DB) SetStages(ctx context.Context, workspaceID int64, stages []report.Stage, audit report.AuditEntry) error {
	if err := report.CheckStages(stages); err != nil {
		return err
	}
	names := make([]string, len(stages))
	for i, s := range stages {
		if err := checkText(s.Name); err != nil {
			return err
		}
		names[i] = s.Name
	}
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT id FROM workspaces WHERE id = ?", workspaceID).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "工作区不存在")
		} else if err != nil {
			return err
		}
		rows, err := t.query("SELECT DISTINCT stage FROM versions WHERE workspace_id = ? AND stage <> ''", workspaceID)
		if err != nil {
			return err
		}
		var used []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			used = append(used, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, u := range used {
			if !slices.Contains(names, u) {
				return report.Errorf(report.EINVALID, "已有版本注明为“%s”阶段所作，不能删去这一阶段", u)
			}
		}
		if _, err := t.exec("DELETE FROM stages WHERE workspace_id = ?", workspaceID); err != nil {
			return err
		}
		for i, s := range stages {
			due := ""
			if !s.Due.IsZero() {
				due = day(s.Due)
			}
			if _, err := t.exec("INSERT INTO stages (workspace_id, position, name, due_on) VALUES (?, ?, ?, ?)", workspaceID, i, s.Name, due); err != nil {
				return err
			}
		}
		if audit.Detail == "" {
			audit.Detail = strings.Join(names, " → ")
		}
		defaultAudit(&audit, "stages.set", fmt.Sprintf("workspace:%d", workspaceID), workspaceID)
		return t.audit(&audit)
	})
}

// Stages lists the workspace's own stages in order.
func (db *DB) Stages(ctx context.Context, workspaceID int64) ([]report.Stage, error) {
	rows, err := db.query(ctx, "SELECT name, due_on FROM stages WHERE workspace_id = ? ORDER BY position", workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ss []report.Stage
	for rows.Next() {
		var s report.Stage
		var due string
		if err := rows.Scan(&s.Name, &due); err != nil {
			return nil, err
		}
		if due != "" {
			if s.Due, err = time.Parse(dayLayout, due); err != nil {
				return nil, fmt.Errorf("store: bad day %q: %w", due, err)
			}
		}
		ss = append(ss, s)
	}
	return ss, rows.Err()
}

// CreateMeeting stores a review meeting.
func (db *DB) CreateMeeting(ctx context.Context, m *report.Meeting, audit report.AuditEntry) error {
	if !report.ValidMeetingKind(m.Kind) {
		return report.Errorf(report.EINVALID, "请选择会议类型（%s）", strings.Join(report.MeetingKinds, "、"))
	}
	if m.Date.IsZero() {
		return report.Errorf(report.EINVALID, "请填写会议日期")
	}
	if len(m.Attendees) > 200 {
		return report.Errorf(report.EINVALID, "出席人员不能超过200人")
	}
	for _, a := range m.Attendees {
		if strings.TrimSpace(a) == "" || strings.ContainsAny(a, "\n\r") || len([]rune(a)) > 60 {
			return report.Errorf(report.EINVALID, "出席人员“%s”有误：每人一项，不超过60个字", a)
		}
	}
	if err := checkText(append([]string{m.Kind, m.MinutesText, m.MinutesFilename}, m.Attendees...)...); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		var created time.Time
		err := t.queryRow("SELECT workspace_id, created_at FROM versions WHERE id = ?", m.VersionID).Scan(&ws, timeCol{&created})
		if errors.Is(err, sql.ErrNoRows) || (err == nil && ws != m.WorkspaceID) {
			return report.Errorf(report.EINVALID, "所审议的版本不属于本工作区")
		}
		if err != nil {
			return err
		}
		// The version's day in China: a version uploaded at 08:00 Beijing time on the 12th was
		// stored at 00:00 UTC, and a meeting on the 12th may review it.
		if vd := created.In(report.China).Format(dayLayout); day(m.Date) < vd {
			return report.Errorf(report.EINVALID, "会议日期（%s）早于所审议版本的上传日期（%s）", day(m.Date), vd)
		}
		if m.PresidingID != 0 {
			var role string
			err := t.queryRow("SELECT role FROM users WHERE id = ?", m.PresidingID).Scan(&role)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && role != string(report.RoleLeader)) {
				return report.Errorf(report.EINVALID, "主持人须是一位领导")
			}
			if err != nil {
				return err
			}
		}
		id, err := t.insert(`INSERT INTO meetings (workspace_id, kind, held_on, presiding_id, attendees, version_id, minutes_text, minutes_filename, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.WorkspaceID, m.Kind, day(m.Date), nullID(m.PresidingID), strings.Join(m.Attendees, "\n"),
			m.VersionID, m.MinutesText, m.MinutesFilename, nullID(m.CreatedBy), db.t(at))
		if err != nil {
			return db.classify(err, "", "工作区不存在")
		}
		m.ID, m.CreatedAt = id, at
		if audit.Detail == "" {
			audit.Detail = m.Kind + " " + day(m.Date)
		}
		defaultAudit(&audit, "meeting.create", fmt.Sprintf("meeting:%d", id), m.WorkspaceID)
		return t.audit(&audit)
	})
}

// SetMinutes records the meeting's minutes.
func (db *DB) SetMinutes(ctx context.Context, meetingID int64, filename, text string, audit report.AuditEntry) error {
	if strings.TrimSpace(text) == "" {
		return report.Errorf(report.EINVALID, "会议纪要为空")
	}
	if err := checkText(filename, text); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM meetings WHERE id = ?", meetingID).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "会议不存在")
		} else if err != nil {
			return err
		}
		if _, err := t.exec("UPDATE meetings SET minutes_text = ?, minutes_filename = ? WHERE id = ?", text, filename, meetingID); err != nil {
			return err
		}
		defaultAudit(&audit, "meeting.minutes", fmt.Sprintf("meeting:%d", meetingID), ws)
		return t.audit(&audit)
	})
}

const meetingColumns = "id, workspace_id, kind, held_on, presiding_id, attendees, version_id, minutes_text, minutes_filename, created_by, created_at"

func scanMeeting(row interface{ Scan(...any) error }) (*report.Meeting, error) {
	var m report.Meeting
	var presiding, by sql.NullInt64
	var attendees string
	err := row.Scan(&m.ID, &m.WorkspaceID, &m.Kind, dayCol{&m.Date}, &presiding, &attendees, &m.VersionID, &m.MinutesText,
		&m.MinutesFilename, &by, timeCol{&m.CreatedAt})
	m.PresidingID, m.CreatedBy = presiding.Int64, by.Int64
	if attendees != "" {
		m.Attendees = strings.Split(attendees, "\n")
	}
	return &m, err
}

// Meeting returns one meeting.
func (db *DB) Meeting(ctx context.Context, id int64) (*report.Meeting, error) {
	m, err := scanMeeting(db.queryRow(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "会议不存在")
	}
	return m, err
}

// Meetings lists a workspace's meetings by date.
func (db *DB) Meetings(ctx context.Context, workspaceID int64) ([]report.Meeting, error) {
	rows, err := db.query(ctx, "SELECT "+meetingColumns+" FROM meetings WHERE workspace_id = ? ORDER BY held_on, id", workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []report.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		ms = append(ms, *m)
	}
	return ms, rows.Err()
}

// AddInstruction stores an instruction on a passage of the meeting's version.
func (db *DB) AddInstruction(ctx context.Context, in *report.Instruction, audit report.AuditEntry) error {
	if strings.TrimSpace(in.Text) == "" {
		return report.Errorf(report.EINVALID, "请填写审议意见")
	}
	if len([]rune(in.Text)) > 2000 {
		return report.Errorf(report.EINVALID, "审议意见不能超过2000字")
	}
	if len([]rune(in.GivenBy)) > 60 {
		return report.Errorf(report.EINVALID, "提出人不超过60个字")
	}
	if err := checkText(in.BlockID, in.Quote, in.Prefix, in.Suffix, in.Text, in.GivenBy); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws, version int64
		err := t.queryRow("SELECT workspace_id, version_id FROM meetings WHERE id = ?", in.MeetingID).Scan(&ws, &version)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "会议不存在")
		} else if err != nil {
			return err
		}
		if in.VersionID != version {
			return report.Errorf(report.EINVALID, "审议意见只能针对会议所审议的版本（第%d号版本）中的段落", version)
		}
		if in.AssigneeID != 0 {
			var role string
			err := t.queryRow("SELECT role FROM users WHERE id = ?", in.AssigneeID).Scan(&role)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && role != string(report.RoleWriter)) {
				return report.Errorf(report.EINVALID, "审议意见只能交由写作班子成员落实")
			}
			if err != nil {
				return err
			}
		}
		block := sql.NullString{String: in.BlockID, Valid: in.BlockID != ""}
		id, err := t.insert(`INSERT INTO instructions (meeting_id, version_id, block_id, anchor_start, anchor_end, quote, prefix, suffix, body, given_by, assignee_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.MeetingID, in.VersionID, block, in.Start, in.End, in.Quote, in.Prefix, in.Suffix,
			in.Text, in.GivenBy, nullID(in.AssigneeID), nullID(in.CreatedBy), db.t(at))
		if err != nil {
			return db.classify(err, "", "所指段落不在会议审议的版本中")
		}
		in.ID, in.CreatedAt, in.Status = id, at, report.CarryPending
		defaultAudit(&audit, "instruction.add", fmt.Sprintf("instruction:%d", id), ws)
		return t.audit(&audit)
	})
}

const instructionColumns = `i.id, i.meeting_id, i.version_id, i.block_id, i.anchor_start, i.anchor_end, i.quote, i.prefix, i.suffix, i.body,
	i.given_by, i.assignee_id, i.status, i.outcome, i.in_version, i.marked_by, i.marked_at, i.created_by, i.created_at`

func scanInstruction(row interface{ Scan(...any) error }) (*report.Instruction, error) {
	var in report.Instruction
	var block sql.NullString
	var assignee, inVersion, markedBy, by sql.NullInt64
	var status string
	err := row.Scan(&in.ID, &in.MeetingID, &in.VersionID, &block, &in.Start, &in.End, &in.Quote, &in.Prefix, &in.Suffix, &in.Text,
		&in.GivenBy, &assignee, &status, &in.Outcome, &inVersion, &markedBy, nullTimeCol{&in.MarkedAt}, &by, timeCol{&in.CreatedAt})
	in.BlockID, in.Status = block.String, report.CarryStatus(status)
	in.AssigneeID, in.InVersion, in.MarkedBy, in.CreatedBy = assignee.Int64, inVersion.Int64, markedBy.Int64, by.Int64
	return &in, err
}

// Instruction returns one instruction.
func (db *DB) Instruction(ctx context.Context, id int64) (*report.Instruction, error) {
	in, err := scanInstruction(db.queryRow(ctx, "SELECT "+instructionColumns+" FROM instructions i WHERE i.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "审议意见不存在")
	}
	return in, err
}

// Instructions lists a meeting's instructions, or a workspace's when meetingID is 0, by
// meeting date and then in the order they were recorded.
func (db *DB) Instructions(ctx context.Context, workspaceID, meetingID int64) ([]report.Instruction, error) {
	q := "SELECT " + instructionColumns + " FROM instructions i JOIN meetings m ON m.id = i.meeting_id WHERE m.workspace_id = ?"
	args := []any{workspaceID}
	if meetingID != 0 {
		q += " AND m.id = ?"
		args = append(args, meetingID)
	}
	rows, err := db.query(ctx, q+" ORDER BY m.held_on, m.id, i.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ins []report.Instruction
	for rows.Next() {
		in, err := scanInstruction(rows)
		if err != nil {
			return nil, err
		}
		ins = append(ins, *in)
	}
	return ins, rows.Err()
}

// MarkInstruction records how an instruction was carried out.
func (db *DB) MarkInstruction(ctx context.Context, id int64, status report.CarryStatus, outcome string, versionID, by int64, audit report.AuditEntry) error {
	outcome = strings.TrimSpace(outcome)
	switch status {
	case report.CarryDone:
		if outcome == "" {
			return report.Errorf(report.EINVALID, "标为已落实时，请写明做了哪些修改")
		}
	case report.CarryNotDone:
		if outcome == "" {
			return report.Errorf(report.EINVALID, "标为未落实时，请写明原因")
		}
	case report.CarryPending:
		outcome = ""
	default:
		return report.Errorf(report.EINVALID, "落实情况只能是已落实、未落实或待落实")
	}
	if len([]rune(outcome)) > 2000 {
		return report.Errorf(report.EINVALID, "落实说明不能超过2000字")
	}
	if err := checkText(outcome); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		var number int
		err := t.queryRow(`SELECT m.workspace_id, v.number FROM instructions i JOIN meetings m ON m.id = i.meeting_id
			JOIN versions v ON v.id = m.version_id WHERE i.id = ?`, id).Scan(&ws, &number)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "审议意见不存在")
		} else if err != nil {
			return err
		}
		inVersion := sql.NullInt64{}
		marked := sql.NullInt64{}
		var markedAt any
		if status != report.CarryPending {
			var vws int64
			var vnum int
			err := t.queryRow("SELECT workspace_id, number FROM versions WHERE id = ?", versionID).Scan(&vws, &vnum)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && vws != ws) {
				return report.Errorf(report.EINVALID, "落实所在的版本不属于本工作区")
			} else if err != nil {
				return err
			}
			if vnum <= number {
				return report.Errorf(report.EINVALID, "落实情况须在会议审议之后的新版本上标注")
			}
			inVersion, marked, markedAt = nullID(versionID), nullID(by), db.t(at)
		}
		if _, err := t.exec("UPDATE instructions SET status = ?, outcome = ?, in_version = ?, marked_by = ?, marked_at = ? WHERE id = ?",
			string(status), outcome, inVersion, marked, markedAt, id); err != nil {
			return err
		}
		if audit.Detail == "" {
			audit.Detail = status.Name() + "：" + outcome
		}
		defaultAudit(&audit, "instruction.mark", fmt.Sprintf("instruction:%d", id), ws)
		return t.audit(&audit)
	})
}

// Principles returns the workspace's principles text for the 起草说明.
func (db *DB) Principles(ctx context.Context, workspaceID int64) (string, error) {
	var s string
	err := db.queryRow(ctx, "SELECT principles FROM explanation_texts WHERE workspace_id = ?", workspaceID).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return s, err
}

// SetPrinciples stores the workspace's principles text.
func (db *DB) SetPrinciples(ctx context.Context, workspaceID int64, text string, audit report.AuditEntry) error {
	if len([]rune(text)) > 20000 {
		return report.Errorf(report.EINVALID, "起草原则和特点不能超过20000字")
	}
	if err := checkText(text); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE explanation_texts SET principles = ?, updated_by = ?, updated_at = ? WHERE workspace_id = ?",
			text, nullID(audit.UserID), db.t(at), workspaceID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := t.exec("INSERT INTO explanation_texts (workspace_id, principles, updated_by, updated_at) VALUES (?, ?, ?, ?)",
				workspaceID, text, nullID(audit.UserID), db.t(at)); err != nil {
				return db.classify(err, "", "工作区不存在")
			}
		}
		defaultAudit(&audit, "explanation.principles", fmt.Sprintf("workspace:%d", workspaceID), workspaceID)
		return t.audit(&audit)
	})
}
