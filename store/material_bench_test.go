package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"qicao/report"
	"qicao/store"
	"qicao/store/storetest"
)

// phrases make the benchmark's material: report-like sentences in many combinations, so that
// trigrams repeat as they do in real submissions.
var phrases = []string{
	"全镇持续推进乡村振兴", "新建高标准农田", "地区生产总值增长", "固定资产投资完成", "规模以上工业增加值",
	"城乡居民人均可支配收入", "老旧小区改造", "农村人居环境整治", "招商引资签约项目", "一般公共预算收入",
	"营商环境持续优化", "民生实事全面完成", "安全生产形势稳定", "生态环境质量改善", "教育医疗资源均衡",
	"数字经济加快发展", "冷链物流设施建设", "农村公路提档升级", "基层治理网格化", "文旅融合发展",
}

// materialText is n characters of varied material text.
func materialText(r *rand.Rand, n int) string {
	var sb strings.Builder
	for sb.Len() < 3*n {
		sb.WriteString(phrases[r.IntN(len(phrases))])
		fmt.Fprintf(&sb, "%d.%d%%，", r.IntN(100), r.IntN(10))
		if r.IntN(8) == 0 {
			sb.WriteString("。\n")
		}
	}
	return string([]rune(sb.String())[:n])
}

// BenchmarkSearchMaterial searches 2,000 documents of 5,000–30,000 characters (60 units × 4
// items × 5 years of campaigns, plus a rare phrase in a few) and reports the p99 of a mix of
// queries: common and rare, long and two-character (a rare two-character one goes through the
// trigram vocabulary on SQLite, and reads every text on PostgreSQL). Run with -bench SearchMaterial
// -benchtime 200x.
func BenchmarkSearchMaterial(b *testing.B) {
	for _, db := range []struct {
		name   string
		newDSN func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		b.Run(db.name, func(b *testing.B) {
			ctx := context.Background()
			s, err := store.Open(ctx, db.newDSN(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			wid := seedMaterial(b, s, 2000)
			queries := []string{"高标准农田", "冷链物流设施", "示例市独有的提法", "营商", "数字经济加快发展", "GDP", "锂电"}
			var times []time.Duration
			per := map[string][]time.Duration{}
			b.ResetTimer()
			i := 0
			for b.Loop() {
				q := queries[i%len(queries)]
				i++
				start := time.Now()
				if _, _, err := s.SearchMaterial(ctx, wid, q, 50); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
				per[q] = append(per[q], time.Since(start))
			}
			for _, q := range queries {
				ts := per[q]
				sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
				if len(ts) > 0 {
					b.Logf("%s: median %v, max %v", q, ts[len(ts)/2], ts[len(ts)-1])
				}
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		})
	}
}

// seedMaterial stores docs typed submissions in one workspace and returns it.
func seedMaterial(b *testing.B, s report.Store, docs int) int64 {
	b.Helper()
	ctx := context.Background()
	none := report.AuditEntry{}
	ws := &report.Workspace{Name: "基准", Year: 2027}
	if err := s.CreateWorkspace(ctx, ws, none); err != nil {
		b.Fatal(err)
	}
	var units []int64
	for i := range 60 {
		u := &report.Unit{Name: fmt.Sprintf("单位%02d", i), Kind: report.UnitTownship}
		if err := s.CreateUnit(ctx, u, none); err != nil {
			b.Fatal(err)
		}
		units = append(units, u.ID)
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for year := 0; n < docs; year++ {
		c := &report.Campaign{WorkspaceID: ws.ID, Title: fmt.Sprintf("第%d年材料征集", year+1), Date: time.Now(), Deadline: time.Now().Add(time.Hour),
			Items: []report.CampaignItem{{Name: "工作总结"}, {Name: "典型经验材料"}, {Name: "工作计划"}, {Name: "其他材料"}}, UnitIDs: units}
		if err := s.CreateCampaign(ctx, c, none); err != nil {
			b.Fatal(err)
		}
		for _, u := range units {
			for _, it := range c.Items {
				if n >= docs {
					break
				}
				text := materialText(r, 5000+r.IntN(25000))
				if n%400 == 7 {
					text += "示例市独有的提法"
				}
				sub := &report.Submission{CampaignID: c.ID, ItemID: it.ID, UnitID: u, Format: "typed", Text: text}
				if err := s.Submit(ctx, sub, nil, nil, none); err != nil {
					b.Fatal(err)
				}
				n++
			}
		}
	}
	return ws.ID
}
