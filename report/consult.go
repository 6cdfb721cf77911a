package report

import (
	"context"
	"time"
)

// Round is a comment round (征求意见) on one version: the version goes to the recipient units
// with a deadline, each unit drafts its comments and sends them, or replies 无意见.
type Round struct {
	ID          int64
	WorkspaceID int64
	VersionID   int64
	Title       string // 关于征求《2027年政府工作报告（征求意见稿）》意见的通知
	Deadline    time.Time
	Note        string // what the writers ask the units to look at
	Contact     string // 联系人 printed on the notice
	Phone       string // 联系电话
	OpenedBy    int64
	OpenedAt    time.Time
	ExtendedAt  time.Time // zero when never extended
	ClosedAt    time.Time // zero while the round is open
	Recipients  []Recipient
}

// Open reports whether the round still takes comments.
func (r *Round) Open() bool { return r.ClosedAt.IsZero() }

// Recipient returns the round's recipient row for a unit, or nil when the unit is not invited.
func (r *Round) Recipient(unitID int64) *Recipient {
	for i := range r.Recipients {
		if r.Recipients[i].UnitID == unitID {
			return &r.Recipients[i]
		}
	}
	return nil
}

// Recipient is one unit invited to a round and how far it got.
type Recipient struct {
	UnitID      int64
	ViewedAt    time.Time // first opened the version; zero when never
	SentAt      time.Time // sent its comments; zero when not yet
	NoCommentAt time.Time // replied 无意见; zero when not
	AnsweredBy  int64     // who sent or replied 无意见
	Drafts      int       // comments drafted and not sent
	Sent        int       // comments sent
}

// Answered reports whether the unit has replied, with comments or 无意见.
func (r *Recipient) Answered() bool { return !r.SentAt.IsZero() || !r.NoCommentAt.IsZero() }

// CommentState is where a comment stands inside its unit.
type CommentState string

const (
	CommentDraft CommentState = "draft" // visible to the unit's members only, editable
	CommentSent  CommentState = "sent"  // the unit's official reply, never changed again
)

// Comment is one opinion of a unit on a passage of the round's version, on a whole paragraph
// (Start 0, End the paragraph's length) or on the report as a whole (BlockID "").
type Comment struct {
	ID       int64
	RoundID  int64
	UnitID   int64
	AuthorID int64
	Seminar  bool // entered by a writer from a 座谈会 on the unit's behalf
	// HeldOn is the day the seminar was held (midnight UTC), for a seminar opinion; zero when
	// not recorded (opinions entered before it was asked for), or for a unit's own comment
	HeldOn    time.Time
	VersionID int64
	BlockID   string
	Start     int // rune offsets in the block's text
	End       int
	Quote     string
	Prefix    string
	Suffix    string
	Text      string
	Proposal  string // 修改建议: the wording the unit proposes for the quote
	State     CommentState
	CreatedAt time.Time
	SentAt    time.Time
	Decision  *Decision // nil while undecided
}

// DecisionKind is how the writers handled a comment.
type DecisionKind string

const (
	Adopted   DecisionKind = "adopted"   // 采纳
	Partly    DecisionKind = "partly"    // 部分采纳
	Rejected  DecisionKind = "rejected"  // 未采纳
	Reflected DecisionKind = "reflected" // 已体现
)

// Valid reports whether k is one of the four decisions.
func (k DecisionKind) Valid() bool {
	switch k {
	case Adopted, Partly, Rejected, Reflected:
		return true
	}
	return false
}

// NeedsReason reports whether a decision must give its reason.
func (k DecisionKind) NeedsReason() bool { return k == Partly || k == Rejected }

// Name is the decision as the office writes it.
func (k DecisionKind) Name() string {
	switch k {
	case Adopted:
		return "采纳"
	case Partly:
		return "部分采纳"
	case Rejected:
		return "未采纳"
	case Reflected:
		return "已体现"
	}
	return ""
}

// Decision is the writers' answer to a comment, and the change it caused in a later version.
type Decision struct {
	CommentID int64
	Kind      DecisionKind
	Reason    string
	By        int64
	At        time.Time
	// The passage of a later version that carries out the decision: proposed from the diff,
	// confirmed by a writer. LinkVersion 0 when none is recorded.
	LinkVersion   int64
	LinkBlock     string
	LinkConfirmed bool
}

// CommentFilter selects comments of a round. Drafts are listed only for DraftsOf's unit.
type CommentFilter struct {
	RoundID  int64
	UnitID   int64 // 0: every unit
	DraftsOf int64 // also list this unit's drafts; 0: sent comments only
	Limit    int   // 0: no limit
}

// RoundSummary is a round with its counts, for lists and the 起草说明.
type RoundSummary struct {
	Round
	VersionNumber int
	VersionLabel  string
	Invited       int // recipient units
	Answered      int // units that sent comments or were heard at a seminar (consult.StatusOf)
	NoComment     int // units that replied 无意见 and were not heard at a seminar
	Comments      int // comments sent
	Decided       int // sent comments with a decision
}

// ConsultStore keeps comment rounds, their comments and the decisions on them.
type ConsultStore interface {
	// OpenRound stores r with its recipients (UnitID only) and sets its ID and OpenedAt.
	OpenRound(ctx context.Context, r *Round, audit AuditEntry) error
	// ExtendRound moves an open round's deadline later.
	ExtendRound(ctx context.Context, id int64, deadline time.Time, audit AuditEntry) error
	// CloseRound ends a round: no comment, send or reply is taken afterwards.
	CloseRound(ctx context.Context, id int64, audit AuditEntry) error
	// Round returns a round with its recipients and their counts.
	Round(ctx context.Context, id int64) (*Round, error)
	// Rounds lists a workspace's rounds, the latest first, with dates and counts.
	Rounds(ctx context.Context, workspaceID int64) ([]RoundSummary, error)
	// MarkViewed records the first time a unit opened the round's version.
	MarkViewed(ctx context.Context, roundID, unitID int64, audit AuditEntry) error

	// AddComments stores comments of one round together, all or none: drafts of an invited
	// unit that has not answered yet, or seminar opinions (State sent) entered by a writer.
	AddComments(ctx context.Context, cs []*Comment, audit AuditEntry) error
	// UpdateComment changes the text and proposal of a draft of unitID.
	UpdateComment(ctx context.Context, id, unitID int64, text, proposal string, audit AuditEntry) error
	// DeleteComment deletes a draft of unitID.
	DeleteComment(ctx context.Context, id, unitID int64, audit AuditEntry) error
	// CorrectSeminar changes the text and proposal of a seminar opinion entered by the writer
	// by, while the round is open and the opinion has no decision.
	CorrectSeminar(ctx context.Context, id, by int64, text, proposal string, audit AuditEntry) error
	// DeleteSeminar deletes a seminar opinion entered by the writer by, on the same terms.
	DeleteSeminar(ctx context.Context, id, by int64, audit AuditEntry) error
	// SendComments sends every draft of a unit in a round and records its answer; it returns
	// the number sent. A unit answers once.
	SendComments(ctx context.Context, roundID, unitID, by int64, audit AuditEntry) (int, error)
	// NoComments records a unit's 无意见 reply; it fails when the unit has drafts or answered.
	NoComments(ctx context.Context, roundID, unitID, by int64, audit AuditEntry) error
	// Comment returns one comment with its decision.
	Comment(ctx context.Context, id int64) (*Comment, error)
	// Comments lists a round's comments with their decisions, in the order they were made.
	Comments(ctx context.Context, f CommentFilter) ([]Comment, error)
	// EachComment calls fn with the comments Comments would list, in the same order, one at a
	// time as they are read, so that a round of 100,000 comments is never held in memory. The
	// comment passed is reused: fn must copy what it keeps. An error from fn stops the walk and
	// is returned.
	EachComment(ctx context.Context, f CommentFilter, fn func(*Comment) error) error
	// WorkspaceComments lists the sent comments of every round of a workspace.
	WorkspaceComments(ctx context.Context, workspaceID int64) ([]Comment, error)

	// RoundDecisions returns the decisions on a round's sent comments, by comment: what
	// Comments would give as their Decision, without the comments.
	RoundDecisions(ctx context.Context, roundID int64) (map[int64]Decision, error)
	// WorkspaceDecisions is RoundDecisions for the sent comments of every round of a workspace.
	WorkspaceDecisions(ctx context.Context, workspaceID int64) (map[int64]Decision, error)

	// Decide records decisions (CommentID, Kind, Reason, By) on sent comments, all or none.
	// A decision replaces an earlier one on the same comment and clears its link.
	Decide(ctx context.Context, ds []Decision, audit AuditEntry) error
	// LinkDecision records the passage of a later version that carries out a decision.
	LinkDecision(ctx context.Context, commentID, versionID int64, blockID string, confirmed bool, audit AuditEntry) error
}
