// Package chronicle tells a drafting year from its record: every dated event of a workspace in
// order (the timeline), and the 起草说明 whose formation section is written from those events
// (the leadership group, the material notice, the research visits, the comment round, the
// seminars, the review meetings), whose structure section is the one `qicao explain` writes, and
// whose principles section is the writing team's own text. Every sentence built from the record
// names the record it came from; whatever the record lacks is written 【待填：…】, never guessed.
package chronicle

import (
	"context"
	"sort"
	"time"

	"qicao/report"
)

// Source is the part of the store the record is read from.
type Source interface {
	Workspace(ctx context.Context, id int64) (*report.Workspace, error)
	Units(ctx context.Context) ([]report.Unit, error)
	Users(ctx context.Context) ([]report.User, error)
	WorkspaceGroup(ctx context.Context, workspaceID int64) ([]report.GroupSeat, error)
	Versions(ctx context.Context, workspaceID int64) ([]report.Version, error)
	Stages(ctx context.Context, workspaceID int64) ([]report.Stage, error)
	MaterialEvents(ctx context.Context, workspaceID int64) (*report.MaterialEvents, error)
	Campaigns(ctx context.Context, workspaceID int64) ([]report.Campaign, error)
	Rounds(ctx context.Context, workspaceID int64) ([]report.RoundSummary, error)
	Round(ctx context.Context, id int64) (*report.Round, error)
	WorkspaceComments(ctx context.Context, workspaceID int64) ([]report.Comment, error)
	Meetings(ctx context.Context, workspaceID int64) ([]report.Meeting, error)
	Instructions(ctx context.Context, workspaceID, meetingID int64) ([]report.Instruction, error)
	Principles(ctx context.Context, workspaceID int64) (string, error)
	Confirmations(ctx context.Context, workspaceID int64) ([]report.Confirmation, error)
}

// Record is everything dated about one workspace's drafting year.
type Record struct {
	Workspace  report.Workspace
	Units      map[int64]report.Unit
	Users      []report.User
	Seats      []report.GroupSeat // the workspace's leadership group, 组长 first
	Versions   []report.Version   // in order
	Stages     []report.Stage     // the workspace's own, or the default list without dates
	Material   report.MaterialEvents
	ItemNames  map[int64][]string    // campaign ID → the items it asks for
	Rounds     []Round               // by opening
	Seminars   []Seminar             // by day
	Meetings   []Meeting             // by day
	Confirmed  []report.Confirmation // departments confirming their figures (数据确认), oldest first
	Principles string
}

// Round is a comment round with what the 起草说明 says of it.
type Round struct {
	report.RoundSummary
	Townships, Departments, Others int  // recipients by kind
	Leaders                        bool // the leadership (市政府领导) was among the recipients
	Written                        int  // comments sent by the units themselves, not from a seminar
	// WrittenUnits is how many units sent comments themselves; RoundSummary.Answered counts
	// those heard at a seminar too, which the 起草说明 tells of in the seminar's sentence
	WrittenUnits int
	Decisions    map[report.DecisionKind]int
}

// Seminar is a 座谈会: the opinions writers entered from it on one day of a round.
type Seminar struct {
	RoundID  int64
	Day      time.Time
	Units    int
	Opinions int
}

// Meeting is a review meeting with its instructions.
type Meeting struct {
	report.Meeting
	VersionLabel  string
	VersionNumber int
	Instructions  []report.Instruction
}

// Count returns how many of the meeting's instructions stand at status.
func (m *Meeting) Count(status report.CarryStatus) int {
	n := 0
	for _, in := range m.Instructions {
		if in.Status == status {
			n++
		}
	}
	return n
}

// China is the time zone the office works in: an instant is told as a day there.
var China = report.China

// Day is the day (midnight UTC) of an instant in China.
func Day(t time.Time) time.Time {
	y, m, d := t.In(China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Gather reads a workspace's record.
func Gather(ctx context.Context, src Source, workspaceID int64) (*Record, error) {
	ws, err := src.Workspace(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	r := &Record{Workspace: *ws, Units: map[int64]report.Unit{}, ItemNames: map[int64][]string{}}
	units, err := src.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		r.Units[u.ID] = u
	}
	if r.Users, err = src.Users(ctx); err != nil {
		return nil, err
	}
	if r.Seats, err = src.WorkspaceGroup(ctx, workspaceID); err != nil {
		return nil, err
	}
	if r.Versions, err = src.Versions(ctx, workspaceID); err != nil {
		return nil, err
	}
	if r.Stages, err = src.Stages(ctx, workspaceID); err != nil {
		return nil, err
	}
	if len(r.Stages) == 0 {
		for _, n := range report.DefaultStages {
			r.Stages = append(r.Stages, report.Stage{Name: n})
		}
	}
	me, err := src.MaterialEvents(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	r.Material = *me
	cs, err := src.Campaigns(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		for _, it := range c.Items {
			r.ItemNames[c.ID] = append(r.ItemNames[c.ID], it.Name)
		}
	}
	if err := r.gatherRounds(ctx, src); err != nil {
		return nil, err
	}
	ms, err := src.Meetings(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	ins, err := src.Instructions(ctx, workspaceID, 0)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		rm := Meeting{Meeting: m}
		for _, v := range r.Versions {
			if v.ID == m.VersionID {
				rm.VersionLabel, rm.VersionNumber = v.Label, v.Number
			}
		}
		for _, in := range ins {
			if in.MeetingID == m.ID {
				rm.Instructions = append(rm.Instructions, in)
			}
		}
		r.Meetings = append(r.Meetings, rm)
	}
	if r.Principles, err = src.Principles(ctx, workspaceID); err != nil {
		return nil, err
	}
	if r.Confirmed, err = src.Confirmations(ctx, workspaceID); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Record) gatherRounds(ctx context.Context, src Source) error {
	rs, err := src.Rounds(ctx, r.Workspace.ID)
	if err != nil {
		return err
	}
	comments, err := src.WorkspaceComments(ctx, r.Workspace.ID)
	if err != nil {
		return err
	}
	for _, s := range rs {
		full, err := src.Round(ctx, s.ID)
		if err != nil {
			return err
		}
		rd := Round{RoundSummary: s, Decisions: map[report.DecisionKind]int{}}
		for _, rc := range full.Recipients {
			switch r.Units[rc.UnitID].Kind {
			case report.UnitTownship:
				rd.Townships++
			case report.UnitDepartment:
				rd.Departments++
			case report.UnitLeadership:
				rd.Leaders = true
			default:
				rd.Others++
			}
		}
		seminars := map[time.Time]*Seminar{}
		seminarUnits := map[time.Time]map[int64]bool{}
		wrote := map[int64]bool{}
		for _, c := range comments {
			if c.RoundID != s.ID || c.State != report.CommentSent {
				continue
			}
			if c.Decision != nil {
				rd.Decisions[c.Decision.Kind]++
			}
			if !c.Seminar {
				rd.Written++
				if !wrote[c.UnitID] {
					wrote[c.UnitID] = true
					rd.WrittenUnits++
				}
			} else {
				// the day the seminar was held, as the writer entered it; opinions entered
				// before the day was asked for are dated by their entry
				d := Day(c.CreatedAt)
				if !c.HeldOn.IsZero() {
					d = c.HeldOn
				}
				if seminars[d] == nil {
					seminars[d] = &Seminar{RoundID: s.ID, Day: d}
					seminarUnits[d] = map[int64]bool{}
				}
				seminars[d].Opinions++
				seminarUnits[d][c.UnitID] = true
			}
		}
		for d, sm := range seminars {
			sm.Units = len(seminarUnits[d])
			r.Seminars = append(r.Seminars, *sm)
		}
		r.Rounds = append(r.Rounds, rd)
	}
	sort.SliceStable(r.Rounds, func(i, j int) bool { return r.Rounds[i].OpenedAt.Before(r.Rounds[j].OpenedAt) })
	sort.SliceStable(r.Seminars, func(i, j int) bool { return r.Seminars[i].Day.Before(r.Seminars[j].Day) })
	return nil
}

// Group lists the workspace's drafting leadership group: 组长, 副组长, 成员, each in the order
// the group was set. A member disabled since is left out.
func (r *Record) Group() (heads, deputies, members []report.User) {
	users := map[int64]report.User{}
	for _, u := range r.Users {
		users[u.ID] = u
	}
	for _, s := range r.Seats {
		u, ok := users[s.UserID]
		if !ok || u.Disabled {
			continue
		}
		switch s.Role {
		case report.GroupHead:
			heads = append(heads, u)
		case report.GroupDeputy:
			deputies = append(deputies, u)
		case report.GroupMember:
			members = append(members, u)
		}
	}
	return
}

// Version returns the workspace's version with the given ID, or nil.
func (r *Record) Version(id int64) *report.Version {
	for i := range r.Versions {
		if r.Versions[i].ID == id {
			return &r.Versions[i]
		}
	}
	return nil
}
