package web

import (
	"context"
	"net/http"
	"sort"
	"time"

	"qicao/report"
)

// The to-do list (待办): one list per user on the home page, fed by every process. A process
// adds one source to todoSources; reminders (催办) sent to the user's unit lift the items they
// name to the top.

// todoItem is one thing a user has to do.
type todoItem struct {
	Subject  string    // what it is about, "round:12", matched with reminders
	Title    string    // 征求意见：关于…（征求意见稿）
	Detail   string    // 截止 1月10日 · 已起草 2 条未发送
	URL      string    // where to do it
	Due      time.Time // zero when there is no deadline
	Overdue  bool
	Reminded time.Time // the latest reminder naming Subject; zero when none
	RemindBy string    // who sent it
	Note     string    // the reminder's note
}

// todoSource lists a user's items in a workspace.
type todoSource func(ctx context.Context, u *report.User, ws *report.Workspace) ([]todoItem, error)

// todoSources are every process's sources, in no particular order: the list is sorted.
func (s *Server) todoSources() []todoSource {
	return []todoSource{s.campaignTodos, s.figureTodos, s.roundTodos, s.instructionTodos}
}

// todos gathers a user's to-do items in a workspace: reminded items first, newest reminder
// first, then by deadline (the nearest first, items without one last), then by title.
func (s *Server) todos(ctx context.Context, u *report.User, ws *report.Workspace) ([]todoItem, error) {
	var items []todoItem
	for _, src := range s.todoSources() {
		got, err := src(ctx, u, ws)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	if len(items) == 0 {
		return nil, nil
	}
	var reminders []report.Reminder
	if u.UnitID != 0 {
		var err error
		if reminders, err = s.store.Reminders(ctx, ws.ID, u.UnitID); err != nil {
			return nil, err
		}
	}
	names := map[int64]string{}
	for i := range items {
		for _, rem := range reminders { // newest first: the first match is the latest
			if rem.Subject == items[i].Subject {
				items[i].Reminded, items[i].Note = rem.At, rem.Note
				if _, ok := names[rem.By]; !ok && rem.By != 0 {
					if by, err := s.store.User(ctx, rem.By); err == nil {
						names[rem.By] = displayName(*by)
					}
				}
				items[i].RemindBy = names[rem.By]
				break
			}
		}
	}
	sortTodos(items)
	return items, nil
}

func sortTodos(items []todoItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Reminded.IsZero() != b.Reminded.IsZero() {
			return !a.Reminded.IsZero()
		}
		if !a.Reminded.Equal(b.Reminded) {
			return a.Reminded.After(b.Reminded)
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.Title < b.Title
	})
}

// remindUnit records a reminder (催办) to a unit about subject. Every process's 催办 button
// calls it.
func (s *Server) remindUnit(r *http.Request, ws *report.Workspace, unitID int64, subject, note string) error {
	if err := checkText("催办说明", note, 0, 500); err != nil {
		return err
	}
	u := currentUser(r)
	rem := &report.Reminder{WorkspaceID: ws.ID, UnitID: unitID, Subject: subject, Note: note, By: u.ID}
	audit := s.entry(r, "remind", "", subject)
	audit.WorkspaceID = ws.ID
	return s.store.Remind(r.Context(), rem, audit)
}
