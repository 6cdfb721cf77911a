package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkStartup measures what every file command pays before its work: `qicao help` against
// a hello-world Go binary built the same way, whole processes (target: within 1.5 ms). Then
// `qicao diff --to text` on two generated 33,000-character versions against
// `git diff --no-index --word-diff-regex=.` on the same files (target: no slower).
//
//	go test ./cmd/qicao -run '^$' -bench Startup -benchtime 200x
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	build := func(name, pkgDir string) string {
		out := filepath.Join(dir, name)
		// built as the README ships it: static, no cgo (see its Commands section)
		cmd := exec.Command("go", "build", "-trimpath", "-o", out, ".")
		cmd.Dir = pkgDir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", name, err, msg)
		}
		return out
	}
	qicao := build("qicao", ".")
	hello := filepath.Join(dir, "hello-src")
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(os.MkdirAll(hello, 0o755))
	must(os.WriteFile(filepath.Join(hello, "go.mod"), []byte("module hello\n\ngo 1.22\n"), 0o644))
	must(os.WriteFile(filepath.Join(hello, "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644))
	helloBin := build("hello", hello)
	// The floor of any web application in Go: net/http's own initialisers and pages.
	httpHello := filepath.Join(dir, "http-hello-src")
	must(os.MkdirAll(httpHello, 0o755))
	must(os.WriteFile(filepath.Join(httpHello, "go.mod"), []byte("module hello\n\ngo 1.22\n"), 0o644))
	must(os.WriteFile(filepath.Join(httpHello, "main.go"), []byte("package main\n\nimport (\n\t\"fmt\"\n\t_ \"net/http\"\n)\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644))
	httpHelloBin := build("http-hello", httpHello)
	v1, v2 := filepath.Join(dir, "v1.txt"), filepath.Join(dir, "v2.txt")
	a, c := generatedVersions(33000)
	must(os.WriteFile(v1, []byte(a), 0o644))
	must(os.WriteFile(v2, []byte(c), 0o644))

	// Alternate the commands run by run, so that the machine's load falls on all alike.
	cmds := [][]string{{helloBin}, {httpHelloBin}, {qicao, "help"}, {qicao, "diff", v1, v2, "--to", "text"}}
	names := []string{"hello-ms", "http-hello-ms", "help-ms", "diff-ms"}
	if git, err := exec.LookPath("git"); err == nil {
		cmds = append(cmds, []string{git, "diff", "--no-index", "--word-diff-regex=.", v1, v2})
		names = append(names, "git-diff-ms")
	}
	took := make([][]time.Duration, len(cmds))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, args := range cmds {
			cmd := exec.Command(args[0], args[1:]...)
			start := time.Now()
			cmd.Run() // git diff exits 1 when the files differ
			took[k] = append(took[k], time.Since(start))
		}
	}
	// Medians: on a shared machine a few runs wait for a core, and a mean would count them.
	for k, name := range names {
		slices.Sort(took[k])
		b.ReportMetric(float64(took[k][len(took[k])/2].Microseconds())/1000, name)
	}
}

// generatedVersions writes a report of about n characters in 示例市's style from templates, and
// a second version with some sentences rewritten, paragraphs dropped and added.
func generatedVersions(n int) (string, string) {
	rng := rand.New(rand.NewPCG(12, 27))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	places := []string{"东湖镇", "西山镇", "南岭乡", "北港街道", "临江区", "示范区", "高新区", "金沙镇", "云台乡", "玉泉街道"}
	verbs := []string{"推进", "实施", "加快", "深化", "完善", "强化", "健全", "提升", "优化", "落实", "统筹", "打造"}
	objs := []string{"城市更新行动", "乡村振兴示范带", "营商环境改革", "科技创新平台", "现代物流体系", "生态保护修复", "公共服务体系", "基层治理体系", "产业链协同", "数字政府建设"}
	tails := []string{"取得明显成效", "完成年度目标", "走在全省前列", "形成可复制经验", "群众满意度持续提升", "项目全部开工"}
	units := []string{"亿元", "万元", "个", "项", "公里", "万平方米", "家", "所"}
	sentence := func() string {
		switch rng.IntN(4) {
		case 0:
			return fmt.Sprintf("%s%s，%s完成投资%.1f%s，同比增长%.1f%%。", pick(verbs), pick(objs), pick(places), 1+rng.Float64()*500, pick(units), 1+rng.Float64()*14)
		case 1:
			return pick(places) + pick(verbs) + pick(objs) + "，" + pick(tails) + "。"
		case 2:
			return fmt.Sprintf("全年新增%s%d%s，%s。", pick(objs), 1+rng.IntN(500), pick(units), pick(tails))
		}
		return "坚持" + pick(verbs) + pick(objs) + "与" + pick(verbs) + pick(objs) + "并重，" + pick(tails) + "。"
	}
	para := func() string {
		var sb strings.Builder
		for k := 3 + rng.IntN(5); k > 0; k-- {
			sb.WriteString(sentence())
		}
		return sb.String()
	}
	head := "示例市2027年政府工作报告\n——2027年1月10日在示例市第十届人民代表大会第三次会议上\n"
	numerals := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}
	var one, two strings.Builder
	one.WriteString(head)
	two.WriteString(head)
	size, part := 0, 0
	for size < n {
		if size/3000 >= part && part < len(numerals) {
			h := numerals[part] + "、" + pick(verbs) + pick(objs) + "\n"
			one.WriteString(h)
			two.WriteString(h)
			part++
		}
		p := para()
		size += len([]rune(p))
		one.WriteString(p + "\n")
		switch r := rng.Float64(); {
		case r < 0.03: // dropped
		case r < 0.15:
			ss := strings.Split(p, "。")
			ss[rng.IntN(len(ss)-1)] = strings.TrimSuffix(sentence(), "。")
			two.WriteString(strings.Join(ss, "。") + "\n")
		default:
			two.WriteString(p + "\n")
		}
		if rng.Float64() < 0.03 {
			two.WriteString(para() + "\n")
		}
	}
	return one.String(), two.String()
}
