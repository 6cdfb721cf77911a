package demo

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/report"
	"qicao/sample"
)

// The demo's 征求意见 is in progress on the 征求意见稿: the notice went to the leaders, every
// township and every department; the deadline has passed. Some units sent comments, some
// replied 无意见, two are still drafting, a few only opened the draft, the rest are overdue and
// one of them was reminded. Three units ask nearly the same thing about 营商环境 (a near-duplicate
// group); 东湖镇 and the 发改局 propose different wordings for the same words (a conflict). Some
// comments are decided, some not; the 送审稿 that followed shows how each passage changed.

// demoComment is one comment of the demo: the unit (by name), the words it points at ("" for
// the report as a whole, "¶" prefix for the whole paragraph holding the rest), what it says, the
// proposed wording, and the decision with its reason, if any.
type demoComment struct {
	unit, quote, text, proposal string
	decision                    report.DecisionKind
	reason                      string
	seminar                     bool
}

var demoComments = []demoComment{
	{unit: "东湖镇", quote: "扭住重大项目扩大投资", text: "“扭住”口语化，建议改为“紧盯”，与下文“紧盯国家政策”呼应。", proposal: "紧盯重大项目扩大投资", decision: report.Adopted},
	{unit: "市发展和改革局", quote: "扭住重大项目扩大投资", text: "建议表述为“抓实”，体现项目推进的实效。", proposal: "抓实重大项目扩大投资",
		decision: report.Rejected, reason: "采纳东湖镇意见，改为“紧盯”，与下文呼应"},
	{unit: "市住房和城乡建设局", quote: "改造老旧小区38个", text: "经与各乡镇核实，2027年计划改造老旧小区40个。", proposal: "改造老旧小区40个", decision: report.Adopted},
	{unit: "市农业农村局", quote: "扛稳粮食安全责任", text: "建议改为“扛牢粮食安全重任”，并补充种业振兴内容。", proposal: "扛牢粮食安全重任",
		decision: report.Partly, reason: "标题采纳；种业振兴内容在“做强特色优势产业”中已有表述"},
	{unit: "西山镇", quote: "持续优化营商环境", text: "建议增加优化营商环境的具体举措和量化目标。"},
	{unit: "南屏镇", quote: "持续优化营商环境", text: "建议补充优化营商环境的具体举措和量化目标。"},
	{unit: "市商务局", quote: "持续开展营商环境“体验官”活动", text: "建议增加优化营商环境具体举措及量化目标。"},
	{unit: "市统计局", quote: "地区生产总值增长6%左右", text: "与省定目标和统计口径一致，建议保留“左右”的表述。", decision: report.Reflected},
	{unit: "市发展和改革局", quote: "新增新能源装机容量15万千瓦", text: "已签约风电项目两个，2027年新增装机可达20万千瓦。", proposal: "新增新能源装机容量20万千瓦", decision: report.Adopted},
	{unit: "市交通运输局", quote: "把招商引资作为经济工作的“一号工程”", text: "建议突出交通区位优势在招商中的作用。", decision: report.Adopted},
	{unit: "市人民政府领导", text: "全文篇幅偏长，第二部分各项工作可再精炼，建议控制在1.5万字以内。"},
	{unit: "市教育局", quote: "新建改扩建中小学、幼儿园8所", text: "请核实新增学位数与新建学校数是否匹配。"},
	{unit: "北岗镇", quote: "创建省级美丽村庄10个以上", text: "座谈会上提出：建议明确美丽村庄的创建标准和奖补政策。", seminar: true},
}

// roundStates: units that replied 无意见, that are drafting (one draft each, not sent), that only
// opened the draft; a reminded one. Every other unit that did not comment is overdue.
var (
	demoNoComment = []string{"市财政局", "市公安局", "市民政局", "市司法局", "市审计局", "青石镇", "白沙镇", "金河镇", "市医疗保障局", "市数据局"}
	demoDrafting  = map[string]string{"桃源镇": "建议增加桃源镇特色农业产业园的表述。", "市水利局": "建议补充水利基础设施建设的投资数据。"}
	demoViewed    = []string{"云台镇", "市林业局", "市退役军人事务局"}
	demoReminded  = "梨花乡"
)

// seedRound opens the demo's round on the 征求意见稿 and fills it.
func (s *seeder) seedRound(ws *report.Workspace) error {
	vs, err := s.st.Versions(s.ctx, ws.ID)
	if err != nil {
		return err
	}
	var v *report.Version
	for _, x := range vs {
		if x.Label == "征求意见稿" {
			if v, err = s.st.Version(s.ctx, x.ID); err != nil {
				return err
			}
		}
	}
	if v == nil {
		return nil
	}
	users, err := s.st.Users(s.ctx)
	if err != nil {
		return err
	}
	speaker := map[int64]int64{} // unit → the user who speaks for it
	var leader2 int64
	for _, u := range users {
		if u.Role == report.RoleContact {
			speaker[u.UnitID] = u.ID
		}
		if u.Username == "leader2" {
			leader2 = u.ID
		}
	}
	speaker[s.units[leadership]] = leader2
	rd := &report.Round{WorkspaceID: ws.ID, VersionID: v.ID, Title: "关于征求《2027年政府工作报告（征求意见稿）》意见的通知",
		Deadline: time.Now().Add(-24 * time.Hour).Truncate(time.Hour),
		Note:     "《2027年政府工作报告（征求意见稿）》已经市政府常务会议研究，现送你单位征求意见。请认真审阅，重点对涉及本单位、本领域的工作表述和数据提出修改意见。",
		Contact:  "钱思远", Phone: "0000-1234567", OpenedBy: s.writer}
	rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: s.units[leadership]})
	for _, t := range sample.Townships {
		rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: s.units[t]})
	}
	for _, d := range departments {
		rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: s.units[d.name]})
	}
	a := s.audit("round.open", rd.Title)
	a.UserID, a.WorkspaceID = s.writer, ws.ID
	if err := s.st.OpenRound(s.ctx, rd, a); err != nil {
		return err
	}
	unitAudit := func(action, detail string, by int64) report.AuditEntry {
		e := s.audit(action, detail)
		e.UserID, e.WorkspaceID = by, ws.ID
		return e
	}
	// comments, unit by unit: each unit read the draft, drafted, and sent
	byUnit := map[string][]*report.Comment{}
	var order []string
	var seminar []*report.Comment
	for _, dc := range demoComments {
		c, err := demoAnchor(v, dc)
		if err != nil {
			return err
		}
		c.RoundID, c.UnitID, c.Text, c.Proposal = rd.ID, s.units[dc.unit], dc.text, dc.proposal
		if c.UnitID == 0 {
			return fmt.Errorf("demo: no unit %s", dc.unit)
		}
		if dc.seminar {
			c.AuthorID, c.Seminar, c.State = s.writer, true, report.CommentSent
			seminar = append(seminar, c)
			continue
		}
		c.AuthorID, c.State = speaker[c.UnitID], report.CommentDraft
		if len(byUnit[dc.unit]) == 0 {
			order = append(order, dc.unit)
		}
		byUnit[dc.unit] = append(byUnit[dc.unit], c)
	}
	for _, name := range order {
		unit, by := s.units[name], speaker[s.units[name]]
		if err := s.st.MarkViewed(s.ctx, rd.ID, unit, unitAudit("round.view", name, by)); err != nil {
			return err
		}
		if err := s.st.AddComments(s.ctx, byUnit[name], unitAudit("comment.add", name, by)); err != nil {
			return err
		}
		if _, err := s.st.SendComments(s.ctx, rd.ID, unit, by, unitAudit("round.send", name, by)); err != nil {
			return err
		}
	}
	if err := s.st.AddComments(s.ctx, seminar, unitAudit("comment.seminar", "座谈会意见", s.writer)); err != nil {
		return err
	}
	for _, name := range demoNoComment {
		unit, by := s.units[name], speaker[s.units[name]]
		if err := s.st.MarkViewed(s.ctx, rd.ID, unit, unitAudit("round.view", name, by)); err != nil {
			return err
		}
		if err := s.st.NoComments(s.ctx, rd.ID, unit, by, unitAudit("round.no_comment", name, by)); err != nil {
			return err
		}
	}
	for name, text := range demoDrafting {
		unit, by := s.units[name], speaker[s.units[name]]
		if err := s.st.MarkViewed(s.ctx, rd.ID, unit, unitAudit("round.view", name, by)); err != nil {
			return err
		}
		c := &report.Comment{RoundID: rd.ID, UnitID: unit, AuthorID: by, VersionID: v.ID, Text: text, State: report.CommentDraft}
		if err := s.st.AddComments(s.ctx, []*report.Comment{c}, unitAudit("comment.add", name, by)); err != nil {
			return err
		}
	}
	for _, name := range demoViewed {
		if err := s.st.MarkViewed(s.ctx, rd.ID, s.units[name], unitAudit("round.view", name, speaker[s.units[name]])); err != nil {
			return err
		}
	}
	rem := &report.Reminder{WorkspaceID: ws.ID, UnitID: s.units[demoReminded], Subject: fmt.Sprintf("round:%d", rd.ID), Note: "已过反馈截止时间，请尽快反馈意见", By: s.writer}
	if err := s.st.Remind(s.ctx, rem, unitAudit("remind", demoReminded, s.writer)); err != nil {
		return err
	}
	// the writers' decisions so far
	sent, err := s.st.Comments(s.ctx, report.CommentFilter{RoundID: rd.ID})
	if err != nil {
		return err
	}
	var ds []report.Decision
	for _, c := range sent {
		for _, dc := range demoComments {
			if dc.text == c.Text && dc.decision != "" {
				ds = append(ds, report.Decision{CommentID: c.ID, Kind: dc.decision, Reason: dc.reason, By: s.writer})
			}
		}
	}
	return s.st.Decide(s.ctx, ds, unitAudit("comment.decide", fmt.Sprintf("%d 条", len(ds)), s.writer))
}

// demoAnchor anchors a demo comment on the first paragraph holding its words.
func demoAnchor(v *report.Version, dc demoComment) (*report.Comment, error) {
	c := &report.Comment{VersionID: v.ID}
	if dc.quote == "" {
		return c, nil
	}
	for _, b := range v.Doc.Blocks {
		i := strings.Index(b.Text, dc.quote)
		if i < 0 {
			continue
		}
		start := utf8.RuneCountInString(b.Text[:i])
		a, err := anchor.New(v.ID, v.Doc, b.ID, start, start+utf8.RuneCountInString(dc.quote))
		if err != nil {
			return nil, err
		}
		c.BlockID, c.Start, c.End, c.Quote, c.Prefix, c.Suffix = a.BlockID, a.Start, a.End, a.Quote, a.Prefix, a.Suffix
		return c, nil
	}
	return nil, fmt.Errorf("demo: the 征求意见稿 has no %q", dc.quote)
}
