package explain_test

import (
	"strings"
	"testing"

	"qicao/explain"
	"qicao/report"
)

func TestParseTimeline(t *testing.T) {
	cases := []struct {
		name, in string
		want     string // kind:date:fields per event, or the error message
	}{
		{"all forms",
			"# 注释\n\n年度 2027\n2026-10初 领导小组 市长任组长\n2026年10月19日\t通知\t关于做好起草工作的通知｜市政府办公室\n2026/10/25　调研　6个小组|14个乡镇\n2027.1.5 征求意见 各部门\n2027年1月 座谈会 各乡镇\n2027-01-12 审议 市政府常务会议\n2027-01-20 其他 报告提交市委常委会",
			"1:2026-10-0初:市长任组长 2:2026-10-19:关于做好起草工作的通知/市政府办公室 3:2026-10-25:6个小组/14个乡镇 4:2027-1-5:各部门 5:2027-1-0:各乡镇 6:2027-1-12:市政府常务会议 7:2027-1-20:报告提交市委常委会"},
		{"empty", "", ""},
		{"byte order mark", "\ufeff2026-10-19 通知 某通知", "2:2026-10-19:某通知"},
		{"kind without content", "2026-10-19 座谈会", "5:2026-10-19:"},
		{"bad month", "2026-13-01 通知 x", "时间线第1行：无法识别日期“2026-13-01”，请写成 2026-10-19 或 2026年10月19日"},
		{"bad day", "2027-02-29 通知 x", "时间线第1行：无法识别日期“2027-02-29”，请写成 2026-10-19 或 2026年10月19日"},
		{"no year", "\n10月19日 通知 x", "时间线第2行：无法识别日期“10月19日”，请写成 2026-10-19 或 2026年10月19日"},
		{"unknown kind", "2026-10-19 开会 x", "时间线第1行：未知事项“开会”，可用：领导小组、通知、调研、征求意见、座谈会、审议、其他"},
		{"no kind", "2026-10-19", "时间线第1行：日期后缺少事项（领导小组、通知、调研、征求意见、座谈会、审议或其他）"},
		{"bad year line", "年度 明年", "时间线第1行：年度应写成“年度 2027”"},
		{"not utf-8", "\xb6\xfe\xc1\xe3", "时间线文件不是 UTF-8 编码，请另存为 UTF-8 文本"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tl, err := explain.ParseTimeline([]byte(c.in))
			var got string
			if err != nil {
				if report.ErrorCode(err) != report.EINVALID {
					t.Errorf("error code %s", report.ErrorCode(err))
				}
				got = err.Error()
			} else {
				var evs []string
				for _, e := range tl.Events {
					d := e.Date
					evs = append(evs, strings.Join([]string{itoa(int(e.Kind)), itoa(d.Year) + "-" + itoa(d.Month) + "-" + itoa(d.Day) + d.Part, strings.Join(e.Fields, "/")}, ":"))
				}
				got = strings.Join(evs, " ")
			}
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestParseTimelineTooLarge(t *testing.T) {
	_, err := explain.ParseTimeline([]byte(strings.Repeat("2026-10-19 通知 x\n", 100000)))
	if report.ErrorCode(err) != report.ETOOLARGE {
		t.Errorf("err = %v", err)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func FuzzParseTimeline(f *testing.F) {
	f.Add([]byte("年度 2027\n2026-10初 领导小组 市长任组长\n2026-10-25 调研 6个小组｜14个乡镇"))
	f.Add([]byte("2026年10月19日 通知 《关于做好起草工作的通知》"))
	f.Add([]byte("2026-10-19 开会"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tl, err := explain.ParseTimeline(data)
		if err != nil {
			if report.ErrorCode(err) == report.EINTERNAL {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		// Whatever parses must also write.
		doc := build("二、2027年工作安排\n（一）抓项目\n1.招商引资。引进项目。")
		if _, err := explain.Write(doc, tl); err != nil {
			t.Fatal(err)
		}
	})
}
