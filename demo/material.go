package demo

import (
	"fmt"
	"strings"
	"time"

	"qicao/load"
	"qicao/material"
	"qicao/report"
	"qicao/sample"
)

// The demo's 材料征集 is half-way, as a writing team finds it in early November: the notice went
// out on 19 October with a deadline of 31 October; most units sent their material in time, a
// few late with a reason, some still owe items. Six research teams visited 14 units at the end
// of October and wrote minutes; the writers filed excerpts under sections of the draft.

// cst is the offset the demo's dates are in.
var cst = report.China

func demoDay(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, cst) }

// strengths vary the units' summaries so that searching finds some and not others.
var strengths = []string{
	"新建高标准农田1.2万亩，粮食生产实现稳产增收",
	"引进亿元以上项目5个，工业园区标准化厂房投入使用",
	"完成老旧小区改造3个，惠及居民1200余户",
	"建成乡村振兴示范村4个，村级集体经济收入全部超过20万元",
	"新增城镇就业1800人，城乡居民收入稳步增长",
	"农村人居环境整治成效明显，生活垃圾分类覆盖率达到90%",
	"数字经济加快发展，5G基站实现行政村全覆盖",
}

var problems = []string{
	"农田水利设施老化，抗旱排涝能力不足",
	"项目储备不足，招商引资后劲有待增强",
	"公共服务供给与群众期盼还有差距",
	"冷链物流设施薄弱，农产品销售渠道单一",
}

func summaryText(unit string, i int) string {
	return fmt.Sprintf("%s2026年工作总结\n\n一、主要成绩\n（一）经济发展稳中有进。%s。全年地区生产总值预计增长5.%d%%，固定资产投资增长%d%%。\n"+
		"（二）民生保障持续加强。%s。\n二、存在的问题\n%s。\n三、2027年工作打算\n围绕全市中心工作，聚焦项目建设、乡村振兴和民生改善，确保各项目标任务完成。\n",
		unit, strengths[i%len(strengths)], i%9, 6+i%5, strengths[(i+3)%len(strengths)], problems[i%len(problems)])
}

func experienceText(unit string, i int) string {
	return fmt.Sprintf("%s典型经验：以“党建+网格”推动基层治理\n\n%s坚持把网格作为联系服务群众的最小单元，划分网格%d个，配备专兼职网格员%d名。"+
		"一是建强组织体系；二是推行“四必访”工作法；三是建立问题清单、责任清单和销号机制。全年化解矛盾纠纷%d件，群众满意度明显提升。\n",
		unit, unit, 20+i, 40+2*i, 100+7*i)
}

func planText(unit string, i int) string {
	return fmt.Sprintf("%s2027年工作计划\n\n一、总体思路\n以推动高质量发展为主题，%s。\n二、主要目标\n地区生产总值增长6%%左右，一般公共预算收入增长%d%%。\n三、重点任务\n（一）抓项目促投资。（二）抓产业强基础。（三）抓民生增福祉。\n",
		unit, strings.TrimSuffix(strengths[(i+1)%len(strengths)], "。"), 4+i%4)
}

// proposals are 民生实事 ideas; similar ones from different units are grouped on the list.
var proposals = []report.Project{
	{Name: "老旧小区改造", Content: "改造老旧小区水电气管网和屋面", Funds: "1200万元", Due: "2027年12月"},
	{Name: "农村公路提档升级", Content: "新建和改造农村公路15公里", Funds: "900万元", Due: "2027年10月"},
	{Name: "城区公共停车场建设", Content: "新建停车泊位500个", Funds: "1500万元", Due: "2027年9月"},
	{Name: "乡村学校营养餐改善", Content: "覆盖全部乡村学校学生", Funds: "300万元", Due: "2027年6月"},
	{Name: "农村饮水安全巩固提升", Content: "改造供水管网，解决季节性缺水", Funds: "650万元", Due: "2027年11月"},
	{Name: "老年助餐服务点建设", Content: "新建社区老年助餐点10个", Funds: "200万元", Due: "2027年8月"},
}

// material seeds the campaign, the research and the excerpts.
func (s *seeder) material(wid int64) error {
	users, err := s.st.Users(s.ctx)
	if err != nil {
		return err
	}
	contactOf := map[int64]int64{}
	for _, u := range users {
		if u.Role == report.RoleContact {
			contactOf[u.UnitID] = u.ID
		}
	}
	var recipients []int64
	var names []string
	for _, t := range sample.Townships {
		recipients = append(recipients, s.units[t])
		names = append(names, t)
	}
	for _, d := range departments {
		recipients = append(recipients, s.units[d.name])
		names = append(names, d.name)
	}
	c := &report.Campaign{WorkspaceID: wid, Title: "关于报送2027年政府工作报告起草材料的通知", Office: "示例市人民政府办公室",
		DocNumber: "示政办函〔2026〕12号", Date: time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC), Deadline: demoDay(10, 31, 18),
		Note:        "为做好2027年政府工作报告起草工作，请各乡镇、市直各部门认真总结2026年工作，谋划2027年工作思路，按要求报送以下材料。",
		ContactName: "钱思远", Phone: "0000-1234567", OpenedBy: s.writer, Items: material.DefaultItems(), UnitIDs: recipients}
	a := s.audit("campaign.create", c.Title)
	a.UserID, a.WorkspaceID = s.writer, wid
	if err := s.st.CreateCampaign(s.ctx, c, a); err != nil {
		return err
	}
	texts := []func(string, int) string{summaryText, experienceText, planText}
	for i, unit := range recipients {
		name := names[i]
		// one unit in five still owes something; one in seven sent after the deadline
		missing := i%5 == 4
		late := i%7 == 3
		for j, it := range c.Items {
			if missing && j >= 2 || i%11 == 10 {
				continue
			}
			at := demoDay(10, 22+(i+j)%9, 9+(i*j)%8)
			sub := &report.Submission{CampaignID: c.ID, ItemID: it.ID, UnitID: unit, Contact: contactName(i), Phone: fmt.Sprintf("139%08d", 1000+i), By: contactOf[unit], At: at}
			if late {
				sub.At, sub.Late, sub.Reason = demoDay(11, 2+j%3, 10), true, "统计数据到月底才核定，核实后补报"
			}
			var rows []report.Project
			if it.Rows {
				for k := 0; k < 2; k++ {
					p := proposals[(i+k)%len(proposals)]
					p.Owner = name
					if k == 1 {
						p.Name = name[:len(name)-3] + p.Name // a local variant of the same idea
					}
					rows = append(rows, p)
				}
				var sb strings.Builder
				for _, p := range rows {
					fmt.Fprintf(&sb, "%s：%s；%s；%s；%s\n", p.Name, p.Content, p.Funds, p.Owner, p.Due)
				}
				sub.Format, sub.Text = "rows", sb.String()
			} else {
				text := texts[j](name, i)
				doc, err := load.Bytes([]byte(text))
				if err != nil {
					return err
				}
				sub.Format, sub.Text, sub.Doc = "typed", text, doc
			}
			a := s.audit("submission.add", name+" "+it.Name)
			a.UserID, a.WorkspaceID = contactOf[unit], wid
			if err := s.st.Submit(s.ctx, sub, nil, rows, a); err != nil {
				return fmt.Errorf("demo: %s %s: %w", name, it.Name, err)
			}
		}
	}
	return s.research(wid)
}

// teams are the six research teams, led by the vice-mayors and the office.
var teams = []struct{ name, leader, members string }{
	{"第一调研组", "周建华", "孙立新、钱思远"}, {"第二调研组", "吴晓燕", "冯雅琴"}, {"第三调研组", "郑国栋", "钱思远"},
	{"第四调研组", "孙立新", "冯雅琴"}, {"第五调研组", "钱思远", "孙立新"}, {"第六调研组", "冯雅琴", "钱思远"},
}

var visitUnits = []string{"东湖镇", "西山镇", "南屏镇", "北岗镇", "青石镇", "白沙镇", "金河镇", "桃源镇", "云台镇",
	"市发展和改革局", "市农业农村局", "市住房和城乡建设局", "市工业和信息化局", "市商务局"}

var topics = []string{"乡村振兴", "项目建设", "民生实事", "营商环境", "城市更新", "产业发展"}

func (s *seeder) research(wid int64) error {
	var ids []int64
	for _, t := range teams {
		tm := &report.Team{WorkspaceID: wid, Name: t.name, Leader: t.leader, Members: t.members, CreatedBy: s.writer}
		a := s.audit("team.create", t.name)
		a.UserID, a.WorkspaceID = s.writer, wid
		if err := s.st.CreateTeam(s.ctx, tm, a); err != nil {
			return err
		}
		ids = append(ids, tm.ID)
	}
	var minutes []*report.Minutes
	for i, unit := range visitUnits {
		v := &report.Visit{TeamID: ids[i%len(ids)], UnitID: s.units[unit], Date: time.Date(2026, 10, 27+i%4, 0, 0, 0, 0, time.UTC),
			Topic: topics[i%len(topics)], CreatedBy: s.writer}
		a := s.audit("visit.add", unit)
		a.UserID, a.WorkspaceID = s.writer, wid
		if err := s.st.AddVisit(s.ctx, v, a); err != nil {
			return err
		}
		if i%5 == 4 {
			continue // minutes still to be written
		}
		text := fmt.Sprintf("%s调研座谈纪要\n\n%s，%s带队到%s开展%s专题调研座谈。\n一、基本情况\n%s。\n二、反映的问题\n%s；基层反映%s。\n三、意见建议\n建议在2027年政府工作报告中对%s作出安排。\n",
			unit, v.Date.Format("2006年1月2日"), teams[i%len(teams)].leader, unit, v.Topic, strengths[i%len(strengths)], problems[(i+1)%len(problems)], "冷链物流和农产品仓储设施建设需求迫切", v.Topic)
		doc, err := load.Bytes([]byte(text))
		if err != nil {
			return err
		}
		m := &report.Minutes{VisitID: v.ID, Format: "typed", Text: text, Doc: doc, By: s.writer}
		a = s.audit("minutes.add", unit)
		a.UserID, a.WorkspaceID = s.writer, wid
		if err := s.st.AddMinutes(s.ctx, m, nil, a); err != nil {
			return err
		}
		minutes = append(minutes, m)
	}
	return s.excerpts(wid, minutes)
}

// excerpts files a few quotes under sections of the latest draft.
func (s *seeder) excerpts(wid int64, minutes []*report.Minutes) error {
	vs, err := s.st.Versions(s.ctx, wid)
	if err != nil || len(vs) == 0 {
		return err
	}
	v, err := s.st.Version(s.ctx, vs[len(vs)-1].ID)
	if err != nil {
		return err
	}
	var headings []string
	for _, b := range v.Doc.Blocks {
		if b.Kind == report.Heading && b.Level == 2 {
			headings = append(headings, b.ID)
		}
	}
	if len(headings) == 0 {
		return nil
	}
	cs, err := s.st.Campaigns(s.ctx, wid)
	if err != nil || len(cs) == 0 {
		return err
	}
	subs, err := s.st.Submissions(s.ctx, cs[0].ID, 0)
	if err != nil {
		return err
	}
	n := 0
	for _, sub := range subs {
		if n >= 4 || sub.Format != "typed" || sub.ItemID != cs[0].Items[0].ID {
			continue
		}
		full, err := s.st.Submission(s.ctx, sub.ID)
		if err != nil {
			return err
		}
		line := strings.Split(full.Text, "\n")[3] // the first achievement
		e := &report.Excerpt{WorkspaceID: wid, SubmissionID: sub.ID, Quote: line, Note: "可用于工作回顾", VersionID: v.ID, BlockID: headings[n%len(headings)], By: s.writer}
		a := s.audit("excerpt.add", line)
		a.UserID, a.WorkspaceID = s.writer, wid
		if err := s.st.AddExcerpt(s.ctx, e, a); err != nil {
			return err
		}
		n++
	}
	if len(minutes) > 0 {
		m := minutes[0]
		quote := "冷链物流和农产品仓储设施建设需求迫切"
		e := &report.Excerpt{WorkspaceID: wid, MinutesID: m.ID, Quote: quote, Note: "调研中多个乡镇反映", VersionID: v.ID, BlockID: headings[len(headings)-1], By: s.writer}
		a := s.audit("excerpt.add", quote)
		a.UserID, a.WorkspaceID = s.writer, wid
		if err := s.st.AddExcerpt(s.ctx, e, a); err != nil {
			return err
		}
	}
	return nil
}
