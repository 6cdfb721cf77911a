package demo

import (
	"fmt"
	"time"

	"qicao/anchor"
	"qicao/figures"
	"qicao/report"
)

// figureOwners are the departments that own the demo's figures, by indicator name as the draft
// states it. Names in part two (the 2027 targets) become "…目标" indicators of the same owner.
var figureOwners = map[string]string{
	"地区生产总值": "市统计局", "地区生产总值增速": "市统计局", "规模以上工业增加值增速": "市统计局",
	"社会消费品零售总额": "市统计局", "社会消费品零售总额增速": "市统计局", "服务业增加值增速": "市统计局",
	"常住人口城镇化率": "市统计局",
	"固定资产投资增速": "市发展和改革局", "实施省市重点项目": "市发展和改革局", "争取上级资金": "市发展和改革局",
	"新开工亿元以上项目": "市发展和改革局", "工业投资增速": "市发展和改革局", "民间投资增速": "市发展和改革局",
	"一般公共预算收入": "市财政局", "一般公共预算收入增速": "市财政局", "民生支出": "市财政局", "地方政府专项债券额度": "市财政局",
	"规模以上工业总产值": "市工业和信息化局", "实施技术改造项目": "市工业和信息化局", "建成省级数字化车间": "市工业和信息化局",
	"省级专精特新中小企业": "市工业和信息化局",
	"外贸进出口总额":    "市商务局", "外贸进出口总额增速": "市商务局", "网络零售额": "市商务局", "网络零售额增速": "市商务局",
	"新签约项目": "市投资促进局", "协议投资额": "市投资促进局", "实际到位市外资金": "市投资促进局", "实际到位市外资金增速": "市投资促进局",
	"新建高标准农田": "市农业农村局", "农产品加工业产值增速": "市农业农村局", "粮食播种面积": "市农业农村局",
	"接待游客": "市文化广电和旅游局", "旅游总收入": "市文化广电和旅游局", "旅游总收入增速": "市文化广电和旅游局", "精品民宿": "市文化广电和旅游局",
	"改造老旧小区": "市住房和城乡建设局", "供排水管网": "市住房和城乡建设局", "公共停车位": "市住房和城乡建设局",
	"中心城区空气质量优良天数比率": "市生态环境局", "受污染耕地安全利用率": "市生态环境局",
	"营造林": "市林业局", "森林覆盖率": "市林业局",
	"城镇新增就业": "市人力资源和社会保障局", "农村劳动力转移就业": "市人力资源和社会保障局", "发放创业担保贷款": "市人力资源和社会保障局",
	"新建公办幼儿园": "市教育局", "普惠性幼儿园覆盖率": "市教育局", "高考本科上线率": "市教育局",
	"群众县域内就诊率": "市卫生健康委员会", "重点人群签约率": "市卫生健康委员会", "组建家庭医生签约服务团队": "市卫生健康委员会",
	"政务服务事项全程网办率": "市行政审批服务局", "推出集成化办理事项": "市行政审批服务局",
}

// demoTargets are the 预期目标 of part two bound in the demo.
var demoTargets = map[string]bool{"地区生产总值增速": true, "规模以上工业增加值增速": true, "固定资产投资增速": true,
	"社会消费品零售总额增速": true, "一般公共预算收入增速": true, "城镇新增就业": true, "外贸进出口总额增速": true}

// confirmedOwners have confirmed all their figures in the demo.
var confirmedOwners = []string{"市财政局", "市林业局", "市教育局", "市卫生健康委员会"}

// seedFigures binds the demo's figures into the latest draft: about 60 indicators across 15
// departments, some confirmed, some 初步核算 or 预计, some still to fill, and two that disagree (a
// register value the text has not caught up with; one indicator stated with two values).
func (s *seeder) seedFigures(ws *report.Workspace, v *report.Version) error {
	parts := make([]int, len(v.Doc.Blocks))
	p := -1
	for i := range v.Doc.Blocks {
		if b := &v.Doc.Blocks[i]; b.Kind == report.Heading && b.Level == 1 {
			p++
		}
		parts[i] = p
	}
	deadline := time.Date(ws.Year, 1, 10, 18, 0, 0, 0, report.China)
	var create []*report.Indicator
	byName := map[string]int{}
	var bs []report.Binding
	n := 0
	for _, c := range figures.Suggest(v.Doc) {
		name := c.Name
		owner, ok := figureOwners[name]
		if !ok {
			continue
		}
		kind, period := report.KindActual, fmt.Sprintf("%d年", ws.Year-1)
		if parts[c.Block] >= 1 && name != "农村劳动力转移就业" { // the second mention stays bound to the 实绩: the demo's inconsistency
			if !demoTargets[name] || byName[name+"目标"] > 0 {
				continue
			}
			name, kind, period = name+"目标", report.KindTarget, fmt.Sprintf("%d年", ws.Year)
		}
		k, seen := byName[name]
		if !seen {
			ind := &report.Indicator{Name: name, Unit: c.Unit, Period: period, Kind: kind, OwnerID: s.units[owner], AllowText: kind == report.KindTarget,
				Value: c.Number, Status: report.StatusPreliminary, Source: "部门报送", Deadline: deadline, UpdatedBy: s.writer}
			switch {
			case n%7 == 3 || n%11 == 5:
				ind.Value, ind.Status, ind.LastYear = "", report.StatusPending, c.Number+c.Unit
			case n%3 == 1:
				ind.Status = report.StatusEstimate
			}
			if kind == report.KindTarget && ind.Value != "" {
				ind.Value = c.Number + c.Unit + "左右"
				ind.Status = report.StatusEstimate
			}
			if name == "地区生产总值增速" {
				ind.Value, ind.Status, ind.Note = "6.2", report.StatusPreliminary, "1月初步核算数，文中仍为预计数"
			}
			create = append(create, ind)
			k = len(create)
			byName[name] = k
			n++
		}
		a, err := anchor.New(v.ID, v.Doc, c.BlockID, c.Start, c.End)
		if err != nil {
			return err
		}
		bs = append(bs, report.Binding{IndicatorID: -int64(k), VersionID: v.ID, BlockID: a.BlockID, Start: a.Start, End: a.End,
			Quote: a.Quote, Prefix: a.Prefix, Suffix: a.Suffix, CreatedBy: s.writer})
	}
	// the confirmed departments have every figure filled
	for _, ind := range create {
		for _, o := range confirmedOwners {
			if ind.OwnerID == s.units[o] && ind.Value == "" {
				ind.Value, ind.Status = ind.LastYear, report.StatusPreliminary
				if v, err := figures.ParseValue(ind, ind.LastYear); err == nil {
					ind.Value = v
				}
			}
		}
	}
	a := s.audit("figures.bind", fmt.Sprintf("绑定数据 %d 处", len(bs)))
	a.UserID, a.WorkspaceID = s.writer, ws.ID
	if err := s.st.BindFigures(s.ctx, ws.ID, create, bs, a); err != nil {
		return err
	}
	for _, o := range confirmedOwners {
		c := &report.Confirmation{WorkspaceID: ws.ID, VersionID: v.ID, UnitID: s.units[o]}
		a := s.audit("figures.confirm", o)
		a.WorkspaceID = ws.ID
		if err := s.st.ConfirmFigures(s.ctx, c, a); err != nil {
			return fmt.Errorf("demo: confirming %s: %w", o, err)
		}
	}
	return nil
}
