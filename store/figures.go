package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/report"
)

func validStatus(s report.FigureStatus) bool {
	for _, st := range report.FigureStatuses {
		if s == st {
			return true
		}
	}
	return false
}

func checkIndicator(ind *report.Indicator) error {
	if blank(ind.Name) {
		return report.Errorf(report.EINVALID, "指标名称不能为空")
	}
	if utf8.RuneCountInString(ind.Name) > 60 {
		return report.Errorf(report.EINVALID, "指标名称不能超过 60 个字")
	}
	if ind.Kind != report.KindActual && ind.Kind != report.KindTarget {
		return report.Errorf(report.EINVALID, "指标类别无效")
	}
	if !validStatus(ind.Status) {
		return report.Errorf(report.EINVALID, "数据状态无效")
	}
	if ind.Status != report.StatusPending && ind.Value == "" {
		return report.Errorf(report.EINVALID, "“%s”还没有数值，状态只能是待填", ind.Name)
	}
	for _, f := range []struct {
		what, v string
		max     int
	}{{"单位", ind.Unit, 20}, {"时期", ind.Period, 40}, {"数值", ind.Value, 60}, {"来源", ind.Source, 200}, {"备注", ind.Note, 2000}, {"上年数值", ind.LastYear, 60}} {
		if utf8.RuneCountInString(f.v) > f.max {
			return report.Errorf(report.EINVALID, "%s不能超过 %d 个字", f.what, f.max)
		}
	}
	return checkText(ind.Name, ind.Unit, ind.Period, ind.Value, ind.Source, ind.Note, ind.LastYear)
}

// nullTime stores the zero time as NULL.
func (db *DB) nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return db.t(t)
}

// nullTimeCol scans a nullable timestamp, NULL as the zero time.
type nullTimeCol struct{ t *time.Time }

func (c nullTimeCol) Scan(src any) error {
	if src == nil {
		*c.t = time.Time{}
		return nil
	}
	return timeCol(c).Scan(src)
}

const indicatorColumns = "id, workspace_id, name, unit, period, kind, owner_id, value, status, source, note, allow_text, last_year, deadline, reconfirm, updated_by, updated_at"

func scanIndicator(row interface{ Scan(...any) error }) (*report.Indicator, error) {
	var ind report.Indicator
	var owner, by sql.NullInt64
	err := row.Scan(&ind.ID, &ind.WorkspaceID, &ind.Name, &ind.Unit, &ind.Period, &ind.Kind, &owner, &ind.Value, &ind.Status,
		&ind.Source, &ind.Note, &ind.AllowText, &ind.LastYear, nullTimeCol{&ind.Deadline}, &ind.Reconfirm, &by, timeCol{&ind.UpdatedAt})
	ind.OwnerID, ind.UpdatedBy = owner.Int64, by.Int64
	return &ind, err
}

// insertIndicator stores ind and its first history entry within t.
func (t *tx) insertIndicator(ind *report.Indicator, reason string) error {
	if err := checkIndicator(ind); err != nil {
		return err
	}
	at := now()
	id, err := t.insert(`INSERT INTO indicators (workspace_id, name, unit, period, kind, owner_id, value, status, source, note, allow_text, last_year, deadline, reconfirm, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ind.WorkspaceID, ind.Name, ind.Unit, ind.Period, string(ind.Kind), nullID(ind.OwnerID), ind.Value, string(ind.Status), ind.Source, ind.Note,
		ind.AllowText, ind.LastYear, t.db.nullTime(ind.Deadline), ind.Reconfirm, nullID(ind.UpdatedBy), t.db.t(at))
	if err != nil {
		return t.db.classify(err, fmt.Sprintf("指标“%s”已存在", ind.Name), "指标的工作区、责任单位或填报人不存在")
	}
	ind.ID, ind.UpdatedAt = id, at
	return t.history(ind, reason)
}

func (t *tx) history(ind *report.Indicator, reason string) error {
	if err := checkText(reason); err != nil {
		return err
	}
	_, err := t.exec(`INSERT INTO indicator_history (indicator_id, value, status, note, reason, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		ind.ID, ind.Value, string(ind.Status), ind.Note, reason, nullID(ind.UpdatedBy), t.db.t(ind.UpdatedAt))
	return err
}

// CreateIndicator stores ind with its first history entry.
func (db *DB) CreateIndicator(ctx context.Context, ind *report.Indicator, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		if err := t.insertIndicator(ind, "新建指标"); err != nil {
			return err
		}
		defaultAudit(&audit, "indicator.create", fmt.Sprintf("indicator:%d", ind.ID), ind.WorkspaceID)
		return t.audit(&audit)
	})
}

// UpdateIndicator stores ind's new state and a history entry giving the reason.
func (db *DB) UpdateIndicator(ctx context.Context, ind *report.Indicator, reason string, audit report.AuditEntry) error {
	return db.UpdateIndicators(ctx, []*report.Indicator{ind}, reason, audit)
}

// UpdateIndicators stores the new states of several indicators of one workspace in one
// transaction, each with a history entry: a department's imported template is stored whole or
// not at all.
func (db *DB) UpdateIndicators(ctx context.Context, inds []*report.Indicator, reason string, audit report.AuditEntry) error {
	if len(inds) == 0 {
		return report.Errorf(report.EINVALID, "没有要修改的指标")
	}
	for _, ind := range inds {
		if err := checkIndicator(ind); err != nil {
			return err
		}
		if ind.WorkspaceID != inds[0].WorkspaceID {
			return report.Errorf(report.EINVALID, "一次只能修改一个工作区的指标")
		}
	}
	if utf8.RuneCountInString(reason) > 500 {
		return report.Errorf(report.EINVALID, "修改原因不能超过 500 个字")
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		for _, ind := range inds {
			res, err := t.exec(`UPDATE indicators SET name = ?, unit = ?, period = ?, kind = ?, owner_id = ?, value = ?, status = ?, source = ?, note = ?,
				allow_text = ?, last_year = ?, deadline = ?, reconfirm = ?, updated_by = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
				ind.Name, ind.Unit, ind.Period, string(ind.Kind), nullID(ind.OwnerID), ind.Value, string(ind.Status), ind.Source, ind.Note,
				ind.AllowText, ind.LastYear, db.nullTime(ind.Deadline), ind.Reconfirm, nullID(ind.UpdatedBy), db.t(at), ind.ID, ind.WorkspaceID)
			if err != nil {
				return db.classify(err, fmt.Sprintf("指标“%s”已存在", ind.Name), "指标的责任单位或填报人不存在")
			}
			if err := affected(res, "指标不存在"); err != nil {
				return err
			}
			ind.UpdatedAt = at
			if err := t.history(ind, reason); err != nil {
				return err
			}
		}
		target := fmt.Sprintf("indicator:%d", inds[0].ID)
		if len(inds) > 1 {
			target = fmt.Sprintf("workspace:%d", inds[0].WorkspaceID)
		}
		defaultAudit(&audit, "indicator.update", target, inds[0].WorkspaceID)
		return t.audit(&audit)
	})
}

// Indicator returns one indicator.
func (db *DB) Indicator(ctx context.Context, id int64) (*report.Indicator, error) {
	ind, err := scanIndicator(db.queryRow(ctx, "SELECT "+indicatorColumns+" FROM indicators WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, report.Errorf(report.ENOTFOUND, "指标不存在")
	}
	if err != nil {
		return nil, err
	}
	return ind, nil
}

// Indicators lists a workspace's register in the order the indicators were created.
func (db *DB) Indicators(ctx context.Context, workspaceID int64) ([]report.Indicator, error) {
	rows, err := db.query(ctx, "SELECT "+indicatorColumns+" FROM indicators WHERE workspace_id = ? ORDER BY id", workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Indicator
	for rows.Next() {
		ind, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *ind)
	}
	return out, rows.Err()
}

// IndicatorHistory lists an indicator's changes, the oldest first.
func (db *DB) IndicatorHistory(ctx context.Context, id int64) ([]report.IndicatorChange, error) {
	if _, err := db.Indicator(ctx, id); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT id, indicator_id, value, status, note, reason, by_user, at FROM indicator_history WHERE indicator_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.IndicatorChange
	for rows.Next() {
		var c report.IndicatorChange
		var by sql.NullInt64
		if err := rows.Scan(&c.ID, &c.IndicatorID, &c.Value, &c.Status, &c.Note, &c.Reason, &by, timeCol{&c.At}); err != nil {
			return nil, err
		}
		c.By = by.Int64
		out = append(out, c)
	}
	return out, rows.Err()
}

func checkBinding(b *report.Binding) error {
	if b.BlockID == "" || b.Start < 0 || b.End <= b.Start || b.Quote == "" {
		return report.Errorf(report.EINVALID, "绑定的位置无效")
	}
	if utf8.RuneCountInString(b.Quote) != b.End-b.Start {
		return report.Errorf(report.EINVALID, "绑定的文字与位置不符")
	}
	return checkText(b.BlockID, b.Quote, b.Prefix, b.Suffix)
}

// BindFigures creates the indicators in create, then the bindings, in one transaction: an upload
// binds all its placeholders or none. A binding whose IndicatorID is -n refers to create[n-1].
func (db *DB) BindFigures(ctx context.Context, workspaceID int64, create []*report.Indicator, bindings []report.Binding, audit report.AuditEntry) error {
	for i := range bindings {
		if err := checkBinding(&bindings[i]); err != nil {
			return err
		}
		if id := bindings[i].IndicatorID; id == 0 || id < 0 && int(-id) > len(create) {
			return report.Errorf(report.EINVALID, "绑定没有对应的指标")
		}
	}
	return db.tx(ctx, func(t *tx) error {
		for _, ind := range create {
			ind.WorkspaceID = workspaceID
			if err := t.insertIndicator(ind, "由上传稿中的占位符创建"); err != nil {
				return err
			}
		}
		versions := map[int64]bool{}
		indicators := map[int64]bool{}
		at := now()
		for i := range bindings {
			b := &bindings[i]
			if b.IndicatorID < 0 {
				b.IndicatorID = create[-b.IndicatorID-1].ID
			} else if !indicators[b.IndicatorID] {
				var ws int64
				err := t.queryRow("SELECT workspace_id FROM indicators WHERE id = ?", b.IndicatorID).Scan(&ws)
				if errors.Is(err, sql.ErrNoRows) || err == nil && ws != workspaceID {
					return report.Errorf(report.EINVALID, "绑定的指标不存在")
				}
				if err != nil {
					return err
				}
				indicators[b.IndicatorID] = true
			}
			if !versions[b.VersionID] {
				var ws int64
				err := t.queryRow("SELECT workspace_id FROM versions WHERE id = ?", b.VersionID).Scan(&ws)
				if errors.Is(err, sql.ErrNoRows) || err == nil && ws != workspaceID {
					return report.Errorf(report.EINVALID, "绑定的版本不存在")
				}
				if err != nil {
					return err
				}
				versions[b.VersionID] = true
			}
			b.WorkspaceID, b.CreatedAt = workspaceID, at
			id, err := t.insert(`INSERT INTO figure_bindings (workspace_id, indicator_id, version_id, block_id, start_rune, end_rune, quote, prefix, suffix, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				workspaceID, b.IndicatorID, b.VersionID, b.BlockID, b.Start, b.End, b.Quote, b.Prefix, b.Suffix, nullID(b.CreatedBy), db.t(at))
			if err != nil {
				return db.classify(err, "", "绑定指向不存在的段落")
			}
			b.ID = id
		}
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("新建指标 %d 项，绑定 %d 处", len(create), len(bindings))
		}
		defaultAudit(&audit, "figures.bind", fmt.Sprintf("workspace:%d", workspaceID), workspaceID)
		return t.audit(&audit)
	})
}

// Bindings lists a workspace's bindings in the order they were made.
func (db *DB) Bindings(ctx context.Context, workspaceID int64) ([]report.Binding, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, indicator_id, version_id, block_id, start_rune, end_rune, quote, prefix, suffix, created_by, created_at
		FROM figure_bindings WHERE workspace_id = ? ORDER BY id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Binding
	for rows.Next() {
		var b report.Binding
		var by sql.NullInt64
		if err := rows.Scan(&b.ID, &b.WorkspaceID, &b.IndicatorID, &b.VersionID, &b.BlockID, &b.Start, &b.End, &b.Quote, &b.Prefix, &b.Suffix, &by, timeCol{&b.CreatedAt}); err != nil {
			return nil, err
		}
		b.CreatedBy = by.Int64
		out = append(out, b)
	}
	return out, rows.Err()
}

// DeleteBinding removes a binding; the indicator stays in the register.
func (db *DB) DeleteBinding(ctx context.Context, id int64, audit report.AuditEntry) error {
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM figure_bindings WHERE id = ?", id).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) {
			return report.Errorf(report.ENOTFOUND, "绑定不存在")
		}
		if err != nil {
			return err
		}
		if _, err := t.exec("DELETE FROM figure_bindings WHERE id = ?", id); err != nil {
			return err
		}
		defaultAudit(&audit, "figures.unbind", fmt.Sprintf("binding:%d", id), ws)
		return t.audit(&audit)
	})
}

// SetFigureOwner maps an indicator name to a department in a workspace; UnitID 0 removes the
// mapping.
func (db *DB) SetFigureOwner(ctx context.Context, o report.FigureOwner, audit report.AuditEntry) error {
	if blank(o.Name) || utf8.RuneCountInString(o.Name) > 60 {
		return report.Errorf(report.EINVALID, "指标名称不能为空，也不能超过 60 个字")
	}
	if err := checkText(o.Name); err != nil {
		return err
	}
	return db.tx(ctx, func(t *tx) error {
		var err error
		if o.UnitID == 0 {
			_, err = t.exec("DELETE FROM figure_owners WHERE workspace_id = ? AND name = ?", o.WorkspaceID, o.Name)
		} else {
			_, err = t.exec(`INSERT INTO figure_owners (workspace_id, name, unit_id) VALUES (?, ?, ?)
				ON CONFLICT (workspace_id, name) DO UPDATE SET unit_id = excluded.unit_id`, o.WorkspaceID, o.Name, o.UnitID)
		}
		if err != nil {
			return db.classify(err, "", "工作区或单位不存在")
		}
		defaultAudit(&audit, "figures.owner", fmt.Sprintf("workspace:%d", o.WorkspaceID), o.WorkspaceID)
		return t.audit(&audit)
	})
}

// FigureOwners lists a workspace's name → department mapping by name.
func (db *DB) FigureOwners(ctx context.Context, workspaceID int64) ([]report.FigureOwner, error) {
	rows, err := db.query(ctx, "SELECT workspace_id, name, unit_id FROM figure_owners WHERE workspace_id = ? ORDER BY name", workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.FigureOwner
	for rows.Next() {
		var o report.FigureOwner
		if err := rows.Scan(&o.WorkspaceID, &o.Name, &o.UnitID); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ConfirmFigures marks every figure a unit owns in the workspace confirmed, each with a history
// entry, and records the confirmation. A unit with an unfilled figure, or with none, cannot
// confirm: nothing is changed then.
func (db *DB) ConfirmFigures(ctx context.Context, c *report.Confirmation, audit report.AuditEntry) error {
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var total, unfilled int
		err := t.queryRow(`SELECT count(*), coalesce(sum(CASE WHEN value = '' THEN 1 ELSE 0 END), 0) FROM indicators WHERE workspace_id = ? AND owner_id = ?`,
			c.WorkspaceID, c.UnitID).Scan(&total, &unfilled)
		if err != nil {
			return err
		}
		if total == 0 {
			return report.Errorf(report.EINVALID, "本单位没有需要确认的数据")
		}
		if unfilled > 0 {
			return report.Errorf(report.EINVALID, "本单位还有 %d 项数据未填写，请填写后再确认", unfilled)
		}
		if c.VersionID != 0 {
			var ws int64
			err := t.queryRow("SELECT workspace_id FROM versions WHERE id = ?", c.VersionID).Scan(&ws)
			if errors.Is(err, sql.ErrNoRows) || err == nil && ws != c.WorkspaceID {
				return report.Errorf(report.EINVALID, "要确认的版本不存在")
			}
			if err != nil {
				return err
			}
		}
		if _, err := t.exec(`INSERT INTO indicator_history (indicator_id, value, status, note, reason, by_user, at)
			SELECT id, value, ?, note, ?, ?, ? FROM indicators WHERE workspace_id = ? AND owner_id = ? AND (status <> ? OR reconfirm = ?) ORDER BY id`,
			string(report.StatusConfirmed), "数据确认", nullID(c.By), db.t(at), c.WorkspaceID, c.UnitID, string(report.StatusConfirmed), true); err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE indicators SET status = ?, reconfirm = ?, updated_by = ?, updated_at = ? WHERE workspace_id = ? AND owner_id = ? AND (status <> ? OR reconfirm = ?)`,
			string(report.StatusConfirmed), false, nullID(c.By), db.t(at), c.WorkspaceID, c.UnitID, string(report.StatusConfirmed), true); err != nil {
			return err
		}
		id, err := t.insert(`INSERT INTO figure_confirmations (workspace_id, version_id, unit_id, by_user, at, count) VALUES (?, ?, ?, ?, ?, ?)`,
			c.WorkspaceID, nullID(c.VersionID), c.UnitID, nullID(c.By), db.t(at), total)
		if err != nil {
			return db.classify(err, "", "工作区或单位不存在")
		}
		c.ID, c.At, c.Count = id, at, total
		defaultAudit(&audit, "figures.confirm", fmt.Sprintf("unit:%d", c.UnitID), c.WorkspaceID)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("确认数据 %d 项", total)
		}
		return t.audit(&audit)
	})
}

// Confirmations lists a workspace's confirmations with their dates, the oldest first: the
// 起草说明 tells when the departments confirmed their figures.
func (db *DB) Confirmations(ctx context.Context, workspaceID int64) ([]report.Confirmation, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, version_id, unit_id, by_user, at, count FROM figure_confirmations WHERE workspace_id = ? ORDER BY at, id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.Confirmation
	for rows.Next() {
		var c report.Confirmation
		var v, by sql.NullInt64
		if err := rows.Scan(&c.ID, &c.WorkspaceID, &v, &c.UnitID, &by, timeCol{&c.At}, &c.Count); err != nil {
			return nil, err
		}
		c.VersionID, c.By = v.Int64, by.Int64
		out = append(out, c)
	}
	return out, rows.Err()
}

// OverrideFinal records that a writer labelled a version 定稿 with figures unconfirmed.
func (db *DB) OverrideFinal(ctx context.Context, o *report.FinalOverride, audit report.AuditEntry) error {
	o.Reason = strings.TrimSpace(o.Reason)
	if o.Reason == "" {
		return report.Errorf(report.EINVALID, "请填写在数据未全部确认时定稿的理由")
	}
	if utf8.RuneCountInString(o.Reason) > 1000 {
		return report.Errorf(report.EINVALID, "理由不能超过 1000 个字")
	}
	if err := checkText(o.Reason); err != nil {
		return err
	}
	at := now()
	return db.tx(ctx, func(t *tx) error {
		var ws int64
		err := t.queryRow("SELECT workspace_id FROM versions WHERE id = ?", o.VersionID).Scan(&ws)
		if errors.Is(err, sql.ErrNoRows) || err == nil && ws != o.WorkspaceID {
			return report.Errorf(report.ENOTFOUND, "版本不存在")
		}
		if err != nil {
			return err
		}
		id, err := t.insert(`INSERT INTO final_overrides (workspace_id, version_id, reason, pending, by_user, at) VALUES (?, ?, ?, ?, ?, ?)`,
			o.WorkspaceID, o.VersionID, o.Reason, o.Pending, nullID(o.By), db.t(at))
		if err != nil {
			return db.classify(err, "", "填写人不存在")
		}
		o.ID, o.At = id, at
		defaultAudit(&audit, "figures.final_override", fmt.Sprintf("version:%d", o.VersionID), o.WorkspaceID)
		if audit.Detail == "" {
			audit.Detail = fmt.Sprintf("%d 项数据未确认，理由：%s", o.Pending, o.Reason)
		}
		return t.audit(&audit)
	})
}

// FinalOverrides lists a workspace's 定稿 overrides, the oldest first.
func (db *DB) FinalOverrides(ctx context.Context, workspaceID int64) ([]report.FinalOverride, error) {
	rows, err := db.query(ctx, `SELECT id, workspace_id, version_id, reason, pending, by_user, at FROM final_overrides WHERE workspace_id = ? ORDER BY id`, workspaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []report.FinalOverride
	for rows.Next() {
		var o report.FinalOverride
		var by sql.NullInt64
		if err := rows.Scan(&o.ID, &o.WorkspaceID, &o.VersionID, &o.Reason, &o.Pending, &by, timeCol{&o.At}); err != nil {
			return nil, err
		}
		o.By = by.Int64
		out = append(out, o)
	}
	return out, rows.Err()
}
