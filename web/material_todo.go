package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"qicao/material"
	"qicao/report"
)

// campaignSubject is what reminders and to-do items call a campaign.
func campaignSubject(id int64) string { return fmt.Sprintf("campaign:%d", id) }

// remind raises the campaign in the to-do lists of the given units, or, with none given, of
// every unit that still owes a required item. It returns how many units were reminded.
func (s *Server) remind(r *http.Request, c *report.Campaign, units []int64, note string) (int, error) {
	if !canWrite(currentUser(r)) {
		return 0, report.Errorf(report.EFORBIDDEN, "只有写作组可以催办")
	}
	ws, err := s.store.Workspace(r.Context(), c.WorkspaceID)
	if err != nil {
		return 0, err
	}
	note = strings.TrimSpace(note)
	if err := checkText("催办说明", note, 0, 500); err != nil {
		return 0, err
	}
	if len(units) == 0 {
		b, err := s.board(r.Context(), c)
		if err != nil {
			return 0, err
		}
		for _, row := range b.Rows {
			if row.Missing > 0 {
				units = append(units, row.Unit.ID)
			}
		}
		if len(units) == 0 {
			return 0, report.Errorf(report.EINVALID, "所有单位都已报送必报材料，无需催办")
		}
	}
	for _, u := range units {
		if !c.Sent(u) {
			return 0, report.Errorf(report.EINVALID, "这份通知没有发给所选单位")
		}
	}
	for _, u := range units {
		if err := s.remindUnit(r, ws, u, campaignSubject(c.ID), note); err != nil {
			return 0, err
		}
	}
	return len(units), nil
}

// campaignTodos is the to-do source of 材料征集: for a contact, every campaign sent to their
// unit that still lacks one of its required items.
func (s *Server) campaignTodos(ctx context.Context, u *report.User, ws *report.Workspace) ([]todoItem, error) {
	if u.Role != report.RoleContact || u.UnitID == 0 {
		return nil, nil
	}
	cs, err := s.store.Campaigns(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	unit, err := s.store.Unit(ctx, u.UnitID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var items []todoItem
	for i := range cs {
		c := &cs[i]
		if !c.Sent(u.UnitID) {
			continue
		}
		subs, err := s.store.Submissions(ctx, c.ID, u.UnitID)
		if err != nil {
			return nil, err
		}
		b := material.NewBoard(c, []report.Unit{*unit}, subs)
		var missing []string
		for _, cell := range b.Rows[0].Cells {
			if cell.Status == material.Missing {
				missing = append(missing, cell.Item.Name)
			}
		}
		if len(missing) == 0 {
			continue
		}
		items = append(items, todoItem{
			Subject: campaignSubject(c.ID),
			Title:   "材料报送：" + c.Title,
			Detail:  fmt.Sprintf("截止 %s · 尚未报送：%s", c.Deadline.In(report.China).Format("1月2日 15:04"), strings.Join(missing, "、")),
			URL:     fmt.Sprintf("/w/%d/campaigns/%d/units/%d", ws.ID, c.ID, u.UnitID),
			Due:     c.Deadline,
			Overdue: now.After(c.Deadline),
		})
	}
	return items, nil
}
