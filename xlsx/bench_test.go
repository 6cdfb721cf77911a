package xlsx_test

import (
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"

	"qicao/xlsx"
)

// countingWriter counts what the workbook takes, and keeps none of it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(b []byte) (int, error) {
	c.n += int64(len(b))
	return len(b), nil
}

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkWrite100k writes a 意见采纳情况表 of 100,000 rows, as consult.Table.WriteXLSX lays it
// out, into a writer that keeps nothing, and reports the bytes allocated per workbook and the
// peak of the live heap above where it started (sampled every 1,000 rows): the heap must not
// grow with the rows.
//
//	go test ./xlsx -run '^$' -bench Write100k -benchtime 3x
func BenchmarkWrite100k(b *testing.B) {
	const rows = 100000
	original := strings.Repeat("全年完成固定资产投资165亿元以上，", 4)
	text := strings.Repeat("建议结合全市重点项目清单核实投资数额。", 5) + "\n建议修改为：完成投资170亿元以上"
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	b.ReportAllocs()
	var peak uint64
	var size int64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		base := heap()
		out := &countingWriter{}
		w := xlsx.NewWriter(out)
		head, _ := w.Style(xlsx.Format{Bold: true, Fill: "D9E1F2", Wrap: true})
		wrap, _ := w.Style(xlsx.Format{Wrap: true, VAlign: "top"})
		var cols []xlsx.Col
		for _, wd := range []float64{6, 18, 18, 36, 44, 36, 10, 30} {
			cols = append(cols, xlsx.Col{Width: wd, Style: wrap})
		}
		s, err := w.Sheet("意见采纳情况表", cols...)
		if err != nil {
			b.Fatal(err)
		}
		s.Freeze(2, 0)
		s.Merge(xlsx.Range{Row1: 1, Col1: 1, Row2: 1, Col2: 8})
		s.Row(xlsx.Text("《2027年政府工作报告（征求意见稿）》征求意见采纳情况表"))
		header := xlsx.Texts("序号", "提出单位", "稿件位置", "原文", "意见内容", "修改后表述", "处理情况", "理由")
		for j := range header {
			header[j] = header[j].With(head)
		}
		s.Row(header...)
		vals := make([]xlsx.Cell, 8)
		for r := 1; r <= rows; r++ {
			vals[0] = xlsx.Int(int64(r))
			vals[1] = xlsx.Text("东湖镇人民政府" + strconv.Itoa(r%50))
			vals[2] = xlsx.Text("二（一） 扭住重大项目扩大投资")
			vals[3] = xlsx.Text(original).With(wrap)
			vals[4] = xlsx.Text(text).With(wrap)
			vals[5] = xlsx.Text("完成投资170亿元以上").With(wrap)
			vals[6] = xlsx.Text("采纳")
			vals[7] = xlsx.Text("与统计局核实后采纳")
			if err := s.Height(s.Fit(vals...)); err != nil {
				b.Fatal(err)
			}
			if err := s.Row(vals...); err != nil {
				b.Fatal(err)
			}
			if r%1000 == 0 {
				if h := heap(); h > base && h-base > peak {
					peak = h - base
				}
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		size = out.n
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(size)/(1<<20), "file-MiB")
}
