package report

import (
	"context"
	"time"
)

// Stage is one step of the drafting year, in the workspace's order: 起草, 征求意见, 政府常务会议审议…
type Stage struct {
	Name string
	Due  time.Time // the planned day (midnight UTC); zero when not planned
}

// DefaultStages is the order most places follow; a workspace may store its own.
var DefaultStages = []string{"起草", "征求意见", "政府常务会议审议", "市委常委会审议", "人大、政协征求意见", "数据确认", "定稿", "人代会", "修改", "公布"}

// CheckStages refuses a list that is not a plain sequence: an empty name, a name twice (the
// sequence would come back to a stage it has passed, a loop), or planned days going backwards.
func CheckStages(stages []Stage) error {
	if len(stages) == 0 {
		return Errorf(EINVALID, "至少需要一个阶段")
	}
	if len(stages) > 30 {
		return Errorf(EINVALID, "阶段不能超过30个")
	}
	seen := map[string]int{}
	var last time.Time
	lastName := ""
	for i, s := range stages {
		if s.Name == "" {
			return Errorf(EINVALID, "第%d个阶段没有名称", i+1)
		}
		if len([]rune(s.Name)) > 30 {
			return Errorf(EINVALID, "阶段名称“%s”太长（不超过30个字）", s.Name)
		}
		if j, ok := seen[s.Name]; ok {
			return Errorf(EINVALID, "阶段“%s”排在第%d和第%d位，顺序成环：每个阶段只能出现一次", s.Name, j+1, i+1)
		}
		seen[s.Name] = i
		if !s.Due.IsZero() {
			if !last.IsZero() && s.Due.Before(last) {
				return Errorf(EINVALID, "阶段“%s”（%s）排在“%s”（%s）之后，日期却更早，顺序成环", s.Name, s.Due.Format("2006-01-02"), lastName, last.Format("2006-01-02"))
			}
			last, lastName = s.Due, s.Name
		}
	}
	return nil
}

// MeetingKinds are the meetings that review the report.
var MeetingKinds = []string{"政府常务会议", "市委常委会会议", "市长办公会议", "专题会议", "人大常委会主任会议", "政协主席会议", "其他会议"}

// ValidMeetingKind reports whether k is one of MeetingKinds.
func ValidMeetingKind(k string) bool {
	for _, m := range MeetingKinds {
		if m == k {
			return true
		}
	}
	return false
}

// Meeting is a review meeting (审议) of one version of the report.
type Meeting struct {
	ID              int64
	WorkspaceID     int64
	Kind            string    // one of MeetingKinds
	Date            time.Time // the day it was held (midnight UTC)
	PresidingID     int64     // the leader who presided; 0 when not recorded
	Attendees       []string  // who attended, as the minutes list them
	VersionID       int64     // the version reviewed
	MinutesText     string    // typed minutes, or the text read from the uploaded file
	MinutesFilename string    // "" when typed
	CreatedBy       int64
	CreatedAt       time.Time
}

// CarryStatus is how the writers answered an instruction.
type CarryStatus string

const (
	CarryPending CarryStatus = ""         // not yet answered
	CarryDone    CarryStatus = "done"     // 已落实: Outcome says what was done
	CarryNotDone CarryStatus = "not_done" // 未落实: Outcome says why
)

// Name is the status as leaders read it.
func (c CarryStatus) Name() string {
	switch c {
	case CarryDone:
		return "已落实"
	case CarryNotDone:
		return "未落实"
	}
	return "待落实"
}

// Instruction is a decision or instruction (审议意见) of a meeting, on a passage of the reviewed
// version (BlockID, Start, End, Quote, Prefix, Suffix as an anchor) or on the report as a whole
// (BlockID ""), assigned to a writer.
type Instruction struct {
	ID         int64
	MeetingID  int64
	VersionID  int64 // the meeting's version
	BlockID    string
	Start, End int
	Quote      string
	Prefix     string
	Suffix     string
	Text       string // 第二部分（三）要再具体一些
	GivenBy    string // who gave it: 市长 李明
	AssigneeID int64  // the writer who carries it out; 0 when not assigned
	Status     CarryStatus
	Outcome    string // what was done, or why not
	InVersion  int64  // the version the answer refers to; 0 when pending
	MarkedBy   int64
	MarkedAt   time.Time
	CreatedBy  int64
	CreatedAt  time.Time
}

// MeetingStore keeps stages, review meetings, their instructions and the principles text of
// the 起草说明.
type MeetingStore interface {
	// SetStages replaces a workspace's stages after CheckStages; a stage a version was made
	// for cannot be removed.
	SetStages(ctx context.Context, workspaceID int64, stages []Stage, audit AuditEntry) error
	// Stages lists a workspace's stages in order; none when the workspace has not set them.
	Stages(ctx context.Context, workspaceID int64) ([]Stage, error)

	// CreateMeeting stores m; its version must belong to its workspace and be no later than
	// its date.
	CreateMeeting(ctx context.Context, m *Meeting, audit AuditEntry) error
	// SetMinutes records the meeting's minutes, typed or read from a file.
	SetMinutes(ctx context.Context, meetingID int64, filename, text string, audit AuditEntry) error
	Meeting(ctx context.Context, id int64) (*Meeting, error)
	Meetings(ctx context.Context, workspaceID int64) ([]Meeting, error) // by date

	// AddInstruction stores an instruction of a meeting on the meeting's version.
	AddInstruction(ctx context.Context, in *Instruction, audit AuditEntry) error
	Instruction(ctx context.Context, id int64) (*Instruction, error)
	// Instructions lists a meeting's instructions (meetingID != 0) or a workspace's.
	Instructions(ctx context.Context, workspaceID, meetingID int64) ([]Instruction, error)
	// MarkInstruction records 已落实 or 未落实 with what was done or why, in versionID, a
	// version of the workspace made after the meeting's.
	MarkInstruction(ctx context.Context, id int64, status CarryStatus, outcome string, versionID, by int64, audit AuditEntry) error

	// Principles is the workspace's text for the 起草说明's principles section ("" when none).
	Principles(ctx context.Context, workspaceID int64) (string, error)
	SetPrinciples(ctx context.Context, workspaceID int64, text string, audit AuditEntry) error
}
