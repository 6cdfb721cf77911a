package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/load"
	"qicao/material"
	"qicao/report"
	"qicao/wordcount"
)

// The service functions of 材料征集 and 调研. The pages (material_pages.go) and the JSON API
// (material_api.go) both call these, never a copy of them.

func campaignTarget(id int64) string { return fmt.Sprintf("campaign:%d", id) }

// campaignInput is what opening a campaign takes, from the form or from JSON.
type campaignInput struct {
	Title, Office, DocNumber, Note string
	ContactName, Phone             string
	Date, Deadline                 time.Time
	Items                          []report.CampaignItem // nil: the default items
	UnitIDs                        []int64
	Kinds                          []report.UnitKind // every unit of these kinds is a recipient too
}

// openCampaign checks in and stores it as a new campaign of ws, opened by the current user.
func (s *Server) openCampaign(r *http.Request, ws *report.Workspace, in campaignInput) (*report.Campaign, error) {
	u := currentUser(r)
	if !canWrite(u) {
		return nil, report.Errorf(report.EFORBIDDEN, "只有写作组可以发起材料征集")
	}
	for _, f := range []struct {
		name, v  string
		min, max int
	}{{"通知标题", in.Title, 1, 200}, {"发文机关", in.Office, 0, 100}, {"文号", in.DocNumber, 0, 60},
		{"通知正文", in.Note, 0, 5000}, {"联系人", in.ContactName, 0, 40}, {"联系电话", in.Phone, 0, 40}} {
		if err := checkText(f.name, strings.TrimSpace(f.v), f.min, f.max); err != nil {
			return nil, err
		}
	}
	if in.Deadline.IsZero() {
		return nil, report.Errorf(report.EINVALID, "请填写截止时间")
	}
	if in.Date.IsZero() {
		in.Date = s.now()
	}
	in.Date = time.Date(in.Date.Year(), in.Date.Month(), in.Date.Day(), 0, 0, 0, 0, time.UTC)
	if in.Items == nil {
		in.Items = material.DefaultItems()
	}
	if len(in.Items) > 20 {
		return nil, report.Errorf(report.EINVALID, "报送材料不能超过 20 项")
	}
	for i := range in.Items {
		it := &in.Items[i]
		it.Name, it.Note = strings.TrimSpace(it.Name), strings.TrimSpace(it.Note)
		if err := checkText("材料名称", it.Name, 1, 40); err != nil {
			return nil, err
		}
		if err := checkText("材料说明", it.Note, 0, 200); err != nil {
			return nil, err
		}
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	known := map[int64]report.Unit{}
	for _, un := range units {
		known[un.ID] = un
	}
	chosen := map[int64]bool{}
	var ids []int64
	add := func(id int64) {
		if !chosen[id] {
			chosen[id] = true
			ids = append(ids, id)
		}
	}
	for _, id := range in.UnitIDs {
		if _, ok := known[id]; !ok {
			return nil, report.Errorf(report.EINVALID, "主送单位不存在")
		}
		add(id)
	}
	for _, k := range in.Kinds {
		for _, un := range units {
			if un.Kind == k {
				add(un.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil, report.Errorf(report.EINVALID, "请选择主送单位")
	}
	c := &report.Campaign{WorkspaceID: ws.ID, Title: strings.TrimSpace(in.Title), Office: strings.TrimSpace(in.Office),
		DocNumber: strings.TrimSpace(in.DocNumber), Date: in.Date, Deadline: in.Deadline, Note: strings.TrimSpace(in.Note),
		ContactName: strings.TrimSpace(in.ContactName), Phone: strings.TrimSpace(in.Phone), OpenedBy: u.ID,
		Items: in.Items, UnitIDs: ids}
	audit := s.entry(r, "campaign.create", "", fmt.Sprintf("%s，%d 项材料，主送 %d 个单位", c.Title, len(c.Items), len(ids)))
	audit.WorkspaceID = ws.ID
	if err := s.store.CreateCampaign(r.Context(), c, audit); err != nil {
		return nil, err
	}
	return c, nil
}

// canWrite reports whether u is on the writing team.
func canWrite(u *report.User) bool { return u != nil && u.Role == report.RoleWriter }

// canSeeCampaign: readers see every campaign, a contact those sent to their unit.
func canSeeCampaign(u *report.User, c *report.Campaign) bool {
	if u.Role == report.RoleContact {
		return c.Sent(u.UnitID)
	}
	return canReadReport(u)
}

// campaignByID loads a campaign the current user may see; anything else does not exist.
func (s *Server) campaignByID(r *http.Request, id int64) (*report.Campaign, error) {
	c, err := s.store.Campaign(r.Context(), id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	if !canSeeCampaign(currentUser(r), c) {
		return nil, notFound()
	}
	return c, nil
}

// submissionInput is one item's answer: a file, typed text, or 民生实事 rows.
type submissionInput struct {
	ItemID   int64
	Filename string
	Data     []byte // a file, nil when none
	Text     string // typed
	Projects []report.Project
	Contact  string
	Phone    string
	Reason   string // why late
}

// maxTyped is the most characters a typed submission may have.
const maxTyped = 100000

// submitMaterial stores the current user's unit's answer to one item of c. Only the unit's own
// contact submits; after the deadline a reason is required and the submission is marked late.
// A file is told by its content: .docx, .txt and .md are read by the document engine, PDF,
// workbooks and images are kept as they are, anything else is refused.
func (s *Server) submitMaterial(r *http.Request, c *report.Campaign, unitID int64, in submissionInput) (*report.Submission, error) {
	u := currentUser(r)
	if u.Role != report.RoleContact || u.UnitID != unitID {
		return nil, report.Errorf(report.EFORBIDDEN, "只能由本单位联络员报送本单位的材料")
	}
	if !c.Sent(unitID) {
		return nil, report.Errorf(report.EFORBIDDEN, "这份通知没有发给您的单位")
	}
	item := c.Item(in.ItemID)
	if item == nil {
		return nil, report.Errorf(report.EINVALID, "请选择要报送的材料")
	}
	in.Contact, in.Phone, in.Reason = strings.TrimSpace(in.Contact), strings.TrimSpace(in.Phone), strings.TrimSpace(in.Reason)
	if in.Contact == "" {
		in.Contact = displayName(*u)
	}
	for _, f := range []struct{ name, v string }{{"联系人", in.Contact}, {"联系电话", in.Phone}} {
		if err := checkText(f.name, f.v, 0, 40); err != nil {
			return nil, err
		}
	}
	if err := checkText("逾期原因", in.Reason, 0, 500); err != nil {
		return nil, err
	}
	at := s.now()
	sub := &report.Submission{CampaignID: c.ID, ItemID: item.ID, UnitID: unitID, Contact: in.Contact, Phone: in.Phone, By: u.ID}
	if material.Late(c, at) {
		if in.Reason == "" {
			return nil, report.Errorf(report.EINVALID, "已过截止时间（%s），请填写逾期报送的原因", c.Deadline.In(report.China).Format("1月2日 15:04"))
		}
		sub.Late, sub.Reason = true, in.Reason
	}
	var data []byte
	var projects []report.Project
	switch {
	case item.Rows:
		projects = in.Projects
		if in.Data != nil {
			ps, err := material.ReadProjects(in.Data)
			if err != nil {
				return nil, err
			}
			projects, data, sub.Filename, sub.Size = ps, in.Data, in.Filename, int64(len(in.Data))
		}
		if len(projects) == 0 {
			return nil, report.Errorf(report.EINVALID, "请填写民生实事项目，或导入 Excel 表格")
		}
		if len(projects) > material.MaxProjectRows {
			return nil, report.Errorf(report.EINVALID, "民生实事项目不能超过 %d 项", material.MaxProjectRows)
		}
		var text strings.Builder
		for i := range projects {
			p := &projects[i]
			for _, f := range []*string{&p.Name, &p.Content, &p.Funds, &p.Owner, &p.Due} {
				*f = strings.TrimSpace(*f)
			}
			if p.Name == "" {
				return nil, report.Errorf(report.EINVALID, "第 %d 项没有填写项目名称", i+1)
			}
			for _, f := range []struct{ name, v string }{{"项目名称", p.Name}, {"主要内容", p.Content}, {"投资/资金", p.Funds}, {"责任单位", p.Owner}, {"完成时限", p.Due}} {
				if err := checkText(fmt.Sprintf("第 %d 项的%s", i+1, f.name), f.v, 0, 2000); err != nil {
					return nil, err
				}
			}
			fmt.Fprintf(&text, "%s：%s；%s；%s；%s\n", p.Name, p.Content, p.Funds, p.Owner, p.Due)
		}
		sub.Format, sub.Text = "rows", text.String()
	case in.Data != nil:
		if len(in.Data) > maxUpload {
			return nil, tooLarge(maxUpload)
		}
		data, sub.Filename = in.Data, in.Filename
		if f := material.Attachment(data); f != "" {
			sub.Format = f
			break
		}
		doc, err := s.readMaterial(r.Context(), data)
		if err != nil {
			return nil, err
		}
		sub.Doc, sub.Text, sub.Format = doc, doc.PlainText(), textFormat(data, in.Filename)
	default:
		text := strings.TrimSpace(in.Text)
		if text == "" {
			return nil, report.Errorf(report.EINVALID, "“%s”还没有内容：请上传文件或直接填写", item.Name)
		}
		if err := checkText(item.Name, text, 1, maxTyped); err != nil {
			return nil, err
		}
		doc, err := readText([]byte(text))
		if err != nil {
			return nil, err
		}
		sub.Doc, sub.Text, sub.Format = doc, text, "typed"
	}
	detail := item.Name
	if sub.Late {
		detail += "（逾期：" + sub.Reason + "）"
	}
	audit := s.entry(r, "submission.add", "", detail)
	audit.WorkspaceID = c.WorkspaceID
	if err := s.store.Submit(r.Context(), sub, data, projects, audit); err != nil {
		return nil, err
	}
	return sub, nil
}

// readMaterial reads a document with the engine, a few at a time whoever uploads.
func (s *Server) readMaterial(ctx context.Context, data []byte) (*report.Document, error) {
	select {
	case s.reading <- struct{}{}:
		defer func() { <-s.reading }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return readText(data)
}

// readText reads material with the document engine: like a report, but a short text that is
// all title (a one-line plan) is material too.
func readText(data []byte) (*report.Document, error) {
	doc, err := load.Bytes(data)
	if err != nil {
		if report.ErrorCode(err) == report.EINTERNAL {
			return nil, report.Errorf(report.EINVALID, "无法读取这个文件，请确认它是完好的 Word 文档或文本文件")
		}
		return nil, err
	}
	if strings.TrimSpace(doc.PlainText()) == "" {
		return nil, report.Errorf(report.EINVALID, "文件中没有找到正文")
	}
	return doc, nil
}

// textFormat names the format load.Bytes read: docx for a zip, md or txt for text.
func textFormat(data []byte, name string) string {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return "docx"
	}
	if strings.HasSuffix(strings.ToLower(name), ".md") {
		return "md"
	}
	return "txt"
}

// board builds a campaign's board from the store.
func (s *Server) board(ctx context.Context, c *report.Campaign) (*material.Board, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := s.store.Submissions(ctx, c.ID, 0)
	if err != nil {
		return nil, err
	}
	return material.NewBoard(c, units, subs), nil
}

// statusRow is one unit and item on the board, as the API returns it.
type statusRow struct {
	UnitID       int64      `json:"unit_id"`
	Unit         string     `json:"unit"`
	ItemID       int64      `json:"item_id"`
	Item         string     `json:"item"`
	Status       string     `json:"status"`
	SubmittedAt  *time.Time `json:"submitted_at,omitempty"`
	SubmissionID int64      `json:"submission_id,omitempty"`
	Late         bool       `json:"late"`
	Reason       string     `json:"reason,omitempty"`
	Contact      string     `json:"contact,omitempty"`
	Phone        string     `json:"phone,omitempty"`
}

func statusRows(b *material.Board) []statusRow {
	var out []statusRow
	for _, row := range b.Rows {
		for _, c := range row.Cells {
			sr := statusRow{UnitID: row.Unit.ID, Unit: row.Unit.Name, ItemID: c.Item.ID, Item: c.Item.Name, Status: string(c.Status)}
			if sub := c.Submission; sub != nil {
				at := sub.At
				sr.SubmittedAt, sr.SubmissionID, sr.Late, sr.Reason, sr.Contact, sr.Phone = &at, sub.ID, sub.Late, sub.Reason, sub.Contact, sub.Phone
			}
			out = append(out, sr)
		}
	}
	return out
}

// materialHit is a search hit with its unit's name, as pages and the API show it.
type materialHit struct {
	Kind         string `json:"kind"` // submission or minutes
	SubmissionID int64  `json:"submission_id,omitempty"`
	MinutesID    int64  `json:"minutes_id,omitempty"`
	CampaignID   int64  `json:"campaign_id,omitempty"`
	VisitID      int64  `json:"visit_id,omitempty"`
	UnitID       int64  `json:"unit_id"`
	Unit         string `json:"unit"`
	Item         string `json:"item"`
	Snippet      string `json:"snippet"`
	Before       string `json:"-"`
	Match        string `json:"-"`
	After        string `json:"-"`
	URL          string `json:"url"`
}

// searchLimit is the most hits a search shows.
const searchLimit = 50

// searchMaterial searches the workspace's current submissions and research minutes.
func (s *Server) searchMaterial(ctx context.Context, ws *report.Workspace, q string) ([]materialHit, int, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, 0, nil
	}
	if err := checkText("搜索词", q, 1, 100); err != nil {
		return nil, 0, err
	}
	hits, total, err := s.store.SearchMaterial(ctx, ws.ID, q, searchLimit)
	if err != nil {
		return nil, 0, err
	}
	names, err := s.unitNamesCtx(ctx)
	if err != nil {
		return nil, 0, err
	}
	out := make([]materialHit, 0, len(hits))
	for _, h := range hits {
		mh := materialHit{SubmissionID: h.SubmissionID, MinutesID: h.MinutesID, CampaignID: h.CampaignID, VisitID: h.VisitID,
			UnitID: h.UnitID, Unit: names[h.UnitID], Item: h.Label, Snippet: h.Snippet}
		if h.SubmissionID != 0 {
			mh.Kind, mh.URL = "submission", fmt.Sprintf("/w/%d/submissions/%d", ws.ID, h.SubmissionID)
		} else {
			mh.Kind, mh.URL = "minutes", fmt.Sprintf("/w/%d/minutes/%d", ws.ID, h.MinutesID)
		}
		mh.Before, mh.Match, mh.After = splitSnippet(h.Snippet, q)
		out = append(out, mh)
	}
	return out, total, nil
}

// splitSnippet cuts a snippet around the query's first occurrence (letters in any case).
func splitSnippet(snippet, q string) (before, match, after string) {
	rs, qs := []rune(snippet), []rune(strings.ToLower(q))
	low := []rune(strings.ToLower(snippet))
	if len(low) != len(rs) {
		return snippet, "", ""
	}
	for i := 0; i+len(qs) <= len(low); i++ {
		if string(low[i:i+len(qs)]) == string(qs) {
			return string(rs[:i]), string(rs[i : i+len(qs)]), string(rs[i+len(qs):])
		}
	}
	return snippet, "", ""
}

func (s *Server) unitNamesCtx(ctx context.Context) (map[int64]string, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name
	}
	return m, nil
}

// latestVersion is the workspace's newest version with its document, nil when there is none.
func (s *Server) latestVersion(ctx context.Context, wid int64) (*report.Version, error) {
	vs, err := s.store.Versions(ctx, wid)
	if err != nil || len(vs) == 0 {
		return nil, err
	}
	return s.store.Version(ctx, vs[len(vs)-1].ID)
}

// fileExcerpt keeps a quote of a submission or minutes under a heading of the latest version.
func (s *Server) fileExcerpt(r *http.Request, ws *report.Workspace, e *report.Excerpt) error {
	if !canWrite(currentUser(r)) {
		return report.Errorf(report.EFORBIDDEN, "只有写作组可以摘录材料")
	}
	e.Quote, e.Note = strings.TrimSpace(e.Quote), strings.TrimSpace(e.Note)
	if err := checkText("摘录内容", e.Quote, 1, 5000); err != nil {
		return err
	}
	if err := checkText("备注", e.Note, 0, 500); err != nil {
		return err
	}
	v, err := s.latestVersion(r.Context(), ws.ID)
	if err != nil {
		return err
	}
	if v == nil {
		return report.Errorf(report.EINVALID, "报告还没有版本，无法归入章节")
	}
	b := v.Doc.Block(e.BlockID)
	if b == nil || b.Kind != report.Heading {
		return report.Errorf(report.EINVALID, "请选择摘录归入的章节")
	}
	// the quote must come from the source
	var text string
	if e.SubmissionID != 0 {
		sub, err := s.store.Submission(r.Context(), e.SubmissionID)
		if err != nil {
			return report.Errorf(report.EINVALID, "摘录的来源材料不存在")
		}
		text = sub.Text
	} else {
		m, err := s.store.Minutes(r.Context(), e.MinutesID)
		if err != nil {
			return report.Errorf(report.EINVALID, "摘录的来源材料不存在")
		}
		text = m.Text
	}
	if !strings.Contains(normalSpace(text), normalSpace(e.Quote)) {
		return report.Errorf(report.EINVALID, "摘录内容须是原材料中的一段文字")
	}
	e.WorkspaceID, e.VersionID, e.By = ws.ID, v.ID, currentUser(r).ID
	audit := s.entry(r, "excerpt.add", "", truncate(e.Quote, 60))
	audit.WorkspaceID = ws.ID
	return s.store.AddExcerpt(r.Context(), e, audit)
}

func normalSpace(s string) string { return strings.Join(strings.Fields(s), "") }

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// docSummary is a readable document's outline and counts, as the engine gives them.
type docSummary struct {
	Words   int
	About   string
	Outline []outlineItem
}

func summarize(doc *report.Document) docSummary {
	if doc == nil {
		return docSummary{}
	}
	counts := wordcount.Outline(doc)
	ds := docSummary{Words: counts.Stats.Words, About: wordcount.About(counts.Stats.Words)}
	for i := range doc.Blocks {
		b := &doc.Blocks[i]
		if b.Kind == report.Heading && b.Level <= 3 {
			ds.Outline = append(ds.Outline, outlineItem{ID: b.ID, Level: b.Level, Text: b.Text[:b.HeadEnd]})
		}
	}
	return ds
}

// campaignsFor lists the campaigns of ws the user sees, latest first.
func (s *Server) campaignsFor(ctx context.Context, u *report.User, wid int64) ([]report.Campaign, error) {
	cs, err := s.store.Campaigns(ctx, wid)
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		if canSeeCampaign(u, &c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// projectGroups is the 民生实事 list of a campaign, similar proposals grouped.
func (s *Server) projectGroups(ctx context.Context, c *report.Campaign) ([]material.Group, map[int64]string, error) {
	ps, err := s.store.Projects(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.unitNamesCtx(ctx)
	if err != nil {
		return nil, nil, err
	}
	return material.GroupProjects(ps), names, nil
}

// sortVisits orders visits by date, then team.
func sortVisits(vs []report.Visit) {
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].Date.Before(vs[j].Date) })
}
