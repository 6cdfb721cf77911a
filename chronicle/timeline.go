package chronicle

import (
	"fmt"
	"sort"
	"time"
)

// Ref names the record a sentence or an event comes from: Kind is version, stage, group,
// campaign, research, visit, round, seminar (ID: its round), figures or meeting, ID its
// identifier (0 for the workspace-wide ones: group, research, stage, figures).
type Ref struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id,omitempty"`
}

// Event is one dated thing of the drafting year.
type Event struct {
	Date    time.Time `json:"date"`     // the instant, or the day (midnight UTC) when only a day is known
	DayOnly bool      `json:"day_only"` // Date is a day
	Planned bool      `json:"planned"`  // a stage's planned day rather than something that happened
	Kind    string    `json:"kind"`     // 版本, 阶段, 材料征集, 调研, 征求意见, 座谈会, 审议, 落实
	Text    string    `json:"text"`
	Ref     Ref       `json:"ref"`
}

// Day is the event's day in China.
func (e Event) Day() time.Time {
	if e.DayOnly {
		return e.Date
	}
	return Day(e.Date)
}

// Timeline lists every dated event of the record by day; within a day, in the order things
// happen in a year (a notice before the visits it asks for, a version before its meeting).
func (r *Record) Timeline() []Event {
	var es []Event
	add := func(e Event) { es = append(es, e) }
	for _, s := range r.Stages {
		if !s.Due.IsZero() {
			add(Event{Date: s.Due, DayOnly: true, Planned: true, Kind: "阶段", Text: "计划完成：" + s.Name, Ref: Ref{Kind: "stage"}})
		}
	}
	for _, v := range r.Versions {
		t := fmt.Sprintf("第%d版《%s》", v.Number, v.Label)
		if v.Stage != "" {
			t += "（" + v.Stage + "阶段）"
		}
		add(Event{Date: v.CreatedAt, Kind: "版本", Text: t, Ref: Ref{"version", v.ID}})
	}
	for _, c := range r.Material.Campaigns {
		add(Event{Date: c.Date, DayOnly: true, Kind: "材料征集", Text: fmt.Sprintf("%s印发《%s》，发至%d个单位", c.Office, c.Title, c.Recipients), Ref: Ref{"campaign", c.ID}})
		add(Event{Date: c.Deadline, Kind: "材料征集", Text: fmt.Sprintf("《%s》报送截止：%d个单位报送%d份", c.Title, c.UnitsSubmitted, c.Submissions), Ref: Ref{"campaign", c.ID}})
	}
	for _, v := range r.Material.Visits {
		t := v.TeamName + "到" + v.UnitName + "调研座谈"
		if v.Topic != "" {
			t += "（" + v.Topic + "）"
		}
		add(Event{Date: v.Date, DayOnly: true, Kind: "调研", Text: t, Ref: Ref{"visit", v.ID}})
	}
	for _, rd := range r.Rounds {
		add(Event{Date: rd.OpenedAt, Kind: "征求意见", Text: fmt.Sprintf("《%s》发至%d个单位征求意见", rd.VersionLabel, rd.Invited), Ref: Ref{"round", rd.ID}})
		if !rd.ExtendedAt.IsZero() {
			add(Event{Date: rd.ExtendedAt, Kind: "征求意见", Text: "征求意见截止时间延后", Ref: Ref{"round", rd.ID}})
		}
		if !rd.ClosedAt.IsZero() {
			add(Event{Date: rd.ClosedAt, Kind: "征求意见", Text: fmt.Sprintf("征求意见结束：%d个单位反馈意见%d条，%d个单位无意见", rd.Answered, rd.Comments, rd.NoComment), Ref: Ref{"round", rd.ID}})
		} else {
			add(Event{Date: rd.Deadline, Kind: "征求意见", Text: "征求意见截止", Ref: Ref{"round", rd.ID}})
		}
	}
	for _, s := range r.Seminars {
		add(Event{Date: s.Day, DayOnly: true, Kind: "座谈会", Text: fmt.Sprintf("座谈会：%d个单位提出意见建议%d条", s.Units, s.Opinions), Ref: Ref{"seminar", s.RoundID}})
	}
	for _, m := range r.Meetings {
		add(Event{Date: m.Date, DayOnly: true, Kind: "审议", Text: fmt.Sprintf("%s审议《%s》，提出审议意见%d条", m.Kind, m.VersionLabel, len(m.Instructions)), Ref: Ref{"meeting", m.ID}})
		for _, in := range m.Instructions {
			if !in.MarkedAt.IsZero() {
				add(Event{Date: in.MarkedAt, Kind: "落实", Text: "审议意见“" + short(in.Text, 20) + "”" + in.Status.Name(), Ref: Ref{"meeting", m.ID}})
			}
		}
	}
	for _, c := range r.Confirmed {
		add(Event{Date: c.At, Kind: "数据确认", Text: fmt.Sprintf("%s确认数据%d项", r.Units[c.UnitID].Name, c.Count), Ref: Ref{Kind: "figures"}})
	}
	rank := map[string]int{"阶段": 0, "材料征集": 1, "调研": 2, "版本": 3, "征求意见": 4, "座谈会": 5, "数据确认": 6, "审议": 7, "落实": 8}
	sort.SliceStable(es, func(i, j int) bool {
		di, dj := es[i].Day(), es[j].Day()
		if !di.Equal(dj) {
			return di.Before(dj)
		}
		if !es[i].DayOnly && !es[j].DayOnly && !es[i].Date.Equal(es[j].Date) {
			return es[i].Date.Before(es[j].Date)
		}
		return rank[es[i].Kind] < rank[es[j].Kind]
	})
	return es
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
