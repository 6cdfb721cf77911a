package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/anchor"
	"qicao/check"
	"qicao/figures"
	"qicao/report"
)

// The 数据指标 service: every action on figures is one function here, called by the page handler
// (figures_pages.go) and by the API handler (figures_api.go) alike.

// figureRow is a bound figure where it stands in one version.
type figureRow struct {
	Binding   report.Binding
	Indicator *report.Indicator
	Owner     string
	State     anchor.State
	Block     int    // index into the version's blocks
	BlockID   string //
	Start     int    // rune offsets in the block's text
	End       int
	Quote     string
	Sentence  string
	Display   string // the register's value as the text would read, "" while unfilled
	Differs   bool   // the text states another number than the register
}

// Unfilled reports whether the figure still has no value.
func (f *figureRow) Unfilled() bool { return f.Indicator.Value == "" }

// figureSet is everything the version page, the 填充稿 and the API need about a version's
// figures.
type figureSet struct {
	Rows       []figureRow
	Indicators map[int64]*report.Indicator
	Owners     map[int64]string // unit names by ID
	Findings   []check.Finding  // the 数据 family
}

// uses is the set as figures.Use values.
func (fs *figureSet) uses() []figures.Use {
	out := make([]figures.Use, len(fs.Rows))
	for i, r := range fs.Rows {
		out[i] = figures.Use{BindingID: r.Binding.ID, Indicator: r.Indicator, Block: r.Block, Start: r.Start, End: r.End, Quote: r.Quote}
	}
	return out
}

func toAnchor(b *report.Binding) anchor.Anchor {
	return anchor.Anchor{VersionID: b.VersionID, BlockID: b.BlockID, Start: b.Start, End: b.End, Quote: b.Quote, Prefix: b.Prefix, Suffix: b.Suffix}
}

// unitIndex maps unit IDs to names and lists the units.
func (s *Server) unitIndex(ctx context.Context) (map[int64]string, []report.Unit, error) {
	us, err := s.store.Units(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[int64]string, len(us))
	for _, u := range us {
		m[u.ID] = u.Name
	}
	return m, us, nil
}

// figuresOf carries every binding of the workspace into ver and keeps those that stand in it:
// one row per place, the binding made latest winning when two point at the same words.
func (s *Server) figuresOf(ctx context.Context, ver *report.Version) (*figureSet, error) {
	bs, err := s.store.Bindings(ctx, ver.WorkspaceID)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return &figureSet{Indicators: map[int64]*report.Indicator{}}, nil
	}
	inds, err := s.store.Indicators(ctx, ver.WorkspaceID)
	if err != nil {
		return nil, err
	}
	owners, _, err := s.unitIndex(ctx)
	if err != nil {
		return nil, err
	}
	return s.locate(ctx, ver, bs, inds, owners)
}

func (s *Server) locate(ctx context.Context, ver *report.Version, bs []report.Binding, inds []report.Indicator, owners map[int64]string) (*figureSet, error) {
	set := &figureSet{Indicators: make(map[int64]*report.Indicator, len(inds)), Owners: owners}
	for i := range inds {
		set.Indicators[inds[i].ID] = &inds[i]
	}
	if len(bs) == 0 {
		return set, nil
	}
	anchors := make([]anchor.Anchor, len(bs))
	for i := range bs {
		anchors[i] = toAnchor(&bs[i])
	}
	located, err := s.anchors.Carry(ctx, ver, anchors)
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(ver.Doc.Blocks))
	for i := range ver.Doc.Blocks {
		index[ver.Doc.Blocks[i].ID] = i
	}
	if err := s.refind(ctx, ver, bs, located, index); err != nil {
		return nil, err
	}
	type place struct {
		block      string
		start, end int
	}
	at := map[place]int{}
	for i, l := range located {
		if l.State == anchor.Orphaned || l.Anchor.VersionID != ver.ID {
			continue
		}
		ind := set.Indicators[bs[i].IndicatorID]
		bi, ok := index[l.Anchor.BlockID]
		if ind == nil || !ok {
			continue
		}
		row := figureRow{Binding: bs[i], Indicator: ind, Owner: owners[ind.OwnerID], State: l.State, Block: bi, BlockID: l.Anchor.BlockID,
			Start: l.Anchor.Start, End: l.Anchor.End, Quote: l.Anchor.Quote, Display: figures.Display(ind)}
		p := place{l.Anchor.BlockID, l.Anchor.Start, l.Anchor.End}
		if k, dup := at[p]; dup {
			set.Rows[k] = row // the later binding of the same words
			continue
		}
		at[p] = len(set.Rows)
		set.Rows = append(set.Rows, row)
	}
	sort.SliceStable(set.Rows, func(i, j int) bool {
		if set.Rows[i].Block != set.Rows[j].Block {
			return set.Rows[i].Block < set.Rows[j].Block
		}
		return set.Rows[i].Start < set.Rows[j].Start
	})
	set.Findings = figures.Check(ver.Doc, set.uses(), owners)
	flagged := map[[2]int]bool{}
	for _, f := range set.Findings {
		if f.Rule == "data-register" || f.Rule == "data-confirmed-changed" {
			flagged[[2]int{f.Block, f.Start}] = true
		}
	}
	decoded := map[int][]rune{}
	for i := range set.Rows {
		r := &set.Rows[i]
		rs, ok := decoded[r.Block]
		if !ok {
			rs = []rune(ver.Doc.Blocks[r.Block].Text)
			decoded[r.Block] = rs
		}
		r.Sentence = figures.SentenceRunes(rs, r.Start, r.End)
		bs := len(string(rs[:r.Start]))
		r.Differs = flagged[[2]int{r.Block, bs}]
	}
	return set, nil
}

// filledDoc is the 填充稿 of a version: its text with every filled figure's current value.
func (s *Server) filledDoc(ctx context.Context, ver *report.Version) (*report.Document, error) {
	set, err := s.figuresOf(ctx, ver)
	if err != nil {
		return nil, err
	}
	return figures.Fill(ver.Doc, set.uses()), nil
}

// figureInput is what a department or a writer changes on one indicator. Nil fields stay.
type figureInput struct {
	Value  *string `json:"value"`
	Status *string `json:"status"`
	Note   *string `json:"note"`
	Reason string  `json:"reason"`
	// writers only
	Name      *string `json:"name,omitempty"`
	Unit      *string `json:"unit,omitempty"`
	Period    *string `json:"period,omitempty"`
	Kind      *string `json:"kind,omitempty"`
	OwnerID   *int64  `json:"owner_id,omitempty"`
	Source    *string `json:"source,omitempty"`
	AllowText *bool   `json:"allow_text,omitempty"`
	LastYear  *string `json:"last_year,omitempty"`
	Deadline  *string `json:"deadline,omitempty"` // 2027-01-10, "" for none
}

// canFillFigure reports whether u may fill ind: a contact (or a leader) of the owning
// department, or a writer.
func canFillFigure(u *report.User, ind *report.Indicator) bool {
	switch u.Role {
	case report.RoleWriter:
		return true
	case report.RoleContact, report.RoleLeader:
		return ind.OwnerID != 0 && u.UnitID == ind.OwnerID
	}
	return false
}

// isOwner reports whether u speaks for the department that owns ind.
func isOwner(u *report.User, ind *report.Indicator) bool {
	return u.Role != report.RoleWriter && u.Role != report.RoleAdmin && ind.OwnerID != 0 && u.UnitID == ind.OwnerID
}

// indicatorFor loads an indicator of ws (any workspace when ws is nil) to change it: who may is
// decided by updateFigure, which names the owning department to a department that is not it.
func (s *Server) indicatorFor(ctx context.Context, ws *report.Workspace, id int64) (*report.Indicator, error) {
	ind, err := s.store.Indicator(ctx, id)
	if report.ErrorCode(err) == report.ENOTFOUND || err == nil && ws != nil && ind.WorkspaceID != ws.ID {
		return nil, notFound()
	}
	return ind, err
}

// indicatorIn loads an indicator of ws that u may see: a department sees its own figures only.
func (s *Server) indicatorIn(ctx context.Context, u *report.User, ws *report.Workspace, id int64) (*report.Indicator, error) {
	ind, err := s.store.Indicator(ctx, id)
	if report.ErrorCode(err) == report.ENOTFOUND {
		return nil, notFound()
	} else if err != nil {
		return nil, err
	}
	if ws != nil && ind.WorkspaceID != ws.ID {
		return nil, notFound()
	}
	if u.Role == report.RoleContact && ind.OwnerID != u.UnitID {
		return nil, notFound()
	}
	return ind, nil
}

// updateFigure applies in to ind as u: the owner fills, changes the status and adds a note; a
// writer may also correct the indicator itself. A writer changing a confirmed value sends it
// back to the department (Reconfirm). Nothing is stored when any field is wrong.
func (s *Server) updateFigure(r *http.Request, ind *report.Indicator, in figureInput) error {
	u := currentUser(r)
	if !canFillFigure(u, ind) {
		if u.Role == report.RoleContact || u.Role == report.RoleLeader {
			return report.Errorf(report.EFORBIDDEN, "“%s”由%s负责，您不能填写其他单位的数据", ind.Name, s.unitName(r.Context(), ind.OwnerID))
		}
		return report.Errorf(report.EFORBIDDEN, "您没有权限修改数据")
	}
	if in.Value == nil && in.Status == nil && in.Note == nil && in.Name == nil && in.Unit == nil && in.Period == nil && in.Kind == nil &&
		in.OwnerID == nil && in.Source == nil && in.AllowText == nil && in.LastYear == nil && in.Deadline == nil {
		return report.Errorf(report.EINVALID, "没有要修改的内容：请填写数值、状态或备注")
	}
	next := *ind
	writerOnly := in.Name != nil || in.Unit != nil || in.Period != nil || in.Kind != nil || in.OwnerID != nil || in.Source != nil || in.AllowText != nil || in.LastYear != nil || in.Deadline != nil
	if writerOnly && u.Role != report.RoleWriter {
		return report.Errorf(report.EFORBIDDEN, "部门只能填写数值、状态和备注")
	}
	if in.Name != nil {
		next.Name = figures.NormalizeName(*in.Name)
	}
	if in.Unit != nil {
		next.Unit = figures.NormalizeUnit(*in.Unit)
	}
	if in.Period != nil {
		next.Period = strings.TrimSpace(*in.Period)
	}
	if in.Kind != nil {
		k, err := figures.ParseKind(*in.Kind)
		if err != nil {
			return err
		}
		next.Kind = k
	}
	if in.OwnerID != nil {
		if *in.OwnerID != 0 {
			un, err := s.store.Unit(r.Context(), *in.OwnerID)
			if err != nil || un.Kind != report.UnitDepartment && un.Kind != report.UnitTownship {
				return report.Errorf(report.EINVALID, "责任单位不存在")
			}
		}
		next.OwnerID = *in.OwnerID
	}
	if in.Source != nil {
		next.Source = strings.TrimSpace(*in.Source)
	}
	if in.AllowText != nil {
		next.AllowText = *in.AllowText
	}
	if in.LastYear != nil {
		next.LastYear = strings.TrimSpace(*in.LastYear)
	}
	if in.Deadline != nil {
		d := strings.TrimSpace(*in.Deadline)
		next.Deadline = time.Time{}
		if d != "" {
			t, err := time.ParseInLocation("2006-01-02", d, report.China)
			if err != nil {
				return report.Errorf(report.EINVALID, "截止日期“%s”格式不对，应为 2027-01-10", d)
			}
			next.Deadline = t
		}
	}
	if in.Note != nil {
		next.Note = strings.TrimSpace(*in.Note)
	}
	if in.Value != nil {
		if strings.TrimSpace(*in.Value) == "" {
			next.Value = ""
		} else {
			v, err := figures.ParseValue(&next, *in.Value)
			if err != nil {
				return err
			}
			next.Value = v
		}
	} else if next.Value != "" && !next.AllowText && !figures.IsNumeric(next.Value) {
		// text no longer allowed: the phrase already there must be replaced by a number
		return report.Errorf(report.EINVALID, "“%s”现有数值“%s”是文字，取消“允许文字”前请先改为数字", next.Name, next.Value)
	}
	if in.Status != nil {
		st, err := figures.ParseStatus(*in.Status)
		if err != nil {
			return err
		}
		if st == report.StatusConfirmed && !isOwner(u, &next) && next.Status != report.StatusConfirmed {
			return report.Errorf(report.EFORBIDDEN, "数据只能由责任单位确认")
		}
		next.Status = st
	}
	if next.Value == "" {
		next.Status = report.StatusPending
	} else if next.Status == report.StatusPending {
		next.Status = report.StatusEstimate // a value given without a status is an estimate
	}
	changedValue := next.Value != ind.Value
	if ind.Status == report.StatusConfirmed && changedValue && !isOwner(u, &next) {
		// a writer changed a confirmed figure: the department must confirm again
		next.Reconfirm = true
		next.Status = report.StatusPreliminary
	}
	if isOwner(u, &next) && next.Status == report.StatusConfirmed {
		next.Reconfirm = false
	}
	if err := checkText("修改原因", in.Reason, 0, 500); err != nil {
		return err
	}
	next.UpdatedBy = u.ID
	detail := fmt.Sprintf("%s：%s（%s）", next.Name, orDash(figures.Display(&next)), next.Status)
	audit := s.entry(r, "indicator.update", fmt.Sprintf("indicator:%d", ind.ID), detail)
	audit.WorkspaceID = ind.WorkspaceID
	if err := s.store.UpdateIndicator(r.Context(), &next, strings.TrimSpace(in.Reason), audit); err != nil {
		return err
	}
	*ind = next
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (s *Server) unitName(ctx context.Context, id int64) string {
	if id == 0 {
		return "未指定单位"
	}
	un, err := s.store.Unit(ctx, id)
	if err != nil {
		return "其他单位"
	}
	return un.Name
}

// confirmFigures confirms every figure of u's unit in ws in one action (数据确认), naming the
// latest version as the one confirmed.
func (s *Server) confirmFigures(r *http.Request, ws *report.Workspace) (*report.Confirmation, error) {
	u := currentUser(r)
	if u.UnitID == 0 || u.Role == report.RoleWriter || u.Role == report.RoleAdmin {
		return nil, report.Errorf(report.EFORBIDDEN, "数据确认由责任单位进行")
	}
	c := &report.Confirmation{WorkspaceID: ws.ID, UnitID: u.UnitID, By: u.ID}
	if vs, err := s.store.Versions(r.Context(), ws.ID); err != nil {
		return nil, err
	} else if len(vs) > 0 {
		c.VersionID = vs[len(vs)-1].ID
	}
	audit := s.entry(r, "figures.confirm", unitTarget(u.UnitID), "")
	audit.WorkspaceID = ws.ID
	if err := s.store.ConfirmFigures(r.Context(), c, audit); err != nil {
		return nil, err
	}
	return c, nil
}

// bindInput is a writer binding a selected number on the version page.
type bindInput struct {
	BlockID     string `json:"block_id"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	IndicatorID int64  `json:"indicator_id"` // an existing indicator, or 0 for a new one:
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	OwnerID     int64  `json:"owner_id"`
	Kind        string `json:"kind"`
}

// bindSelection binds runes [Start, End) of a paragraph of ver to an indicator, creating it
// when it is new; the number selected becomes its value when it has none (as 预计).
func (s *Server) bindSelection(r *http.Request, ws *report.Workspace, ver *report.Version, in bindInput) (*report.Indicator, error) {
	if in.BlockID == "" || in.End <= in.Start {
		return nil, report.Errorf(report.EINVALID, "请先在正文中选中要绑定的数字")
	}
	a, err := anchor.New(ver.ID, ver.Doc, in.BlockID, in.Start, in.End)
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(a.Quote) > 40 {
		return nil, report.Errorf(report.EINVALID, "选中的文字太长：请只选中数字及其单位")
	}
	if _, _, ok := figures.Stated(a.Quote); !ok {
		if ps, _ := figures.Find(&report.Document{Blocks: []report.Block{{Text: a.Quote}}}); len(ps) == 0 {
			return nil, report.Errorf(report.EINVALID, "选中的“%s”不是数字或占位符", a.Quote)
		}
	}
	u := currentUser(r)
	b := report.Binding{IndicatorID: in.IndicatorID, VersionID: ver.ID, BlockID: a.BlockID, Start: a.Start, End: a.End,
		Quote: a.Quote, Prefix: a.Prefix, Suffix: a.Suffix, CreatedBy: u.ID}
	var create []*report.Indicator
	var ind *report.Indicator
	if in.IndicatorID != 0 {
		if ind, err = s.indicatorIn(r.Context(), u, ws, in.IndicatorID); err != nil {
			return nil, report.Errorf(report.EINVALID, "要绑定的指标不存在")
		}
	} else {
		name := figures.NormalizeName(in.Name)
		if name == "" {
			return nil, report.Errorf(report.EINVALID, "请选择已有指标，或填写新指标的名称")
		}
		kind, err := figures.ParseKind(in.Kind)
		if err != nil {
			return nil, err
		}
		if in.OwnerID != 0 {
			if un, err := s.store.Unit(r.Context(), in.OwnerID); err != nil || un.Kind == report.UnitWriting || un.Kind == report.UnitLeadership {
				return nil, report.Errorf(report.EINVALID, "责任单位不存在")
			}
		}
		num, unit, _ := figures.Stated(a.Quote)
		if strings.TrimSpace(in.Unit) != "" {
			unit = figures.NormalizeUnit(in.Unit)
		} else if unit == "" {
			unit = figures.GuessUnit(name)
		}
		period := fmt.Sprintf("%d年", ws.Year-1)
		if kind == report.KindTarget {
			period = fmt.Sprintf("%d年", ws.Year)
		}
		ind = &report.Indicator{WorkspaceID: ws.ID, Name: name, Unit: unit, Period: period, Kind: kind, OwnerID: in.OwnerID,
			Status: report.StatusPending, AllowText: kind == report.KindTarget, UpdatedBy: u.ID}
		if num != nil {
			ind.Value, ind.Status = figures.FormatNumber(num), report.StatusEstimate
			if v, _, ok := figures.Stated(a.Quote); ok {
				if _, qu, _ := figures.Stated(a.Quote); qu != "" && qu != unit {
					if c, ok := figures.Convert(v, qu, unit); ok {
						ind.Value = figures.FormatNumber(c)
					}
				}
			}
		}
		create = append(create, ind)
		b.IndicatorID = -1
	}
	audit := s.entry(r, "figures.bind", versionTarget(ver.ID), fmt.Sprintf("“%s”绑定到指标“%s”", a.Quote, ind.Name))
	audit.WorkspaceID = ws.ID
	if err := s.store.BindFigures(r.Context(), ws.ID, create, []report.Binding{b}, audit); err != nil {
		return nil, err
	}
	return ind, nil
}

// figurePlan is what an upload does with its placeholders, decided before the version is
// stored so that a tag naming an unknown department refuses the upload with nothing stored.
type figurePlan struct {
	plan    *figures.Plan
	final   string // the override reason when the label is 定稿 with figures unconfirmed
	pending int
}

// planFigures finds the placeholders of an uploaded draft and decides what they become; for a
// version labelled 定稿 it also refuses unconfirmed figures unless the upload gives a reason
// (final_reason) to override.
func (s *Server) planFigures(r *http.Request, ws *report.Workspace, label string, doc *report.Document) (*figurePlan, error) {
	ctx := r.Context()
	inds, err := s.store.Indicators(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	_, units, err := s.unitIndex(ctx)
	if err != nil {
		return nil, err
	}
	owners, err := s.store.FigureOwners(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	plan, err := figures.PlanUpload(doc, ws, inds, units, owners)
	if err != nil {
		return nil, err
	}
	fp := &figurePlan{plan: plan}
	if label != finalLabel {
		return fp, nil
	}
	// the figures bound in the latest version, and those the new draft's placeholders name
	pending := map[int64]bool{}
	byID := map[int64]*report.Indicator{}
	for i := range inds {
		byID[inds[i].ID] = &inds[i]
	}
	if vs, err := s.store.Versions(ctx, ws.ID); err != nil {
		return nil, err
	} else if len(vs) > 0 {
		last, err := s.store.Version(ctx, vs[len(vs)-1].ID)
		if err != nil {
			return nil, err
		}
		set, err := s.figuresOf(ctx, last)
		if err != nil {
			return nil, err
		}
		for _, row := range set.Rows {
			if row.Indicator.Status != report.StatusConfirmed || row.Indicator.Reconfirm {
				pending[row.Indicator.ID] = true
			}
		}
	}
	n := len(plan.Create)
	for _, b := range plan.Bind {
		if ind := byID[b.IndicatorID]; ind != nil && (ind.Status != report.StatusConfirmed || ind.Reconfirm) {
			pending[ind.ID] = true
		}
	}
	fp.pending = len(pending) + n
	if fp.pending == 0 {
		return fp, nil
	}
	reason := strings.TrimSpace(r.PostFormValue("final_reason"))
	if reason == "" {
		return nil, report.Errorf(report.ECONFLICT, "还有 %d 项数据未经责任单位确认，不能标为定稿；如确需定稿，请填写理由（final_reason）", fp.pending)
	}
	if err := checkText("定稿理由", reason, 1, 1000); err != nil {
		return nil, err
	}
	fp.final = reason
	return fp, nil
}

// finalLabel is the label that needs every figure confirmed.
const finalLabel = "定稿"

// applyFigures binds the placeholders of a stored version as planned, skipping those already
// bound through an earlier version's binding carried into it, and records a 定稿 override.
func (s *Server) applyFigures(r *http.Request, ws *report.Workspace, v *report.Version, fp *figurePlan) error {
	ctx := r.Context()
	u := currentUser(r)
	if fp.final != "" {
		o := &report.FinalOverride{WorkspaceID: ws.ID, VersionID: v.ID, Reason: fp.final, Pending: fp.pending, By: u.ID}
		audit := s.entry(r, "figures.final_override", versionTarget(v.ID), "")
		audit.WorkspaceID = ws.ID
		if err := s.store.OverrideFinal(ctx, o, audit); err != nil {
			return err
		}
	}
	if len(fp.plan.Bind) == 0 {
		return nil
	}
	set, err := s.figuresOf(ctx, v)
	if err != nil {
		return err
	}
	covered := func(block string, start, end int) bool {
		for _, row := range set.Rows {
			if row.BlockID == block && row.Start < end && start < row.End {
				return true
			}
		}
		return false
	}
	var create []*report.Indicator
	newIndex := map[int]int64{} // plan index → binding reference
	var bs []report.Binding
	for _, p := range fp.plan.Bind {
		if covered(p.BlockID, p.Start, p.End) {
			continue
		}
		a, err := anchor.New(v.ID, v.Doc, p.BlockID, p.Start, p.End)
		if err != nil {
			return err
		}
		b := report.Binding{IndicatorID: p.IndicatorID, VersionID: v.ID, BlockID: a.BlockID, Start: a.Start, End: a.End, Quote: a.Quote, Prefix: a.Prefix, Suffix: a.Suffix, CreatedBy: u.ID}
		if p.New > 0 {
			ref, ok := newIndex[p.New]
			if !ok {
				ind := fp.plan.Create[p.New-1]
				ind.UpdatedBy = u.ID
				create = append(create, &ind)
				ref = -int64(len(create))
				newIndex[p.New] = ref
			}
			b.IndicatorID = ref
		}
		bs = append(bs, b)
	}
	if len(bs) == 0 {
		return nil
	}
	audit := s.entry(r, "figures.bind", versionTarget(v.ID), fmt.Sprintf("上传时识别占位符 %d 处，新建指标 %d 项", len(bs), len(create)))
	audit.WorkspaceID = ws.ID
	return s.store.BindFigures(ctx, ws.ID, create, bs, audit)
}

// figureTodos is the to-do source of departments: the figures they owe in a workspace.
func (s *Server) figureTodos(ctx context.Context, u *report.User, ws *report.Workspace) ([]todoItem, error) {
	if u.Role != report.RoleContact || u.UnitID == 0 {
		return nil, nil
	}
	inds, err := s.store.Indicators(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	var mine []report.Indicator
	for _, ind := range inds {
		if ind.OwnerID == u.UnitID && (ind.Status != report.StatusConfirmed || ind.Reconfirm) {
			mine = append(mine, ind)
		}
	}
	if len(mine) == 0 {
		return nil, nil
	}
	sentences := s.latestSentences(ctx, ws)
	now := s.now()
	var items []todoItem
	unfilled := 0
	for _, ind := range mine {
		if ind.Value == "" {
			unfilled++
		}
		detail := []string{string(ind.Status)}
		if ind.Reconfirm {
			detail = append(detail, "已被改动，须重新确认")
		}
		if ind.LastYear != "" {
			detail = append(detail, "上年 "+ind.LastYear)
		}
		if sent := sentences[ind.ID]; sent != "" {
			detail = append(detail, "“"+sent+"”")
		}
		items = append(items, todoItem{Subject: figuresSubject, Title: fmt.Sprintf("数据填报：%s（%s）", ind.Name, ind.Period),
			Detail: strings.Join(detail, " · "), URL: fmt.Sprintf("/w/%d/figures/%d", ws.ID, ind.ID), Due: ind.Deadline,
			Overdue: !ind.Deadline.IsZero() && now.After(ind.Deadline)})
	}
	if unfilled == 0 {
		items = append(items, todoItem{Subject: figuresSubject, Title: fmt.Sprintf("数据确认：本单位 %d 项数据已填写，请核对后确认", len(mine)), URL: fmt.Sprintf("/w/%d/figures", ws.ID)})
	}
	return items, nil
}

// figuresSubject names the figures in reminders (催办) and to-do items.
const figuresSubject = "figures"

// latestSentences gives, for each indicator bound in the workspace's latest version, the
// sentence its first figure stands in.
func (s *Server) latestSentences(ctx context.Context, ws *report.Workspace) map[int64]string {
	out := map[int64]string{}
	vs, err := s.store.Versions(ctx, ws.ID)
	if err != nil || len(vs) == 0 {
		return out
	}
	ver, err := s.store.Version(ctx, vs[len(vs)-1].ID)
	if err != nil {
		return out
	}
	set, err := s.figuresOf(ctx, ver)
	if err != nil {
		return out
	}
	for _, row := range set.Rows {
		if _, ok := out[row.Indicator.ID]; !ok {
			out[row.Indicator.ID] = row.Sentence
		}
	}
	return out
}

// leadRunes is how much of the words just before a figure refind looks for.
const leadRunes = 8

// refind finds again the figures whose bound text was replaced whole: a placeholder
// "××亿元【地区生产总值｜统计局】" that the next draft writes as "386.5亿元" is gone as a quote, but
// its paragraph goes on, and so do the words before it ("实现地区生产总值"): the figure is what
// follows them there.
func (s *Server) refind(ctx context.Context, ver *report.Version, bs []report.Binding, located []anchor.Located, index map[string]int) error {
	var lost []int
	var paras []anchor.Anchor
	for i, l := range located {
		if l.State != anchor.Orphaned || bs[i].VersionID == ver.ID || bs[i].Prefix == "" {
			continue
		}
		from, err := s.store.Version(ctx, bs[i].VersionID)
		if err != nil {
			return err
		}
		pa, err := anchor.Paragraph(from.ID, from.Doc, bs[i].BlockID)
		if err != nil {
			continue
		}
		lost = append(lost, i)
		paras = append(paras, pa)
	}
	if len(paras) == 0 {
		return nil
	}
	found, err := s.anchors.Carry(ctx, ver, paras)
	if err != nil {
		return err
	}
	for n, l := range found {
		if l.State == anchor.Orphaned || l.Anchor.VersionID != ver.ID {
			continue
		}
		bi, ok := index[l.Anchor.BlockID]
		if !ok {
			continue
		}
		b := &bs[lost[n]]
		text := ver.Doc.Blocks[bi].Text
		oldLen := len([]rune(paras[n].Quote))
		start, end, ok := figures.After(text, b.Prefix, leadRunes, float64(b.Start)/float64(max(oldLen, 1)))
		if !ok {
			continue
		}
		a, err := anchor.New(ver.ID, ver.Doc, l.Anchor.BlockID, start, end)
		if err != nil {
			continue
		}
		located[lost[n]] = anchor.Located{Anchor: a, State: anchor.Changed, Old: b.Quote}
	}
	return nil
}
