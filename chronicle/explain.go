package chronicle

import (
	"strconv"
	"strings"
	"time"

	"qicao/explain"
	"qicao/outline"
	"qicao/report"
)

// Sentence is one sentence of the explanation and the record it was built from (Ref.Kind ""
// for the writing team's own text and for connecting words).
type Sentence struct {
	Text string `json:"text"`
	Ref  Ref    `json:"ref"`
}

// Paragraph is a paragraph of sentences.
type Paragraph []Sentence

// Text is the paragraph as prose.
func (p Paragraph) Text() string {
	var b strings.Builder
	for _, s := range p {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Section is one numbered section of the explanation.
type Section struct {
	Heading    string      `json:"heading"`
	Paragraphs []Paragraph `json:"paragraphs"`
}

// Explanation is a 起草说明 written from the record.
type Explanation struct {
	Title    string    `json:"title"`
	Version  int64     `json:"version_id"`
	Sections []Section `json:"sections"`
}

func missing(what string) string { return "【待填：" + what + "】" }

// Write drafts the 起草说明 of the record's version v.
func Write(r *Record, v *report.Version) (*Explanation, error) {
	if v == nil || v.Doc == nil {
		return nil, report.Errorf(report.EINVALID, "请选择一个版本")
	}
	if v.WorkspaceID != r.Workspace.ID {
		return nil, report.Errorf(report.EINVALID, "所选版本不属于本工作区")
	}
	structure, err := explain.Write(v.Doc, nil)
	if err != nil {
		return nil, err
	}
	w := &writer{r: r, v: v, unit: levelOf(v.Doc)}
	year := missing("年度")
	if r.Workspace.Year > 0 {
		year = strconv.Itoa(r.Workspace.Year)
	}
	e := &Explanation{Version: v.ID, Title: "关于" + year + "年《政府工作报告（" + w.label() + "）》起草有关情况的说明"}
	e.Sections = append(e.Sections, Section{Heading: "一、关于《报告》的形成过程", Paragraphs: w.formation(year)})
	frame := Section{Heading: "二、《报告》的基本框架和内容"}
	for _, s := range structure.Sections {
		if strings.HasPrefix(s.Heading, "二、") {
			for _, p := range s.Paragraphs {
				frame.Paragraphs = append(frame.Paragraphs, Paragraph{{Text: p, Ref: Ref{"version", v.ID}}})
			}
		}
	}
	e.Sections = append(e.Sections, frame)
	features := Section{Heading: "三、《报告》的特点"}
	if text := strings.TrimSpace(r.Principles); text != "" {
		for _, line := range strings.Split(text, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				features.Paragraphs = append(features.Paragraphs, Paragraph{{Text: line}})
			}
		}
	} else {
		for _, s := range structure.Sections {
			if strings.HasPrefix(s.Heading, "三、") && len(s.Paragraphs) > 0 {
				features.Paragraphs = append(features.Paragraphs, Paragraph{{Text: s.Paragraphs[0]}})
			}
		}
	}
	features.Paragraphs = append(features.Paragraphs, w.closing())
	e.Sections = append(e.Sections, features)
	return e, nil
}

type writer struct {
	r        *Record
	v        *report.Version
	unit     string // 市, 县, 区
	lastYear int
}

// label is the version's name as the title says it: 征求意见稿, 送审稿.
func (w *writer) label() string {
	if l := strings.TrimSpace(w.v.Label); strings.HasSuffix(l, "稿") {
		return l
	}
	return "征求意见稿"
}

// levelOf tells a county's report from a city's or a district's by who delivers it.
func levelOf(doc *report.Document) string {
	for _, s := range []string{doc.Speaker, doc.Subtitle, doc.Title} {
		for _, u := range []string{"县", "区", "市", "旗"} {
			if strings.Contains(s, u+"长") || strings.Contains(s, u+"人民代表大会") || strings.Contains(s, u+"第") {
				return u
			}
		}
	}
	return "市"
}

// date writes a day as the explanation does: the year only when it differs from the last one
// written.
func (w *writer) date(t time.Time) string {
	s := ""
	if t.Year() != w.lastYear {
		s = strconv.Itoa(t.Year()) + "年"
		w.lastYear = t.Year()
	}
	return s + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

func n(i int) string { return strconv.Itoa(i) }

// person is a member as the explanation names them: 职务 and 姓名.
func person(u report.User) string { return u.Title + u.Name }

func joinNames(us []report.User) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = person(u)
	}
	return strings.Join(names, "、")
}

// formation writes the first section, one sentence per record.
func (w *writer) formation(year string) []Paragraph {
	r, u := w.r, w.unit
	var p Paragraph
	add := func(text string, ref Ref) { p = append(p, Sentence{Text: text, Ref: ref}) }

	heads, deputies, members := r.Group()
	var group string
	switch {
	case len(heads)+len(deputies)+len(members) == 0:
		group = missing("领导小组组成")
	default:
		var parts []string
		if len(heads) > 0 {
			parts = append(parts, joinNames(heads)+"任组长")
		}
		if len(deputies) > 0 {
			parts = append(parts, joinNames(deputies)+"任副组长")
		}
		if len(members) > 0 {
			parts = append(parts, joinNames(members)+"为成员")
		}
		group = strings.Join(parts, "，")
	}
	add("为做好"+year+"年《政府工作报告》起草工作，"+u+"人民政府于"+missing("成立日期")+"成立了由"+group+
		"的《报告》起草领导小组，并抽调相关工作人员组成写作班子，负责《报告》的调研起草工作。", Ref{Kind: "group"})

	if len(r.Material.Campaigns) == 0 {
		add(u+"政府办公室于"+missing("日期")+"下发了《"+missing("通知名称")+"》，要求各乡镇、"+u+"直有关部门报送"+missing("报送材料")+"。", Ref{})
	}
	for _, c := range r.Material.Campaigns {
		s := c.Office + "于" + w.date(c.Date) + "下发了《" + strings.Trim(c.Title, "《》") + "》"
		if c.DocNumber != "" {
			s += "（" + c.DocNumber + "）"
		}
		s += "，要求" + recipients(c.Townships, c.Departments, c.Recipients-c.Townships-c.Departments, u)
		if names := r.ItemNames[c.ID]; len(names) > 0 {
			s += "报送" + joinAnd(names)
		} else {
			s += "报送材料"
		}
		s += "，共有" + n(c.UnitsSubmitted) + "个单位报送材料" + n(c.Submissions) + "份"
		if c.LateSubmissions > 0 {
			s += "（其中逾期报送" + n(c.LateSubmissions) + "份）"
		}
		add(s+"。", Ref{"campaign", c.ID})
	}

	if vs := r.Material.Visits; len(vs) == 0 {
		add("随后，起草工作组于"+missing("调研日期")+"派出"+missing("调研小组")+"分别到"+missing("调研单位")+"开展了调研座谈，为《报告》起草提供了有力支撑。", Ref{Kind: "research"})
	} else {
		towns, depts, others, minutes := map[int64]bool{}, map[int64]bool{}, map[int64]bool{}, 0
		teams := map[int64]bool{}
		for _, v := range vs {
			teams[v.TeamID] = true
			minutes += v.Minutes
			switch v.UnitKind {
			case report.UnitTownship:
				towns[v.UnitID] = true
			case report.UnitDepartment:
				depts[v.UnitID] = true
			default:
				others[v.UnitID] = true
			}
		}
		first, last := vs[0].Date, vs[len(vs)-1].Date
		when := w.date(first)
		switch {
		case last.Equal(first):
		case last.Year() == first.Year() && last.Month() == first.Month():
			when += "至" + n(last.Day()) + "日"
		default:
			when += "至" + w.date(last)
		}
		s := "随后，起草工作组派出" + n(len(teams)) + "个调研组，于" + when + "分别到" +
			visited(len(towns), len(depts), len(others), u) + "开展调研座谈" + n(len(vs)) + "场"
		if minutes > 0 {
			s += "，形成调研纪要" + n(minutes) + "份"
		}
		add(s+"，为《报告》起草提供了有力支撑。", Ref{Kind: "research"})
	}

	add("在《报告》起草领导小组的统筹推动下，在起草工作组的共同努力下，工作总体推进顺利。", Ref{})
	if len(r.Rounds) == 0 {
		add("形成《报告（征求意见稿）》后，于"+missing("日期")+"向"+missing("征求意见范围")+"发出了征求意见的通知。", Ref{})
	}
	for _, rd := range r.Rounds {
		to := recipients(rd.Townships, rd.Departments, rd.Others, u)
		if rd.Leaders {
			to = u + "政府领导和" + strings.Replace(to, "和", "、", 1)
			if rd.Townships+rd.Departments+rd.Others == 0 {
				to = u + "政府领导"
			}
		}
		s := "形成《报告（" + rd.VersionLabel + "）》后，于" + w.date(Day(rd.OpenedAt)) + "向" + to + "发出了征求意见的通知，"
		s += n(rd.WrittenUnits) + "个单位书面反馈意见" + n(rd.Written) + "条"
		if rd.NoComment > 0 {
			s += "，" + n(rd.NoComment) + "个单位回复无意见"
		}
		if silent := rd.Invited - rd.Answered - rd.NoComment; silent > 0 {
			s += "，" + n(silent) + "个单位未回复"
		}
		add(s+"。", Ref{"round", rd.ID})
		for _, sm := range r.Seminars {
			if sm.RoundID == rd.ID {
				add("于"+w.date(sm.Day)+"专题召开座谈会，听取了"+n(sm.Units)+"个单位的意见建议"+n(sm.Opinions)+"条。", Ref{"seminar", sm.RoundID})
			}
		}
		if rd.Comments == 0 {
			continue
		}
		var ds []string
		for _, k := range []report.DecisionKind{report.Adopted, report.Partly, report.Reflected, report.Rejected} {
			if c := rd.Decisions[k]; c > 0 {
				ds = append(ds, k.Name()+n(c)+"条")
			}
		}
		d := "对收到的" + n(rd.Comments) + "条意见建议"
		if len(ds) > 0 {
			d += "逐条研究，" + strings.Join(ds, "、")
			if open := rd.Comments - rd.Decided; open > 0 {
				d += "，尚有" + n(open) + "条正在研究"
			}
		} else {
			d += "正在逐条研究"
		}
		add(d+"。", Ref{"round", rd.ID})
	}
	for i, m := range r.Meetings {
		s := "《报告（" + m.VersionLabel + "）》于" + w.date(m.Date) + "经" + meetingName(m.Kind, u) + "审议"
		if i == 0 {
			s = "其间，" + s
		}
		if k := len(m.Instructions); k > 0 {
			s += "，会议提出审议意见" + n(k) + "条，已落实" + n(m.Count(report.CarryDone)) + "条"
			if x := m.Count(report.CarryNotDone); x > 0 {
				s += "、未落实" + n(x) + "条"
			}
			if pending := m.Count(report.CarryPending); pending > 0 {
				s += "、正在落实" + n(pending) + "条"
			}
		}
		add(s+"。", Ref{"meeting", m.ID})
	}
	add("现已形成《报告（"+w.label()+"）》。", Ref{"version", w.v.ID})
	return []Paragraph{p, {{Text: missing("对《报告》形成过程的总体评价")}}}
}

// closing asks the leaders for their opinions and names the reviews still ahead: the workspace's
// stages from the version's own on whose names say 审议, but for a meeting already held on it.
func (w *writer) closing() Paragraph {
	r := w.r
	s := "各位领导，《报告》虽已形成" + w.label() + "，但疏漏之处在所难免，请多提宝贵意见，我们将认真吸纳、充实和完善"
	from := -1
	for i, st := range r.Stages {
		if st.Name == w.v.Stage {
			from = i
		}
	}
	if from < 0 {
		return Paragraph{{Text: s + "，并如期提交" + w.unit + "人民政府常务会、" + w.unit + "委常委会会议审议。"}}
	}
	var ahead []string
	for _, st := range r.Stages[from:] {
		if !strings.Contains(st.Name, "审议") {
			continue
		}
		held := false
		for _, m := range r.Meetings {
			body := strings.TrimSuffix(m.Kind, "会议")
			held = held || (m.VersionID == w.v.ID && strings.HasPrefix(st.Name, body))
		}
		if !held {
			ahead = append(ahead, st.Name)
		}
	}
	if len(ahead) > 0 {
		s += "，并如期提交" + joinAnd(ahead)
	}
	return Paragraph{{Text: s + "。", Ref: Ref{Kind: "stage"}}}
}

// meetingName is the meeting as the explanation names it: 市政府常务会议, 县委常委会会议.
func meetingName(kind, u string) string {
	if strings.HasPrefix(kind, "政府") {
		return u + kind
	}
	if rest, ok := strings.CutPrefix(kind, "市"); ok {
		return u + rest
	}
	return kind
}

// recipients names the units a notice went to: 14个乡镇、30个市直部门和3个其他单位.
func recipients(towns, depts, others int, u string) string {
	var parts []string
	if towns > 0 {
		parts = append(parts, n(towns)+"个乡镇")
	}
	if depts > 0 {
		parts = append(parts, n(depts)+"个"+u+"直部门")
	}
	if others > 0 {
		parts = append(parts, n(others)+"个其他单位")
	}
	if len(parts) == 0 {
		return missing("发送单位")
	}
	return joinAnd(parts)
}

// visited names the units visited: 12个乡镇和28个市级部门.
func visited(towns, depts, others int, u string) string {
	var parts []string
	if towns > 0 {
		parts = append(parts, n(towns)+"个乡镇")
	}
	if depts > 0 {
		parts = append(parts, n(depts)+"个"+u+"级部门")
	}
	if others > 0 {
		parts = append(parts, n(others)+"个其他单位")
	}
	return joinAnd(parts)
}

func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], "、") + "和" + items[len(items)-1]
}

// Markdown renders the explanation with a # title and ## section headings.
func (e *Explanation) Markdown() string {
	var b strings.Builder
	b.WriteString("# " + e.Title + "\n")
	for _, s := range e.Sections {
		b.WriteString("\n## " + s.Heading + "\n")
		for _, p := range s.Paragraphs {
			b.WriteString("\n" + p.Text() + "\n")
		}
	}
	return b.String()
}

// Document turns the explanation into a report document for the GB/T 9704 .docx writer.
func (e *Explanation) Document() *report.Document {
	doc := &report.Document{Title: e.Title}
	for _, s := range e.Sections {
		h, ok := outline.Classify(s.Heading)
		b := report.Block{Kind: report.Paragraph, Text: s.Heading}
		if ok {
			b.Kind, b.Numbering, b.Ordinal, b.LabelEnd, b.HeadEnd = report.Heading, h.Numbering, h.Ordinal, h.LabelEnd, h.HeadEnd
		}
		doc.Blocks = append(doc.Blocks, b)
		for _, p := range s.Paragraphs {
			doc.Blocks = append(doc.Blocks, report.Block{Kind: report.Paragraph, Text: p.Text()})
		}
	}
	doc.Finish()
	return doc
}
