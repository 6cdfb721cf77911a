// Package material is what qicao knows about collecting material from townships and
// departments (材料征集) apart from storage and HTTP: the items a notice usually asks for, the
// state of each unit's answer on the writing team's board, telling kept-but-unread attachments
// from readable documents by their content, grouping similar 民生实事 proposals, and the .xlsx
// files people exchange (proposals imported and exported, the 报送情况表).
package material

import (
	"archive/zip"
	"bytes"
	"time"

	"qicao/report"
)

// DefaultItems are what a 材料征集通知 asks for unless the writer changes it.
func DefaultItems() []report.CampaignItem {
	return []report.CampaignItem{
		{Name: "工作总结", Required: true, Note: "本年度工作总结，不超过3000字"},
		{Name: "典型经验材料", Required: true, Note: "1至2篇，每篇不超过1500字"},
		{Name: "工作计划", Required: true, Note: "下一年度工作思路和重点任务"},
		{Name: "民生实事建议", Required: true, Note: "逐项填写项目名称、主要内容、投资/资金、责任单位、完成时限", Rows: true},
	}
}

// Status is the state of one unit's answer to one item.
type Status string

const (
	Sent       Status = "已报送"
	SentLate   Status = "逾期报送"
	Missing    Status = "未报送"
	NotNeeded  Status = "不需报送"
	statusNone Status = ""
)

// Cell is one unit's answer to one item on the board.
type Cell struct {
	Item       report.CampaignItem
	Status     Status
	Submission *report.Submission // the current one, nil when none
	Versions   int                // how many times it was sent (replacements included)
}

// Row is one unit on the board.
type Row struct {
	Unit    report.Unit
	Cells   []Cell
	Contact string // who sent the latest submission, as they gave it
	Phone   string
	Last    time.Time // the latest submission, zero when none
	Missing int       // required items with nothing sent
}

// Board is a campaign's units × items.
type Board struct {
	Campaign *report.Campaign
	Rows     []Row
	Sent     int // cells sent (on time or late)
	Late     int
	Missing  int // required cells with nothing sent
}

// NewBoard builds the board of c from its submissions (history included) for the given units
// (in display order; units that are not recipients are skipped).
func NewBoard(c *report.Campaign, units []report.Unit, subs []report.Submission) *Board {
	type key struct{ unit, item int64 }
	current := map[key]*report.Submission{}
	count := map[key]int{}
	for i := range subs {
		s := &subs[i]
		k := key{s.UnitID, s.ItemID}
		count[k]++
		if s.Current {
			current[k] = s
		}
	}
	b := &Board{Campaign: c}
	for _, u := range units {
		if !c.Sent(u.ID) {
			continue
		}
		row := Row{Unit: u}
		for _, it := range c.Items {
			k := key{u.ID, it.ID}
			cell := Cell{Item: it, Submission: current[k], Versions: count[k]}
			switch s := cell.Submission; {
			case s != nil && s.Late:
				cell.Status = SentLate
			case s != nil:
				cell.Status = Sent
			case it.Required:
				cell.Status = Missing
			default:
				cell.Status = NotNeeded
			}
			if s := cell.Submission; s != nil {
				b.Sent++
				if s.Late {
					b.Late++
				}
				if s.At.After(row.Last) {
					row.Last, row.Contact, row.Phone = s.At, s.Contact, s.Phone
				}
			}
			if cell.Status == Missing {
				row.Missing++
				b.Missing++
			}
			row.Cells = append(row.Cells, cell)
		}
		b.Rows = append(b.Rows, row)
	}
	return b
}

// Late reports whether something sent at t answers c after its deadline.
func Late(c *report.Campaign, t time.Time) bool { return t.After(c.Deadline) }

// Attachment tells, by content, files that are kept as they are without being read: PDF,
// Excel workbooks and images. It returns their format, or "" for anything else (which the
// document engine then reads or refuses).
func Attachment(data []byte) string {
	head := data[:min(len(data), 16)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(head, []byte("\xFF\xD8\xFF")):
		return "jpeg"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "gif"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) && isWorkbook(data):
		return "xlsx"
	}
	return ""
}

// isWorkbook looks at a zip's table of contents, without decompressing anything.
func isWorkbook(data []byte) bool {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// ContentType is the MIME type to serve a stored file of format with.
func ContentType(format string) string {
	switch format {
	case "pdf":
		return "application/pdf"
	case "png":
		return "image/png"
	case "jpeg":
		return "image/jpeg"
	case "gif":
		return "image/gif"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "md":
		return "text/markdown; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}
