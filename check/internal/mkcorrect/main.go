// Command mkcorrect writes testdata/correct.txt: correct sentences in the style of newspapers and
// government reports, generated from our own templates and word lists, one a line. They hold every
// kind of text that once drew a false finding (issue 12): words meeting on a doubled character,
// productive reduplication, names meeting words, named counts, telephone and standard numbers,
// longer terms around formulations, durations that look like years. check's TestCorrectSentences
// requires doubled-character, word and count findings on at most 0.5% of them.
//
//	go run ./internal/mkcorrect > testdata/correct.txt
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
)

var slots = map[string][]string{
	"place":   {"示例市", "示川市", "东湖区", "云台县", "北港新区", "临江县", "青石镇", "南山乡", "金沙区", "西岭村", "白石街道", "玉泉县"},
	"county":  {"示例县", "云台县", "临江县", "玉泉县", "青禾县"},
	"org":     {"市发展改革委", "市工业和信息化局", "市场监管局", "市教育局", "市卫生健康委", "市住房城乡建设局", "市农业农村局", "市生态环境局", "市商务局", "市文化广电旅游局"},
	"firm":    {"丰丰集团", "东东港铁路公司", "明明科技股份", "丹丹煤矿", "示川交投集团", "云台水务公司", "北港港务集团"},
	"verb":    {"推进", "加快", "实施", "完善", "健全", "强化", "深化", "扩大", "提升", "优化", "统筹", "落实"},
	"object":  {"城市更新", "产业升级", "乡村振兴", "营商环境", "公共服务", "生态保护", "基础设施建设", "数字经济发展", "科技创新", "民生保障", "社会治理", "对外开放", "招商引资", "安全生产"},
	"border":  {"艾滋病病毒检测", "中国国际进口博览会", "全国统一大市场", "食品安全全链条监管", "社会主义核心价值体系", "预防犯罪宣传教育", "国家安全体系", "农村村庄规划", "大学学科建设", "高校校园安全", "重大大型活动保障", "人民民主制度", "科学学科布局", "城市市容整治", "工作作风建设", "医疗疗效评价", "社会会展经济", "体育育人功能"},
	"redup":   {"一座座厂房拔地而起", "一台台机床昼夜运转", "一件件实事落地见效", "一项项改革落地生根", "一批批项目开工建设", "一个个难题迎刃而解", "一条条道路通达城乡", "一片片荒山披上绿装"},
	"abb":     {"亮堂堂的", "绿油油的", "红彤彤的", "金灿灿的", "沉甸甸的", "暖洋洋的", "齐刷刷地"},
	"distrib": {"周周有活动、月月有亮点", "人人参与、户户受益", "家家户户用上自来水", "村村通硬化路", "年年有新变化", "天天有人值守"},
	"adv":     {"殷殷嘱托", "谆谆教诲", "切切实实", "实实在在", "扎扎实实", "方方面面", "认认真真"},
	"idiom":   {"奄奄一息", "井井有条", "欣欣向荣", "蒸蒸日上", "兢兢业业", "孜孜不倦", "源源不断", "息息相关", "生生不息", "比比皆是"},
	"person":  {"王芳芳", "李婷婷", "张明明", "陈丽丽", "刘洋洋", "赵亮亮"},
	"num":     {"3", "5", "8", "12", "26", "36", "48", "120", "260"},
	"pct":     {"3.2%", "4.5%", "5%", "6.1%", "7.8%", "10%", "12.5%"},
	"year":    {"2025", "2026", "2027"},
	"dur":     {"连续26年", "建市30年来", "经过25年的发展", "近20年", "历时24年", "奋斗26年"},
	"phone":   {"0571-88889999", "010-12345678", "0755-86668888", "0898-65432100"},
	"std":     {"GB/T 9704-2012", "GB/T 15834-2011", "GB/T 15835-2011", "GB 50016-2014"},
	"big":     {"全球第三大港", "全国第二大城市群", "全省第一大产业", "中部第五大物流枢纽"},
	"named":   {"六大工程", "三大攻坚战", "五大行动", "十大产业链"},
	"quoted":  {"“十项工程”建设行动", "“百千万工程”推进会", "“三项行动”成效评估", "“五个一”工作机制"},
	"formula": {"习近平新时代中国特色社会主义思想", "以人民为中心的发展思想", "社会主义核心价值观", "绿水青山就是金山银山", "总体国家安全观", "中国式现代化"},
	"result":  {"取得新进展", "迈出新步伐", "实现新突破", "成效明显", "走在全省前列", "群众满意度持续提升", "形成积极向上的良好氛围"},
	"month":   {"1", "3", "5", "6", "9", "11", "12"},
	"three":   {"交通、水利、能源", "教育、医疗、养老", "新材料、装备制造、食品加工", "就业、住房、托育"},
	"four":    {"交通、水利、能源、通信", "教育、医疗、养老、托育", "锂电池、光伏组件、智能家电、新型储能"},
}

var templates = []string{
	"{place}{verb}{object}，{result}。",
	"{org}牵头{verb}{border}，{result}。",
	"{place}持续{verb}{border}工作，全年投入资金{num}亿元。",
	"一年来，{redup}，{place}面貌焕然一新。",
	"新建的便民服务中心{abb}，{place}群众办事更加方便。",
	"稻田{abb}，丰收的喜悦写在农民脸上。",
	"{place}坚持{distrib}，基层治理更加精细。",
	"牢记{adv}，{verb}{object}。",
	"这家企业曾经{idiom}，如今订单{idiom2}。",
	"{person}同志代表{place}作交流发言。",
	"{county}县城面貌焕然一新，{object}{result}。",
	"{firm}完成年度投资{num}亿元，同比增长{pct}。",
	"{place}{dur}保持增长，{object}{result}。",
	"公布投诉举报电话{phone}，接受社会监督。",
	"公文格式执行{std}标准，{org}负责解释。",
	"{place}港口货物吞吐量跃居{big}。",
	"统筹推进{object}、{object2}和{named}。",
	"围绕{three}{quoted}抓落实。",
	"从{three}3个方面{verb}{object}。",
	"聚焦{four}4个领域精准招商。",
	"在{three}等领域新增项目{num}个。",
	"坚持以习近平新时代中国特色社会主义思想为指导，{verb}{object}。",
	"深入学习贯彻{formula}，{result}。",
	"截至{year}年底，{place}累计完成投资{num}亿元。",
	"截至{year}年{month}月，{place}新增经营主体{num}家。",
	"截止到{year}年底，{object}{result}。",
	"项目申报截止日期为{year}年{month}月30日。",
	"实施{year}—2030年{object}行动计划。",
	"预计全年增长{pct}～{pct2}。",
	"一是{verb}{object}，二是{verb2}{object2}，三是{verb3}{object3}。",
	"{place}把{object}作为{named}之一，{result}。",
	"各级各部门要{verb}{object}，确保{object2}{result}。",
	"{place}常常深入基层调研，{verb}{object}。",
	"请社会各界多多支持{object}。",
	"{place}区域协调发展{result}。",
	"{place}市场主体活力持续增强。",
	"召开市委常委会会议，研究{object}工作。",
	"{org}对全市{object}工作作了安排部署。",
	"加快健全全国统一大市场，{verb}{object}。",
	"推动{object}由“有没有”向“好不好”转变。",
	"全年城镇新增就业{num}万人，{object}{result}。",
	"{place}地区生产总值增长{pct}，高于全省平均水平。",
	"{place}空气质量优良天数比例达到{pct}。",
	"完成{num}个老旧小区改造，惠及居民{num2}万户。",
	"示东东港铁路、丹丹煤矿专用线建设{result}。",
	"按照{std}要求规范公文格式。",
	"{place}人人参与垃圾分类，{result}。",
	"严格落实中央八项规定精神，驰而不息纠治“四风”。",
	"{place}建成充电桩{num}个，其中公共充电桩{num2}个。",
	"{firm}与{firm2}签订战略合作协议。",
}

func main() {
	rng := rand.New(rand.NewPCG(12, 2027))
	seen := map[string]bool{}
	var out []string
	for tries := 0; len(out) < 2400 && tries < 200000; tries++ {
		t := templates[tries%len(templates)]
		s := fill(t, rng)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	fmt.Fprintln(os.Stdout, "# 正确的句子（自拟，模板生成：go run ./internal/mkcorrect），每行一句，审校不应报重复、用词或数量。")
	for _, s := range out {
		fmt.Fprintln(os.Stdout, s)
	}
}

func fill(t string, rng *rand.Rand) string {
	used := map[string]string{}
	for {
		i := strings.Index(t, "{")
		if i < 0 {
			return t
		}
		j := strings.Index(t[i:], "}") + i
		name := t[i+1 : j]
		base := strings.TrimRight(name, "0123456789")
		list := slots[base]
		v := list[rng.IntN(len(list))]
		// A numbered slot differs from the slot before it: {object2} is another object.
		for k := 0; k < 10 && name != base && v == used[base]; k++ {
			v = list[rng.IntN(len(list))]
		}
		if name == base {
			used[base] = v
		}
		t = t[:i] + v + t[j+1:]
	}
}
