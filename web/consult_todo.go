package web

import (
	"context"
	"fmt"

	"qicao/report"
)

// roundTodos is the to-do source of 征求意见: for a unit's contact or head, every open round
// waiting for the unit's reply, with its deadline and the drafts not yet sent; for a writer,
// every round with sent comments still without a decision.
func (s *Server) roundTodos(ctx context.Context, u *report.User, ws *report.Workspace) ([]todoItem, error) {
	speaks := (u.Role == report.RoleContact || u.Role == report.RoleLeader) && u.UnitID != 0
	if !speaks && !canWrite(u) {
		return nil, nil
	}
	rs, err := s.store.Rounds(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var items []todoItem
	for _, sum := range rs {
		if canWrite(u) {
			if open := sum.Comments - sum.Decided; open > 0 {
				items = append(items, todoItem{
					Subject: roundSubject(sum.ID),
					Title:   "意见处理：" + sum.Title,
					Detail:  fmt.Sprintf("%d 条意见待处理（共 %d 条）", open, sum.Comments),
					URL:     fmt.Sprintf("/w/%d/rounds/%d?status=undecided", ws.ID, sum.ID),
				})
			}
			continue
		}
		if !sum.Open() {
			continue
		}
		rd, err := s.store.Round(ctx, sum.ID)
		if err != nil {
			return nil, err
		}
		rc := rd.Recipient(u.UnitID)
		if rc == nil || rc.Answered() {
			continue
		}
		detail := fmt.Sprintf("截止 %s · 尚未反馈", rd.Deadline.In(report.China).Format("1月2日 15:04"))
		if rc.Drafts > 0 {
			detail = fmt.Sprintf("截止 %s · 已起草 %d 条意见未发送", rd.Deadline.In(report.China).Format("1月2日 15:04"), rc.Drafts)
		}
		items = append(items, todoItem{
			Subject: roundSubject(rd.ID),
			Title:   "征求意见：" + rd.Title,
			Detail:  detail,
			URL:     fmt.Sprintf("/w/%d/rounds/%d/read", ws.ID, rd.ID),
			Due:     rd.Deadline,
			Overdue: now.After(rd.Deadline),
		})
	}
	return items, nil
}
