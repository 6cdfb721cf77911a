package explain

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"qicao/report"
)

// A timeline file lists, one line each, what happened while the report was drafted:
//
//	# 示例市2027年政府工作报告起草时间线
//	2026-10初    领导小组  市长任组长，各副市长任副组长，市政府工作部门主要领导为成员
//	2026-10-19  通知      关于认真做好2027年政府工作报告起草调研有关工作的通知｜市政府办公室
//	2026-10-25  调研      6个小组｜14个乡镇和市级部门
//	2027-01-05  征求意见  市政府领导和各乡镇、市级相关部门
//	2027-01-07  座谈会    各乡镇、市级相关部门
//	2027-01-12  审议      市政府常务会议
//
// A line is a date, an event kind and its content, separated by spaces (half- or full-width) or
// tabs. Dates are 2026-10-19, 2026/10/19, 2026年10月19日, or only a month (2026-10, 2026年10月),
// optionally with 初, 上旬, 中旬, 下旬 or 底 (2026-10初, 2026年10月上旬). Kinds are listed in
// kinds below with the words people use for them. A "｜" or "|" splits the content of 调研
// (teams｜units visited) and 通知 (title｜issuing office). Lines starting with # and blank lines
// are ignored. A line without a date may set the report's year: "年度 2027".

// Kind is what happened on a date.
type Kind int

const (
	Group    Kind = iota + 1 // the drafting leadership group was set up
	Notice                   // the notice asking units for material
	Research                 // research teams visited units
	Comments                 // the 征求意见稿 went out for comments
	Seminar                  // a seminar heard opinions in person
	Review                   // a meeting reviewed the draft
	Other                    // anything else worth a sentence
)

var kinds = map[string]Kind{
	"领导小组": Group, "起草领导小组": Group, "成立": Group,
	"通知": Notice, "下发通知": Notice,
	"调研": Research, "调研座谈": Research,
	"征求意见": Comments, "征求意见稿": Comments,
	"座谈会": Seminar, "座谈": Seminar, "研讨会": Seminar,
	"审议": Review, "会议": Review,
	"其他": Other, "备注": Other,
}

// Date is a day, or a month with an optional part of it ("初", "中旬").
type Date struct {
	Year, Month, Day int
	Part             string
}

// Event is one line of a timeline.
type Event struct {
	Date   Date
	Kind   Kind
	Fields []string // the content, split at ｜
	Line   int
}

// Timeline is the drafting history the explanation's first section is written from.
type Timeline struct {
	Year   int // the report's year when the file sets it, else 0
	Events []Event
}

// maxTimeline bounds a timeline file; a real one is a few dozen lines.
const maxTimeline = 1 << 20

// ParseTimeline reads a timeline file, reporting the first bad line in Chinese.
func ParseTimeline(data []byte) (*Timeline, error) {
	if len(data) > maxTimeline {
		return nil, report.Errorf(report.ETOOLARGE, "时间线文件超过 %d KB 的上限", maxTimeline>>10)
	}
	if !utf8.Valid(data) {
		return nil, report.Errorf(report.EINVALID, "时间线文件不是 UTF-8 编码，请另存为 UTF-8 文本")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	tl := &Timeline{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxTimeline)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimFunc(sc.Text(), isBlank)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "＃") {
			continue
		}
		fields := strings.FieldsFunc(line, isBlank)
		if fields[0] == "年度" {
			y, err := strconv.Atoi(strings.TrimSuffix(strings.Join(fields[1:], ""), "年"))
			if err != nil || y < 1949 || y > 2200 {
				return nil, report.Errorf(report.EINVALID, "时间线第%d行：年度应写成“年度 2027”", n)
			}
			tl.Year = y
			continue
		}
		d, ok := parseDate(fields[0])
		if !ok {
			return nil, report.Errorf(report.EINVALID, "时间线第%d行：无法识别日期“%s”，请写成 2026-10-19 或 2026年10月19日", n, fields[0])
		}
		if len(fields) < 2 {
			return nil, report.Errorf(report.EINVALID, "时间线第%d行：日期后缺少事项（领导小组、通知、调研、征求意见、座谈会、审议或其他）", n)
		}
		kind, ok := kinds[fields[1]]
		if !ok {
			return nil, report.Errorf(report.EINVALID, "时间线第%d行：未知事项“%s”，可用：领导小组、通知、调研、征求意见、座谈会、审议、其他", n, fields[1])
		}
		afterDate := line[len(fields[0]):]
		content := strings.TrimFunc(afterDate[strings.Index(afterDate, fields[1])+len(fields[1]):], isBlank)
		var parts []string
		for _, p := range strings.FieldsFunc(content, func(r rune) bool { return r == '|' || r == '｜' }) {
			if p = strings.TrimFunc(p, isBlank); p != "" {
				parts = append(parts, p)
			}
		}
		tl.Events = append(tl.Events, Event{Date: d, Kind: kind, Fields: parts, Line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, report.Errorf(report.EINVALID, "时间线文件无法读取：一行过长")
	}
	return tl, nil
}

func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' || r == '\ufeff' }

var dayParts = []string{"上旬", "中旬", "下旬", "初", "底", "末"}

// parseDate reads 2026-10-19, 2026/10/19, 2026.10.19, 2026年10月19日 and the month-only forms.
func parseDate(s string) (Date, bool) {
	var d Date
	for _, p := range dayParts {
		if rest, ok := strings.CutSuffix(s, p); ok {
			d.Part, s = p, rest
			break
		}
	}
	s = strings.TrimSuffix(s, "日")
	nums := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("-/.年月", r) })
	if len(nums) < 2 || len(nums) > 3 || !strings.ContainsAny(s, "-/.年") {
		return Date{}, false
	}
	vals := make([]int, len(nums))
	for i, n := range nums {
		v, err := strconv.Atoi(n)
		if err != nil || len(n) > 4 {
			return Date{}, false
		}
		vals[i] = v
	}
	d.Year, d.Month = vals[0], vals[1]
	if len(vals) == 3 {
		if d.Part != "" {
			return Date{}, false
		}
		d.Day = vals[2]
	}
	if d.Year < 1949 || d.Year > 2200 || d.Month < 1 || d.Month > 12 || d.Day < 0 || d.Day > daysIn(d.Year, d.Month) {
		return Date{}, false
	}
	return d, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// format writes the date as the explanation does, with the year only when it differs from
// the year last written.
func (d Date) format(lastYear *int) string {
	s := ""
	if d.Year != *lastYear {
		s = strconv.Itoa(d.Year) + "年"
		*lastYear = d.Year
	}
	s += strconv.Itoa(d.Month) + "月"
	if d.Day > 0 {
		return s + strconv.Itoa(d.Day) + "日"
	}
	return s + d.Part
}

// first returns the first event of a kind, or nil.
func (tl *Timeline) first(k Kind) *Event {
	if tl == nil {
		return nil
	}
	for i := range tl.Events {
		if tl.Events[i].Kind == k {
			return &tl.Events[i]
		}
	}
	return nil
}

// all returns the events of a kind in file order.
func (tl *Timeline) all(k Kind) []Event {
	if tl == nil {
		return nil
	}
	var out []Event
	for _, e := range tl.Events {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}
