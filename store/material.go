package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"qicao/report"
)

// dayLayout is how days (a notice's date, a visit's date) are stored: text in both databases.
const dayLayout = "2006-01-02"

func day(t time.Time) string { return t.Format(dayLayout) }

// dayCol scans a stored day as midnight UTC.
type dayCol struct{ t *time.Time }

func (c dayCol) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("store: cannot scan %T into a day", src)
	}
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return fmt.Errorf("store: bad day %q: %w", s, err)
	}
	*c.t = t
	return nil
}

// fold is the searchable form of a text: letters in lower case, one rune for one rune, so a
// rune offset in the folded text is the same offset in the original.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if l := unicode.ToLower(r); utf8.RuneLen(l) > 0 {
			return l
		}
		return r
	}, s)
}

func checkCampaign(c *report.Campaign) error {
	if blank(c.Title) {
		return report.Errorf(report.EINVALID, "请填写通知标题")
	}
	if c.Deadline.IsZero() || c.Date.IsZero() {
		return report.Errorf(report.EINVALID, "请填写成文日期和截止时间")
	}
	if len(c.Items) == 0 {
		return report.Errorf(report.EINVALID, "请至少列出一项报送材料")
	}
	if len(c.UnitIDs) == 0 {
		return report.Errorf(report.EINVALID, "请选择主送单位")
	}
	if err := checkText(c.Title, c.Office, c.DocNumber, c.Note, c.ContactName, c.Phone); err != nil {
		return err
	}
	names := map[string]bool{}
	for _, it := range c.Items {
		if blank(it.Name) {
			return report.Errorf(report.EINVALID, "材料名称不能为空")
		}
		if names[it.Name] {
			return report.Errorf(report.EINVALID, "材料“%s”重复", it.Name)
		}
		names[it.Name] = true
		if err := checkText(it.Name, it.Note); err != nil {
			return err
		}
	}
	return nil
}

// CreateCampaign stores c with its items and recipients.
func (db *DB) CreateCampaign(ctx context.Context, c *report.Campaign, audit report.AuditEntry) error {
	if err := checkCampaign(c); err != nil {
		return err
	}
	opened := now()
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert(`INSERT INTO campaigns (workspace_id, title, office, doc_number, issued_on, deadline, note,
			contact_name, phone, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.WorkspaceID, c.Title, c.Office, c.DocNumber, day(c.Date), db.t(c.Deadline), c.Note,
			c.ContactName, c.Phone, nullID(c.OpenedBy), db.t(opened))
		if err != nil {
			return db.classify(err, "", "工作区或用户不存在")
		}
		for i := range c.Items {
			it := &c.Items[i]
			it.Position = i
			iid, err := t.insert(`INSERT INTO campaign_items (campaign_id, position, name, required, note, structured)
				VALUES (?, ?, ?, ?, ?, ?)`, id, i, it.Name, it.Required, it.Note, it.Rows)
			if err != nil {
				return err
			}
			it.ID = iid
		}
		seen := map[int64]bool{}
		for _, u := range c.UnitIDs {
			if seen[u] {
				continue
			}
			seen[u] = true
			if _, err := t.exec("INSERT INTO campaign_units (campaign_id, unit_id) VALUES (?, ?)", id, u); err != nil {
				return db.classify(err, "", "主送单位不存在")
			}
		}
		c.ID, c.OpenedAt = id, opened
		defaultAudit(&audit, "campaign.create", fmt.Sprintf("campaign:%d", id), c.WorkspaceID)
		return t.audit(&audit)
	})
}

const campaignColumns = "id, workspace_id, title, office, doc_number, issued_on, deadline, note, contact_name, phone, opened_by, opened_at"

func scanCampaign(row interface{ Scan(...any) error }) (*report.Campaign, error) {
	var c report.Campaign
	var by sql.NullInt64
	err := row.Scan(&c.ID, &c.WorkspaceID, &c.Title, &c.Office, &c.DocNumber, dayCol{&c.Date}, timeCol{&c.Deadline},
		&c.Note, &c.ContactName, &c.Phone, &by, timeCol{&c.OpenedAt})
	c.OpenedBy = by.Int64
	return &c, err
}

// Campaigns lists a workspace's campaigns, the latest first, with items and recipients.
func (db *DB) Campaigns(ctx context.Context, workspaceID int64) ([]report.Campaign, error) {
	rows, err := db.query(ctx, "SELECT "+campaignColumns+" FROM campaigns WHERE workspace_id = ? ORDER BY id DESC", workspaceID)
	if err != nil {
		return nil, err
	}
	var cs []report.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		cs = append(cs, *c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range cs {
		if err := db.campaignParts(ctx, &cs[i]); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// Campaign returns a campaign with its items and recipients.
func (db *DB) Campaign(ctx context.Context, id int64) (*report.Campaign, error) {
	c, err := scanCampaign(db.queryRow(ctx, "SELECT "+campaignColumns+" FROM campaigns WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "材料征集不存在")
	}
	if err != nil {
		return nil, err
	}
	return c, db.campaignParts(ctx, c)
}

func (db *DB) campaignParts(ctx context.Context, c *report.Campaign) error {
	rows, err := db.query(ctx, "SELECT id, position, name, required, note, structured FROM campaign_items WHERE campaign_id = ? ORDER BY position", c.ID)
	if err != nil {
		return err
	}
	c.Items = nil
	for rows.Next() {
		var it report.CampaignItem
		if err := rows.Scan(&it.ID, &it.Position, &it.Name, &it.Required, &it.Note, &it.Rows); err != nil {
			rows.Close()
			return err
		}
		c.Items = append(c.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.query(ctx, "SELECT unit_id FROM campaign_units WHERE campaign_id = ? ORDER BY unit_id", c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	c.UnitIDs = nil
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			return err
		}
		c.UnitIDs = append(c.UnitIDs, u)
	}
	return rows.Err()
}

func checkProject(p *report.Project) error {
	if blank(p.Name) {
		return report.Errorf(report.EINVALID, "第 %d 行：项目名称不能为空", p.Position+1)
	}
	return checkText(p.Name, p.Content, p.Funds, p.Owner, p.Due)
}

// encodeDoc is a document as stored: JSON, or "" for none.
func encodeDoc(d *report.Document) (string, error) {
	if d == nil {
		return "", nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encode document: %w", err)
	}
	return string(b), nil
}

func decodeDoc(s string) (*report.Document, error) {
	if s == "" {
		return nil, nil
	}
	d := new(report.Document)
	if err := json.Unmarshal([]byte(s), d); err != nil {
		return nil, fmt.Errorf("decode document: %w", err)
	}
	return d, nil
}

// Submit stores s as its unit's current answer to its item.
func (db *DB) Submit(ctx context.Context, s *report.Submission, data []byte, projects []report.Project, audit report.AuditEntry) error {
	if s.Format == "" {
		return report.Errorf(report.EINVALID, "报送内容为空")
	}
	if s.Late && blank(s.Reason) {
		return report.Errorf(report.EINVALID, "已过截止时间，请说明逾期报送的原因")
	}
	if err := checkText(s.Filename, s.Format, s.Text, s.Contact, s.Phone, s.Reason); err != nil {
		return err
	}
	for i := range projects {
		projects[i].Position = i
		if err := checkProject(&projects[i]); err != nil {
			return err
		}
	}
	doc, err := encodeDoc(s.Doc)
	if err != nil {
		return err
	}
	// a submission carries its own time when imported (the demo's, an earlier system's)
	at := now()
	if !s.At.IsZero() {
		at = s.At.UTC().Truncate(time.Microsecond)
	}
	return db.tx(ctx, func(t *tx) error {
		var workspace int64
		var structured bool
		err := t.queryRow(`SELECT c.workspace_id, i.structured FROM campaigns c
			JOIN campaign_items i ON i.campaign_id = c.id
			JOIN campaign_units u ON u.campaign_id = c.id
			WHERE c.id = ? AND i.id = ? AND u.unit_id = ?`, s.CampaignID, s.ItemID, s.UnitID).Scan(&workspace, &structured)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.EINVALID, "这项材料不在本单位的报送范围内")
		}
		if err != nil {
			return err
		}
		if structured != (s.Format == "rows") {
			return report.Errorf(report.EINVALID, "民生实事建议请逐项填写项目")
		}
		if structured && len(projects) == 0 {
			return report.Errorf(report.EINVALID, "请至少填写一个民生实事项目")
		}
		var prev int64
		err = t.queryRow("SELECT id FROM submissions WHERE item_id = ? AND unit_id = ? AND is_current = ?", s.ItemID, s.UnitID, true).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if prev != 0 {
			if _, err := t.exec("DELETE FROM material_texts WHERE submission_id = ?", prev); err != nil {
				return err
			}
			if _, err := t.exec("UPDATE submissions SET is_current = ? WHERE id = ?", false, prev); err != nil {
				return err
			}
		}
		var file sql.NullInt64
		if data != nil {
			id, err := t.insert("INSERT INTO material_files (data) VALUES (?)", data)
			if err != nil {
				return err
			}
			file = sql.NullInt64{Int64: id, Valid: true}
			s.Size = int64(len(data))
		}
		id, err := t.insert(`INSERT INTO submissions (campaign_id, item_id, unit_id, filename, format, size, file_id, text,
			document, contact, phone, by_user, at, late, reason, is_current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.CampaignID, s.ItemID, s.UnitID, s.Filename, s.Format, s.Size, file, s.Text, doc, s.Contact, s.Phone,
			nullID(s.By), db.t(at), s.Late, s.Reason, true)
		if err != nil {
			return db.classify(err, "本单位的这项材料刚刚被他人更新，请刷新后重试", "报送人不存在")
		}
		for i := range projects {
			p := &projects[i]
			pid, err := t.insert(`INSERT INTO projects (submission_id, campaign_id, unit_id, position, name, content, funds, owner, due)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, s.CampaignID, s.UnitID, i, p.Name, p.Content, p.Funds, p.Owner, p.Due)
			if err != nil {
				return err
			}
			p.ID, p.SubmissionID, p.CampaignID, p.UnitID = pid, id, s.CampaignID, s.UnitID
		}
		if s.Text != "" {
			var label string
			if err := t.queryRow("SELECT name FROM campaign_items WHERE id = ?", s.ItemID).Scan(&label); err != nil {
				return err
			}
			if _, err := t.exec(`INSERT INTO material_texts (workspace_id, unit_id, submission_id, label, body) VALUES (?, ?, ?, ?, ?)`,
				workspace, s.UnitID, id, label, fold(s.Text)); err != nil {
				return err
			}
		}
		s.ID, s.At, s.Current = id, at, true
		defaultAudit(&audit, "submission.add", fmt.Sprintf("submission:%d", id), workspace)
		return t.audit(&audit)
	})
}

const submissionColumns = "id, campaign_id, item_id, unit_id, filename, format, size, contact, phone, by_user, at, late, reason, is_current"

func scanSubmission(row interface{ Scan(...any) error }, extra ...any) (*report.Submission, error) {
	var s report.Submission
	var by sql.NullInt64
	dest := append([]any{&s.ID, &s.CampaignID, &s.ItemID, &s.UnitID, &s.Filename, &s.Format, &s.Size, &s.Contact, &s.Phone,
		&by, timeCol{&s.At}, &s.Late, &s.Reason, &s.Current}, extra...)
	err := row.Scan(dest...)
	s.By = by.Int64
	return &s, err
}

// Submissions lists a campaign's submissions, oldest first, without their text.
func (db *DB) Submissions(ctx context.Context, campaignID, unitID int64) ([]report.Submission, error) {
	q := "SELECT " + submissionColumns + " FROM submissions WHERE campaign_id = ?"
	args := []any{campaignID}
	if unitID != 0 {
		q += " AND unit_id = ?"
		args = append(args, unitID)
	}
	rows, err := db.query(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ss []report.Submission
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, err
		}
		ss = append(ss, *s)
	}
	return ss, rows.Err()
}

// Submission returns a submission with its text and document.
func (db *DB) Submission(ctx context.Context, id int64) (*report.Submission, error) {
	var text, doc string
	s, err := scanSubmission(db.queryRow(ctx, "SELECT "+submissionColumns+", text, document FROM submissions WHERE id = ?", id), &text, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "报送材料不存在")
	}
	if err != nil {
		return nil, err
	}
	s.Text = text
	if s.Doc, err = decodeDoc(doc); err != nil {
		return nil, fmt.Errorf("submission %d: %w", id, err)
	}
	return s, nil
}

// SubmissionFile returns the bytes of a submission's file.
func (db *DB) SubmissionFile(ctx context.Context, id int64) ([]byte, error) {
	return db.file(ctx, "submissions", id, "报送材料没有附件")
}

func (db *DB) file(ctx context.Context, table string, id int64, none string) ([]byte, error) {
	var data []byte
	var file sql.NullInt64
	err := db.queryRow(ctx, "SELECT file_id FROM "+table+" WHERE id = ?", id).Scan(&file)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !file.Valid) {
		return nil, report.Errorf(report.ENOTFOUND, "%s", none)
	}
	if err != nil {
		return nil, err
	}
	if err := db.queryRow(ctx, "SELECT data FROM material_files WHERE id = ?", file.Int64).Scan(&data); err != nil {
		return nil, err
	}
	return data, nil
}

// Projects lists the proposals of a campaign's current submissions.
func (db *DB) Projects(ctx context.Context, campaignID int64) ([]report.Project, error) {
	rows, err := db.query(ctx, `SELECT p.id, p.submission_id, p.campaign_id, p.unit_id, p.position, p.name, p.content,
		p.funds, p.owner, p.due, p.selected FROM projects p JOIN submissions s ON s.id = p.submission_id
		WHERE p.campaign_id = ? AND s.is_current = ? ORDER BY p.unit_id, p.position`, campaignID, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []report.Project
	for rows.Next() {
		var p report.Project
		if err := rows.Scan(&p.ID, &p.SubmissionID, &p.CampaignID, &p.UnitID, &p.Position, &p.Name, &p.Content,
			&p.Funds, &p.Owner, &p.Due, &p.Selected); err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// SelectProjects marks exactly ids selected among the campaign's proposals.
func (db *DB) SelectProjects(ctx context.Context, campaignID int64, ids []int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var workspace int64
		err := t.queryRow("SELECT workspace_id FROM campaigns WHERE id = ?", campaignID).Scan(&workspace)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "材料征集不存在")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec("UPDATE projects SET selected = ? WHERE campaign_id = ?", false, campaignID); err != nil {
			return err
		}
		for _, id := range ids {
			res, err := t.exec("UPDATE projects SET selected = ? WHERE campaign_id = ? AND id = ?", true, campaignID, id)
			if err != nil {
				return err
			}
			if err := affected(res, "民生实事项目不存在"); err != nil {
				return err
			}
		}
		defaultAudit(&audit, "projects.select", fmt.Sprintf("campaign:%d", campaignID), workspace)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("选定 %d 项", len(ids))
		}
		return t.audit(&audit)
	})
}

// AddExcerpt files a quote from a submission or minutes under a heading of a version.
func (db *DB) AddExcerpt(ctx context.Context, e *report.Excerpt, audit report.AuditEntry) error {
	if (e.SubmissionID == 0) == (e.MinutesID == 0) {
		return report.Errorf(report.EINVALID, "摘录须来自一份报送材料或调研纪要")
	}
	if blank(e.Quote) {
		return report.Errorf(report.EINVALID, "摘录内容不能为空")
	}
	if e.BlockID == "" || e.VersionID == 0 {
		return report.Errorf(report.EINVALID, "请选择摘录归入的章节")
	}
	if err := checkText(e.Quote, e.Note, e.BlockID); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM versions WHERE id = ?", e.VersionID).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && ws != e.WorkspaceID) {
			return report.Errorf(report.EINVALID, "章节所在的版本不存在")
		}
		if err != nil {
			return err
		}
		var src int64
		if e.SubmissionID != 0 {
			err = t.queryRow("SELECT c.workspace_id FROM submissions s JOIN campaigns c ON c.id = s.campaign_id WHERE s.id = ?", e.SubmissionID).Scan(&src)
		} else {
			err = t.queryRow(`SELECT r.workspace_id FROM minutes m JOIN visits v ON v.id = m.visit_id
				JOIN research_teams r ON r.id = v.team_id WHERE m.id = ?`, e.MinutesID).Scan(&src)
		}
		if errors.Is(err, sql.ErrNoRows) || (err == nil && src != ws) {
			return report.Errorf(report.EINVALID, "摘录的来源材料不存在")
		}
		if err != nil {
			return err
		}
		id, err := t.insert(`INSERT INTO excerpts (workspace_id, submission_id, minutes_id, quote, note, version_id, block_id, by_user, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ws, nullID(e.SubmissionID), nullID(e.MinutesID), e.Quote, e.Note,
			e.VersionID, e.BlockID, nullID(e.By), db.t(at))
		if err != nil {
			return db.classify(err, "", "章节不存在")
		}
		e.ID, e.At = id, at
		defaultAudit(&audit, "excerpt.add", fmt.Sprintf("excerpt:%d", id), ws)
		return t.audit(&audit)
	})
}

// Excerpts lists a workspace's excerpts, oldest first.
func (db *DB) Excerpts(ctx context.Context, workspaceID int64) ([]report.Excerpt, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, submission_id, minutes_id, quote, note, version_id, block_id, by_user, at
		FROM excerpts WHERE workspace_id = ? ORDER BY id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []report.Excerpt
	for rows.Next() {
		var e report.Excerpt
		var sub, min, by sql.NullInt64
		if err := rows.Scan(&e.ID, &e.WorkspaceID, &sub, &min, &e.Quote, &e.Note, &e.VersionID, &e.BlockID, &by, timeCol{&e.At}); err != nil {
			return nil, err
		}
		e.SubmissionID, e.MinutesID, e.By = sub.Int64, min.Int64, by.Int64
		es = append(es, e)
	}
	return es, rows.Err()
}

// DeleteExcerpt removes an excerpt.
func (db *DB) DeleteExcerpt(ctx context.Context, id int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM excerpts WHERE id = ?", id).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "摘录不存在")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM excerpts WHERE id = ?", id); err != nil {
			return err
		}
		defaultAudit(&audit, "excerpt.delete", fmt.Sprintf("excerpt:%d", id), ws)
		return t.audit(&audit)
	})
}

// CreateTeam stores a research team.
func (db *DB) CreateTeam(ctx context.Context, tm *report.Team, audit report.AuditEntry) error {
	if blank(tm.Name) {
		return report.Errorf(report.EINVALID, "请填写调研组名称")
	}
	if err := checkText(tm.Name, tm.Leader, tm.Members); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		id, err := t.insert(`INSERT INTO research_teams (workspace_id, name, leader, members, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, tm.WorkspaceID, tm.Name, tm.Leader, tm.Members, nullID(tm.CreatedBy), db.t(at))
		if err != nil {
			return db.classify(err, "调研组名称已存在", "工作区不存在")
		}
		tm.ID, tm.CreatedAt = id, at
		defaultAudit(&audit, "team.create", fmt.Sprintf("team:%d", id), tm.WorkspaceID)
		return t.audit(&audit)
	})
}

// Teams lists a workspace's research teams in the order they were formed.
func (db *DB) Teams(ctx context.Context, workspaceID int64) ([]report.Team, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, name, leader, members, created_by, created_at
		FROM research_teams WHERE workspace_id = ? ORDER BY id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ts []report.Team
	for rows.Next() {
		var tm report.Team
		var by sql.NullInt64
		if err := rows.Scan(&tm.ID, &tm.WorkspaceID, &tm.Name, &tm.Leader, &tm.Members, &by, timeCol{&tm.CreatedAt}); err != nil {
			return nil, err
		}
		tm.CreatedBy = by.Int64
		ts = append(ts, tm)
	}
	return ts, rows.Err()
}

// AddVisit stores a team's visit.
func (db *DB) AddVisit(ctx context.Context, v *report.Visit, audit report.AuditEntry) error {
	if v.Date.IsZero() {
		return report.Errorf(report.EINVALID, "请填写调研日期")
	}
	if err := checkText(v.Topic); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM research_teams WHERE id = ?", v.TeamID).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.EINVALID, "调研组不存在")
		}
		if err != nil {
			return err
		}
		id, err := t.insert(`INSERT INTO visits (team_id, unit_id, visited_on, topic, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			v.TeamID, v.UnitID, day(v.Date), v.Topic, nullID(v.CreatedBy), db.t(at))
		if err != nil {
			return db.classify(err, "", "调研单位不存在")
		}
		v.ID, v.CreatedAt = id, at
		defaultAudit(&audit, "visit.add", fmt.Sprintf("visit:%d", id), ws)
		return t.audit(&audit)
	})
}

const visitColumns = "v.id, v.team_id, v.unit_id, v.visited_on, v.topic, v.created_by, v.created_at"

func scanVisit(row interface{ Scan(...any) error }) (*report.Visit, error) {
	var v report.Visit
	var by sql.NullInt64
	err := row.Scan(&v.ID, &v.TeamID, &v.UnitID, dayCol{&v.Date}, &v.Topic, &by, timeCol{&v.CreatedAt})
	v.CreatedBy = by.Int64
	return &v, err
}

// Visits lists a workspace's visits by date.
func (db *DB) Visits(ctx context.Context, workspaceID int64) ([]report.Visit, error) {
	rows, err := db.query(ctx, "SELECT "+visitColumns+` FROM visits v JOIN research_teams r ON r.id = v.team_id
		WHERE r.workspace_id = ? ORDER BY v.visited_on, v.id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []report.Visit
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return nil, err
		}
		vs = append(vs, *v)
	}
	return vs, rows.Err()
}

// Visit returns one visit.
func (db *DB) Visit(ctx context.Context, id int64) (*report.Visit, error) {
	v, err := scanVisit(db.queryRow(ctx, "SELECT "+visitColumns+" FROM visits v WHERE v.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "调研活动不存在")
	}
	return v, err
}

// AddMinutes stores the minutes of a visit and indexes their text.
func (db *DB) AddMinutes(ctx context.Context, m *report.Minutes, data []byte, audit report.AuditEntry) error {
	if m.Format == "" {
		return report.Errorf(report.EINVALID, "调研纪要为空")
	}
	if err := checkText(m.Filename, m.Format, m.Text); err != nil {
		return err
	}
	doc, err := encodeDoc(m.Doc)
	if err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws, unit int64
		var topic string
		err := t.queryRow(`SELECT r.workspace_id, v.unit_id, v.topic FROM visits v JOIN research_teams r ON r.id = v.team_id
			WHERE v.id = ?`, m.VisitID).Scan(&ws, &unit, &topic)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "调研活动不存在")
		}
		if err != nil {
			return err
		}
		var file sql.NullInt64
		if data != nil {
			id, err := t.insert("INSERT INTO material_files (data) VALUES (?)", data)
			if err != nil {
				return err
			}
			file = sql.NullInt64{Int64: id, Valid: true}
			m.Size = int64(len(data))
		}
		id, err := t.insert(`INSERT INTO minutes (visit_id, filename, format, size, file_id, text, document, by_user, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.VisitID, m.Filename, m.Format, m.Size, file, m.Text, doc, nullID(m.By), db.t(at))
		if err != nil {
			return db.classify(err, "", "上传人不存在")
		}
		if m.Text != "" {
			label := "调研纪要"
			if topic != "" {
				label += "：" + topic
			}
			if _, err := t.exec(`INSERT INTO material_texts (workspace_id, unit_id, minutes_id, label, body) VALUES (?, ?, ?, ?, ?)`,
				ws, unit, id, label, fold(m.Text)); err != nil {
				return err
			}
		}
		m.ID, m.At = id, at
		defaultAudit(&audit, "minutes.add", fmt.Sprintf("minutes:%d", id), ws)
		return t.audit(&audit)
	})
}

const minutesColumns = "id, visit_id, filename, format, size, by_user, at"

func scanMinutes(row interface{ Scan(...any) error }, extra ...any) (*report.Minutes, error) {
	var m report.Minutes
	var by sql.NullInt64
	err := row.Scan(append([]any{&m.ID, &m.VisitID, &m.Filename, &m.Format, &m.Size, &by, timeCol{&m.At}}, extra...)...)
	m.By = by.Int64
	return &m, err
}

// MinutesOf lists a visit's minutes without their text.
func (db *DB) MinutesOf(ctx context.Context, visitID int64) ([]report.Minutes, error) {
	rows, err := db.query(ctx, "SELECT "+minutesColumns+" FROM minutes WHERE visit_id = ? ORDER BY id", visitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []report.Minutes
	for rows.Next() {
		m, err := scanMinutes(rows)
		if err != nil {
			return nil, err
		}
		ms = append(ms, *m)
	}
	return ms, rows.Err()
}

// Minutes returns minutes with their text and document.
func (db *DB) Minutes(ctx context.Context, id int64) (*report.Minutes, error) {
	var text, doc string
	m, err := scanMinutes(db.queryRow(ctx, "SELECT "+minutesColumns+", text, document FROM minutes WHERE id = ?", id), &text, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "调研纪要不存在")
	}
	if err != nil {
		return nil, err
	}
	m.Text = text
	if m.Doc, err = decodeDoc(doc); err != nil {
		return nil, fmt.Errorf("minutes %d: %w", id, err)
	}
	return m, nil
}

// MinutesFile returns the bytes of the minutes' file.
func (db *DB) MinutesFile(ctx context.Context, id int64) ([]byte, error) {
	return db.file(ctx, "minutes", id, "调研纪要没有附件")
}

// snippetRunes is how much text a search hit shows before the match and after it.
const snippetRunes = 40

// querier is what a search reads through: the pool, or a transaction that steers the planner.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SearchMaterial finds query in the workspace's current submissions and minutes. Both databases
// give the same hits: SQLite narrows with its FTS5 trigram index (three or more characters) and
// PostgreSQL with pg_trgm behind LIKE, then each keeps only texts that contain the folded query
// as a substring. A rare two-character query goes through SQLite's trigram vocabulary.
func (db *DB) SearchMaterial(ctx context.Context, workspaceID int64, query string, limit int) ([]report.MaterialHit, int, error) {
	q := fold(strings.TrimSpace(query))
	if q == "" {
		return nil, 0, nil
	}
	if err := checkText(q); err != nil {
		return nil, 0, err
	}
	if utf8.RuneCountInString(q) > 200 {
		return nil, 0, report.Errorf(report.EINVALID, "搜索词不能超过 200 个字")
	}
	// Counting stops past report.MaterialCountCap: a query found in most documents would
	// otherwise verify every one of them, and the reader only needs "more than" beyond that.
	// Each form below reads in descending id order, so the database stops at the cap.
	capped := report.MaterialCountCap + 1
	var sqlq string
	var args []any
	var from querier = db.r
	const cols = "t.id, COALESCE(t.submission_id, 0), COALESCE(t.minutes_id, 0), t.unit_id, t.label"
	// The SQLite index ends every text with sentinel: a query holding it is read through the
	// bodies, which never end with it.
	indexed := !strings.ContainsRune(q, sentinel)
	long := utf8.RuneCountInString(q) >= 3 && indexed
	var pair []string
	if db.dialect.name == "sqlite" && indexed && utf8.RuneCountInString(q) == 2 {
		var err error
		if pair, err = db.pairTerms(ctx, q); err != nil {
			return nil, 0, err
		}
		if pair != nil && len(pair) == 0 {
			return nil, 0, nil
		}
	}
	switch {
	case db.dialect.name == "postgres" && long:
		// The planner prices a sequential scan without the TOASTed bodies it must read and so
		// prefers it, or the workspace index, to the trigram index: reading every body costs
		// hundreds of milliseconds where the index gives the candidates at once. The CTE keeps
		// the workspace out of the choice and enable_seqscan the scan, for this transaction only.
		t, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, 0, err
		}
		defer t.Rollback()
		if _, err := t.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return nil, 0, err
		}
		from = t
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
		sqlq = `WITH m AS MATERIALIZED (SELECT id FROM material_texts WHERE body LIKE ? ESCAPE '\')
			SELECT ` + cols + ` FROM m JOIN material_texts t ON t.id = m.id WHERE t.workspace_id = ? ORDER BY t.id DESC LIMIT ?`
		args = []any{like, workspaceID, capped}
	case db.dialect.name == "postgres":
		// pg_trgm cannot narrow fewer than three characters: read the newest bodies until the cap.
		sqlq = "SELECT " + cols + " FROM material_texts t WHERE t.workspace_id = ? AND strpos(t.body, ?) > 0 ORDER BY t.id DESC LIMIT ?"
		args = []any{workspaceID, q, capped}
	case long:
		// A phrase of case-sensitive trigrams matches exactly the texts that contain q, so the
		// index alone decides; FTS5 hands rows over in rowid order.
		sqlq = "SELECT " + cols + ` FROM material_fts f JOIN material_texts t ON t.id = f.rowid
			WHERE material_fts MATCH ? AND t.workspace_id = ? ORDER BY f.rowid DESC LIMIT ?`
		args = []any{`body:"` + strings.ReplaceAll(q, `"`, `""`) + `"`, workspaceID, capped}
	case pair != nil:
		// The texts that contain q are those with a trigram beginning with q.
		quoted := make([]string, len(pair))
		for i, term := range pair {
			quoted[i] = `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
		}
		sqlq = "SELECT " + cols + ` FROM material_fts f JOIN material_texts t ON t.id = f.rowid
			WHERE material_fts MATCH ? AND t.workspace_id = ? ORDER BY f.rowid DESC LIMIT ?`
		args = []any{"body:(" + strings.Join(quoted, " OR ") + ")", workspaceID, capped}
	default:
		sqlq = "SELECT " + cols + " FROM material_texts t WHERE t.workspace_id = ? AND instr(t.body, ?) > 0 ORDER BY t.id DESC LIMIT ?"
		args = []any{workspaceID, q, capped}
	}
	rows, err := from.QueryContext(ctx, db.q(sqlq), args...)
	if err != nil {
		return nil, 0, err
	}
	var hits []report.MaterialHit
	var textIDs []int64
	total := 0
	for rows.Next() {
		var h report.MaterialHit
		var tid int64
		if err := rows.Scan(&tid, &h.SubmissionID, &h.MinutesID, &h.UnitID, &h.Label); err != nil {
			rows.Close()
			return nil, 0, err
		}
		total++
		if len(hits) < limit {
			hits = append(hits, h)
			textIDs = append(textIDs, tid)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	pos := "instr"
	if db.dialect.name == "postgres" {
		pos = "strpos"
	}
	for i := range hits {
		h := &hits[i]
		var at int
		if err := from.QueryRowContext(ctx, db.q("SELECT "+pos+"(body, ?) FROM material_texts WHERE id = ?"), q, textIDs[i]).Scan(&at); err != nil {
			return nil, 0, err
		}
		h.Offset = at - 1
		start := max(1, at-snippetRunes)
		n := at - start + utf8.RuneCountInString(q) + snippetRunes
		var snippet string
		if h.SubmissionID != 0 {
			err = from.QueryRowContext(ctx, db.q("SELECT campaign_id, substr(text, ?, ?) FROM submissions WHERE id = ?"), start, n, h.SubmissionID).Scan(&h.CampaignID, &snippet)
		} else {
			err = from.QueryRowContext(ctx, db.q("SELECT visit_id, substr(text, ?, ?) FROM minutes WHERE id = ?"), start, n, h.MinutesID).Scan(&h.VisitID, &snippet)
		}
		if err != nil {
			return nil, 0, err
		}
		h.Snippet = snippet
	}
	return hits, total, nil
}

// sentinel ends every text in SQLite's trigram index (migration 0011), so that the last two
// characters of a text begin a trigram too.
const sentinel = '\x01'

// maxPairTerms is how many trigrams a two-character query may stand for and still go through
// the index; a pair with more is common, and reading the newest bodies finds the cap sooner.
const maxPairTerms = 100

// pairTerms lists the indexed trigrams that begin with the two characters q: an empty list when
// no text contains q, nil when there are more than maxPairTerms.
func (db *DB) pairTerms(ctx context.Context, q string) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT term FROM material_vocab WHERE term >= ? AND term < ? LIMIT ?",
		q, q+string(utf8.MaxRune), maxPairTerms+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	terms := []string{}
	for rows.Next() {
		var term string
		if err := rows.Scan(&term); err != nil {
			return nil, err
		}
		terms = append(terms, term)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(terms) > maxPairTerms {
		return nil, nil
	}
	return terms, nil
}

// MaterialEvents lists the workspace's campaigns and visits with their dates and counts.
func (db *DB) MaterialEvents(ctx context.Context, workspaceID int64) (*report.MaterialEvents, error) {
	cs, err := db.Campaigns(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	units, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	kind := map[int64]report.Unit{}
	for _, u := range units {
		kind[u.ID] = u
	}
	ev := &report.MaterialEvents{}
	for _, c := range cs {
		e := report.CampaignEvent{ID: c.ID, Title: c.Title, Office: c.Office, DocNumber: c.DocNumber, Date: c.Date,
			Deadline: c.Deadline, OpenedAt: c.OpenedAt, Items: len(c.Items), Recipients: len(c.UnitIDs)}
		for _, u := range c.UnitIDs {
			switch kind[u].Kind {
			case report.UnitTownship:
				e.Townships++
			case report.UnitDepartment:
				e.Departments++
			}
		}
		subs, err := db.Submissions(ctx, c.ID, 0)
		if err != nil {
			return nil, err
		}
		sent := map[int64]bool{}
		cell := map[[2]int64]bool{}
		for _, s := range subs {
			if !s.Current {
				continue
			}
			e.Submissions++
			if s.Late {
				e.LateSubmissions++
			}
			sent[s.UnitID] = true
			cell[[2]int64{s.UnitID, s.ItemID}] = true
		}
		e.UnitsSubmitted = len(sent)
		for _, u := range c.UnitIDs {
			for _, it := range c.Items {
				if it.Required && !cell[[2]int64{u, it.ID}] {
					e.MissingRequiredCell++
				}
			}
		}
		ev.Campaigns = append(ev.Campaigns, e)
	}
	sort.SliceStable(ev.Campaigns, func(i, j int) bool { return ev.Campaigns[i].Date.Before(ev.Campaigns[j].Date) })
	teams, err := db.Teams(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	ev.Teams = len(teams)
	names := map[int64]string{}
	for _, tm := range teams {
		names[tm.ID] = tm.Name
	}
	rows, err := db.query(ctx, "SELECT "+visitColumns+`, (SELECT count(*) FROM minutes m WHERE m.visit_id = v.id)
		FROM visits v JOIN research_teams r ON r.id = v.team_id WHERE r.workspace_id = ? ORDER BY v.visited_on, v.id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v report.Visit
		var by sql.NullInt64
		var n int
		if err := rows.Scan(&v.ID, &v.TeamID, &v.UnitID, dayCol{&v.Date}, &v.Topic, &by, timeCol{&v.CreatedAt}, &n); err != nil {
			return nil, err
		}
		u := kind[v.UnitID]
		ev.Visits = append(ev.Visits, report.VisitEvent{ID: v.ID, Date: v.Date, TeamID: v.TeamID, TeamName: names[v.TeamID],
			UnitID: v.UnitID, UnitName: u.Name, UnitKind: u.Kind, Topic: v.Topic, Minutes: n})
	}
	return ev, rows.Err()
}
