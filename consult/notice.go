package consult

import (
	"fmt"
	"strings"
	"time"

	"qicao/docx"
	"qicao/report"
)

// Addressees is the 主送 line of a round's notice: "市人民政府领导" style names for the leaders,
// "各乡镇人民政府" when every township is invited, "市直各部门" when every department is, else
// the units by name.
func Addressees(r *report.Round, units []report.Unit) string {
	var parts []string
	for _, k := range []struct {
		kind report.UnitKind
		all  string
	}{{report.UnitLeadership, ""}, {report.UnitTownship, "各乡镇人民政府"}, {report.UnitDepartment, "市直各部门"}, {report.UnitWriting, ""}} {
		var names []string
		total := 0
		for _, u := range units {
			if u.Kind != k.kind {
				continue
			}
			total++
			if r.Recipient(u.ID) != nil {
				names = append(names, u.Name)
			}
		}
		switch {
		case len(names) == 0:
		case len(names) == total && k.all != "":
			parts = append(parts, k.all)
		default:
			parts = append(parts, strings.Join(names, "、"))
		}
	}
	return strings.Join(parts, "，")
}

// Notice is the 征求意见通知 of a round on a version labelled label, issued by office: the
// writers' note as its opening, what to look at and how to answer, the deadline, the contact.
func Notice(r *report.Round, label, office string, units []report.Unit) docx.Notice {
	n := docx.Notice{Title: r.Title, To: Addressees(r, units), Signature: office, Date: r.OpenedAt}
	if n.Date.IsZero() {
		n.Date = time.Now()
	}
	for _, line := range strings.Split(r.Note, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			n.Body = append(n.Body, docx.NoticeParagraph{Text: line})
		}
	}
	if len(n.Body) == 0 {
		n.Body = append(n.Body, docx.NoticeParagraph{Text: fmt.Sprintf("《%s》已形成，现征求你单位意见。", label)})
	}
	n.Body = append(n.Body,
		docx.NoticeParagraph{Text: "一、反馈方式", Level: 1},
		docx.NoticeParagraph{Text: "请登录“起草”系统阅读" + label + "，在需要修改的文字处选中后提出意见，可同时给出修改建议；对全文的意见可作为总体意见提出。本单位意见起草完毕后，由联络员或单位负责人统一发送。无意见的，请在系统中答复“无意见”。"},
		docx.NoticeParagraph{Text: "二、反馈时间", Level: 1},
		docx.NoticeParagraph{Text: "请于" + When(r.Deadline) + "前反馈。逾期未反馈的，视为无意见。"},
		docx.NoticeParagraph{Text: "三、有关要求", Level: 1},
		docx.NoticeParagraph{Text: "请各单位主要负责同志亲自审阅，意见力求具体，涉及本单位工作的表述和数据请认真核实。"},
	)
	var contact []string
	if r.Contact != "" {
		contact = append(contact, "联系人："+r.Contact)
	}
	if r.Phone != "" {
		contact = append(contact, "联系电话："+r.Phone)
	}
	n.Contact = strings.Join(contact, "，")
	return n
}

// When is a deadline as a notice writes it: 2027年1月10日, with the hour when it is not midnight.
func When(t time.Time) string {
	d := t.In(report.China)
	s := fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
	if d.Hour() != 0 || d.Minute() != 0 {
		s += fmt.Sprintf("%d时", d.Hour())
		if d.Minute() != 0 {
			s += fmt.Sprintf("%d分", d.Minute())
		}
	}
	return s
}
