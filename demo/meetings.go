package demo

import (
	"fmt"
	"strings"
	"time"

	"qicao/report"
	"qicao/web"
)

// demoInstruction is one instruction of the demo's 常务会议 on the 送审稿: the paragraph it is on
// (found by its opening words), the words it points at ("" for the report as a whole), what the
// next version writes instead ("" when not yet carried out), and what the writer says was done.
type demoInstruction struct {
	paragraph, quote, text, givenBy, replacement, outcome string
}

var demoInstructions = []demoInstruction{
	{"2.深入实施城市更新行动", "改造老旧小区40个", "老旧小区改造任务要与省里下达的计划衔接，数量再提高一些。", "市长 李明远",
		"改造老旧小区45个", "按省下达计划改为改造老旧小区45个。"},
	{"2.多措并举提振消费", "发放消费券2000万元以上", "消费券规模要与财力衔接，不宜写死具体金额。", "常务副市长 周建华",
		"统筹安排促消费资金", "改为“统筹安排促消费资金”，不写具体金额。"},
	{"1.千方百计稳定扩大就业", "城镇新增就业5500人以上", "就业目标要再积极一些，与省定目标保持一致。", "副市长 吴晓燕",
		"城镇新增就业6000人以上", "按省定目标改为城镇新增就业6000人以上。"},
	{"", "", "民生实事要增加一项“一老一小”方面的内容。", "市长 李明远", "", ""},
}

// meetings records a 政府常务会议 on the 送审稿 today with four instructions, the version made
// after it with three of them carried out, and one still pending.
func (s *seeder) meetings(ws *report.Workspace, reviewed *report.Version) error {
	users, err := s.st.Users(s.ctx)
	if err != nil {
		return err
	}
	seats, err := s.st.WorkspaceGroup(s.ctx, ws.ID)
	if err != nil {
		return err
	}
	var mayor, writer2 int64
	if len(seats) > 0 && seats[0].Role == report.GroupHead {
		mayor = seats[0].UserID // the group's 组长 presides
	}
	var attendees []string
	for _, u := range users {
		if u.Role == report.RoleLeader {
			attendees = append(attendees, u.Name)
		}
		if u.Username == "writer2" {
			writer2 = u.ID
		}
	}
	y, mo, d := time.Now().In(cst).Date()
	m := &report.Meeting{WorkspaceID: ws.ID, Kind: "政府常务会议", Date: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), PresidingID: mayor,
		Attendees: attendees, VersionID: reviewed.ID, CreatedBy: s.writer,
		MinutesText: "会议听取了市政府研究室关于《2027年政府工作报告（送审稿）》起草情况的汇报。会议原则同意《报告（送审稿）》，请市政府研究室根据会议讨论意见进一步修改完善后，提交市委常委会会议审议。"}
	a := s.audit("meeting.create", m.Kind)
	a.UserID, a.WorkspaceID = s.writer, ws.ID
	if err := s.st.CreateMeeting(s.ctx, m, a); err != nil {
		return err
	}
	next := &report.Document{Title: reviewed.Doc.Title, Subtitle: reviewed.Doc.Subtitle, Speaker: reviewed.Doc.Speaker}
	next.Blocks = append([]report.Block(nil), reviewed.Doc.Blocks...)
	var ins []*report.Instruction
	for _, di := range demoInstructions {
		in := &report.Instruction{MeetingID: m.ID, VersionID: reviewed.ID, Text: di.text, GivenBy: di.givenBy, AssigneeID: s.writer, CreatedBy: s.writer}
		if di.outcome == "" {
			in.AssigneeID = writer2
		}
		if di.paragraph != "" {
			k := -1
			for i, b := range reviewed.Doc.Blocks {
				if strings.HasPrefix(b.Text, di.paragraph) && strings.Contains(b.Text, di.quote) {
					k = i
				}
			}
			if k < 0 {
				return fmt.Errorf("demo: the 送审稿 has no paragraph %q with %q", di.paragraph, di.quote)
			}
			b := reviewed.Doc.Blocks[k]
			start := len([]rune(b.Text[:strings.Index(b.Text, di.quote)]))
			end := start + len([]rune(di.quote))
			rs := []rune(b.Text)
			in.BlockID, in.Start, in.End, in.Quote = b.ID, start, end, di.quote
			in.Prefix = string(rs[max(0, start-24):start])
			in.Suffix = string(rs[end:min(len(rs), end+24)])
			if di.replacement != "" {
				next.Blocks[k].Text = strings.Replace(next.Blocks[k].Text, di.quote, di.replacement, 1)
			}
		}
		a := s.audit("instruction.add", di.text)
		a.UserID, a.WorkspaceID = s.writer, ws.ID
		if err := s.st.AddInstruction(s.ctx, in, a); err != nil {
			return err
		}
		ins = append(ins, in)
	}
	next.Finish()
	v := &report.Version{WorkspaceID: ws.ID, Label: "常务会议修改稿", Stage: "市委常委会审议", AuthorID: s.writer, Filename: "shili-2027-v4.docx",
		Note: "根据市政府常务会议审议意见修改，提请市委常委会审议。", Doc: next}
	va := s.audit("version.add", v.Label)
	va.UserID, va.WorkspaceID = s.writer, ws.ID
	if err := s.st.AddVersion(s.ctx, v, web.SuccessorLinks(reviewed, next), va); err != nil {
		return err
	}
	for i, di := range demoInstructions {
		if di.outcome == "" {
			continue
		}
		a := s.audit("instruction.mark", di.outcome)
		a.UserID, a.WorkspaceID = s.writer, ws.ID
		if err := s.st.MarkInstruction(s.ctx, ins[i].ID, report.CarryDone, di.outcome, v.ID, s.writer, a); err != nil {
			return err
		}
	}
	return nil
}
