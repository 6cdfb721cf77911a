package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/report"
)

// The figures at scale: a 30,000-character report carrying 400 figures owned by 60 departments.
//
//	go test ./web -run '^$' -bench 'BenchmarkFigures' -benchtime 20x
//
// Targets: the version page with its figures renders in under 100 ms; carrying 400 bindings
// into a new version takes under 50 ms in-process.

const (
	benchFigures     = 400
	benchDepartments = 60
	benchChars       = 30000
)

// scaleDraft writes the report: with placeholders (filled false) as the first draft, or with the
// numbers written in as the next one.
func scaleDraft(filled bool) string {
	var sb strings.Builder
	sb.WriteString("政府工作报告\n")
	perPara := 8
	paras := benchFigures / perPara
	filler := "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动高质量发展取得新成效，各项工作扎实有序推进，"
	for p := 0; p < paras; p++ {
		if p%10 == 0 {
			fmt.Fprintf(&sb, "%s、第%d部分工作\n", report.Numeral(p/10+1), p/10+1)
		}
		for k := 0; k < perPara; k++ {
			n := p*perPara + k
			if filled {
				fmt.Fprintf(&sb, "示例指标%03d完成%d.%d%%，", n, n%20+1, n%10)
			} else {
				fmt.Fprintf(&sb, "示例指标%03d完成XX%%【示例指标%03d｜市示例第%02d局】，", n, n, n%benchDepartments)
			}
			sb.WriteString(filler[:utf8.RuneCountInString(filler)/2*3])
		}
		sb.WriteString("全年目标任务圆满完成。\n")
	}
	for utf8.RuneCountInString(sb.String()) < benchChars {
		sb.WriteString(filler + "\n")
	}
	return sb.String()
}

// scaleApp is an application holding the first draft (400 placeholders bound on upload) and the
// next one with the numbers written in, uploaded through the page as writers do.
func scaleApp(b *testing.B) (*app, *client, *report.Version) {
	a := startApp(b, backends[0].dsn(b))
	for d := 0; d < benchDepartments; d++ {
		must(b, a.store.CreateUnit(context.Background(), &report.Unit{Name: fmt.Sprintf("市示例第%02d局", d), Kind: report.UnitDepartment}, report.AuditEntry{}))
	}
	w := a.login("writer")
	for i, filled := range []bool{false, true} {
		if resp, body := w.upload(fmt.Sprintf("第%d稿", i+1), "draft.txt", []byte(scaleDraft(filled))); resp.StatusCode != http.StatusSeeOther {
			b.Fatalf("upload: %d %s", resp.StatusCode, text(body))
		}
	}
	bs, err := a.store.Bindings(context.Background(), a.ws.ID)
	must(b, err)
	if len(bs) != benchFigures {
		b.Fatalf("%d bindings, want %d", len(bs), benchFigures)
	}
	return a, w, a.latestVersion()
}

func BenchmarkFiguresVersionPage(b *testing.B) {
	a, w, v := scaleApp(b)
	path := fmt.Sprintf("/w/%d/versions/%d", a.ws.ID, v.ID)
	resp, body := w.get(path) // the first request compares the two versions once
	if resp.StatusCode != 200 || !strings.Contains(body, fmt.Sprintf("本版数据（%d 处）", benchFigures)) {
		b.Fatalf("version page: %d %s", resp.StatusCode, text(body))
	}
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		if resp, _ := w.get(path); resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU adds the process's CPU time per operation (client and server, both in this
// process) to the benchmark's output: on a machine shared with other work the wall time per
// operation measures the machine, the CPU time the code.
func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64(processCPU()-since)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func BenchmarkFiguresCarry(b *testing.B) {
	a, _, v := scaleApp(b)
	ctx := context.Background()
	bs, err := a.store.Bindings(ctx, a.ws.ID)
	must(b, err)
	anchors := make([]anchor.Anchor, len(bs))
	for i, x := range bs {
		anchors[i] = anchor.Anchor{VersionID: x.VersionID, BlockID: x.BlockID, Start: x.Start, End: x.End, Quote: x.Quote, Prefix: x.Prefix, Suffix: x.Suffix}
	}
	b.Run("cold", func(b *testing.B) { // a new Carrier each time: the versions compared too
		cpu := processCPU()
		defer reportCPU(b, cpu)
		for i := 0; i < b.N; i++ {
			c := anchor.NewCarrier(a.store.Version, a.store.Versions)
			if _, err := c.Carry(ctx, v, anchors); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		c := anchor.NewCarrier(a.store.Version, a.store.Versions)
		c.Carry(ctx, v, anchors)
		b.ResetTimer()
		cpu := processCPU()
		for i := 0; i < b.N; i++ {
			if _, err := c.Carry(ctx, v, anchors); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
}
