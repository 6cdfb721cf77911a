package material

import (
	"fmt"
	"strings"

	"qicao/docx"
	"qicao/report"
)

// Addressees is a notice's 主送 line for c's recipients: "各乡镇人民政府" when every township
// is one, "市直各部门" when every department is, else the units by name.
func Addressees(c *report.Campaign, units []report.Unit) string {
	var parts []string
	for _, k := range []struct {
		kind report.UnitKind
		all  string
	}{{report.UnitTownship, "各乡镇人民政府"}, {report.UnitDepartment, "市直各部门"}, {report.UnitLeadership, ""}, {report.UnitWriting, ""}} {
		var names []string
		total := 0
		for _, u := range units {
			if u.Kind != k.kind {
				continue
			}
			total++
			if c.Sent(u.ID) {
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

// Notice is the 材料征集通知 of c as a GB/T 9704 document: the note as its opening, the items
// with their requirements, the deadline and how to send, and the contact.
func Notice(c *report.Campaign, units []report.Unit) docx.Notice {
	n := docx.Notice{Mark: c.Office, Number: c.DocNumber, Title: c.Title, To: Addressees(c, units),
		Signature: c.Office, Date: c.Date}
	for _, line := range strings.Split(c.Note, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			n.Body = append(n.Body, docx.NoticeParagraph{Text: line})
		}
	}
	n.Body = append(n.Body, docx.NoticeParagraph{Text: "一、报送材料", Level: 1})
	for i, it := range c.Items {
		text := fmt.Sprintf("%d. %s", i+1, it.Name)
		if !it.Required {
			text += "（选报）"
		}
		if it.Note != "" {
			text += "：" + strings.TrimRight(it.Note, "。") + "。"
		} else {
			text += "。"
		}
		n.Body = append(n.Body, docx.NoticeParagraph{Text: text})
	}
	d := c.Deadline.In(report.China)
	when := fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
	if d.Hour() != 0 || d.Minute() != 0 {
		when += fmt.Sprintf("%d时", d.Hour())
		if d.Minute() != 0 {
			when += fmt.Sprintf("%d分", d.Minute())
		}
	}
	n.Body = append(n.Body,
		docx.NoticeParagraph{Text: "二、报送时间和方式", Level: 1},
		docx.NoticeParagraph{Text: "请于" + when + "前登录“起草”系统报送。文字材料可上传Word文档（.docx）或文本文件，也可在线填写；民生实事建议按项目逐条填写，或按模板导入Excel表格。截止后报送的，须在系统中说明逾期原因。"},
		docx.NoticeParagraph{Text: "三、有关要求", Level: 1},
		docx.NoticeParagraph{Text: "请各单位高度重视，明确专人负责，确保材料内容真实、数据准确、重点突出、文字精炼。"},
	)
	var contact []string
	if c.ContactName != "" {
		contact = append(contact, "联系人："+c.ContactName)
	}
	if c.Phone != "" {
		contact = append(contact, "联系电话："+c.Phone)
	}
	n.Contact = strings.Join(contact, "，")
	return n
}
