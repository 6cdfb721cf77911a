package figures

import (
	"fmt"
	"strconv"
	"strings"

	"qicao/report"
	"qicao/unitname"
)

// Planned is what an upload does with one placeholder: bind it to an existing indicator
// (IndicatorID) or to a new one (New, an index+1 into Plan.Create).
type Planned struct {
	Placeholder
	IndicatorID int64
	New         int
}

// Plan is what the placeholders of an uploaded draft become.
type Plan struct {
	Create   []report.Indicator
	Bind     []Planned
	Problems []Problem
}

// MatchUnit finds the department a placeholder names among units: by the full name, without
// the 市/县/区 prefix, or as the short form writers use (发改局 for 市发展和改革局, 人社局 for
// 市人力资源和社会保障局) when exactly one department fits. ok is false when none or several do.
// The names are read as package unitname reads them everywhere.
func MatchUnit(name string, units []report.Unit) (report.Unit, bool) {
	if u, ok := unitname.Exact(name, units); ok {
		return u, true
	}
	var found []report.Unit
	for _, u := range units {
		if u.Kind == report.UnitDepartment && unitname.Abbreviates(name, u.Name) {
			found = append(found, u)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return report.Unit{}, false
}

// GuessUnit is the unit a new indicator gets from its name when the placeholder wrote none:
// a rate or a growth is in per cent.
func GuessUnit(name string) string {
	for _, w := range []string{"增速", "增长", "增幅", "率", "比重", "占比", "比例", "降幅"} {
		if strings.Contains(name, w) {
			return "%"
		}
	}
	return ""
}

// guessKind tells a 预期目标 by the words around it.
func guessKind(sentence string) report.IndicatorKind {
	for _, w := range []string{"预期目标", "目标", "左右", "力争", "以上", "以内"} {
		if strings.Contains(sentence, w) {
			return report.KindTarget
		}
	}
	return report.KindActual
}

// PlanUpload decides what the placeholders of doc become in workspace ws: each binds to the
// indicator of the same name, or to a new one owned by the department its tag names or, failing
// that, the department the workspace maps the name to (owners, by normalised name). A tag naming
// a department that does not exist is an error listing every such tag: nothing is created then.
func PlanUpload(doc *report.Document, ws *report.Workspace, existing []report.Indicator, units []report.Unit, owners []report.FigureOwner) (*Plan, error) {
	ps, probs := Find(doc)
	plan := &Plan{Problems: probs}
	byName := map[string]int64{}
	for _, ind := range existing {
		byName[NormalizeName(ind.Name)] = ind.ID
	}
	mapped := map[string]int64{}
	for _, o := range owners {
		mapped[NormalizeName(o.Name)] = o.UnitID
	}
	created := map[string]int{}
	var bad []string
	for _, p := range ps {
		pl := Planned{Placeholder: p}
		if id, ok := byName[p.Name]; ok {
			pl.IndicatorID = id
			plan.Bind = append(plan.Bind, pl)
			continue
		}
		if n, ok := created[p.Name]; ok {
			pl.New = n
			if c := &plan.Create[n-1]; c.OwnerID == 0 && p.Owner != "" {
				if u, ok := MatchUnit(p.Owner, units); ok {
					c.OwnerID = u.ID
				}
			}
			plan.Bind = append(plan.Bind, pl)
			continue
		}
		owner := mapped[p.Name]
		if p.Owner != "" {
			u, ok := MatchUnit(p.Owner, units)
			if !ok {
				bad = append(bad, fmt.Sprintf("第%d段“%s”中的责任单位“%s”", p.Block+1, p.Text, p.Owner))
				continue
			}
			owner = u.ID
		}
		unit := p.Unit
		if unit == "" {
			unit = GuessUnit(p.Name)
		}
		sentence := Sentence(doc.Blocks[p.Block].Text, p.Start, p.End)
		kind := guessKind(sentence)
		period := strconv.Itoa(ws.Year-1) + "年"
		if kind == report.KindTarget {
			period = strconv.Itoa(ws.Year) + "年"
		}
		ind := report.Indicator{WorkspaceID: ws.ID, Name: p.Name, Unit: unit, Period: period, Kind: kind, OwnerID: owner,
			Status: report.StatusPending, AllowText: kind == report.KindTarget}
		if p.Number != "" {
			ind.LastYear = p.Number + p.Unit
		}
		plan.Create = append(plan.Create, ind)
		created[p.Name] = len(plan.Create)
		pl.New = len(plan.Create)
		plan.Bind = append(plan.Bind, pl)
	}
	if len(bad) > 0 {
		return nil, report.Errorf(report.EINVALID, "%s不存在，请改为系统中的单位名称（如“市统计局”或“统计局”）后重新上传", strings.Join(bad, "、"))
	}
	return plan, nil
}
