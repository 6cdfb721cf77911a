package report

import (
	"context"
	"time"
)

// IndicatorKind says whether a figure reports what happened or what is aimed at.
type IndicatorKind string

const (
	KindActual IndicatorKind = "实绩"   // 2026年地区生产总值386.5亿元
	KindTarget IndicatorKind = "预期目标" // 2027年增长6%左右
)

// FigureStatus is how far a figure has come from estimate to the department's confirmation.
type FigureStatus string

const (
	StatusPending     FigureStatus = "待填"   // no value yet
	StatusEstimate    FigureStatus = "预计"   // early estimate, October–November
	StatusPreliminary FigureStatus = "初步核算" // preliminary, January
	StatusConfirmed   FigureStatus = "已确认"  // confirmed by the owning department (数据确认)
)

// FigureStatuses lists the statuses in the order a figure moves through them.
var FigureStatuses = []FigureStatus{StatusPending, StatusEstimate, StatusPreliminary, StatusConfirmed}

// Indicator is one figure of a workspace's indicator register (数据指标).
type Indicator struct {
	ID          int64
	WorkspaceID int64
	Name        string        // 地区生产总值增速
	Unit        string        // %, 亿元, 万元, 个, 人…; "" for a pure number
	Period      string        // 2026年, 2026年1–11月
	Kind        IndicatorKind // 实绩 or 预期目标
	OwnerID     int64         // the department that owns it; 0 while unassigned
	Value       string        // "" while unfilled; a number in Unit, or a phrase when AllowText
	Status      FigureStatus
	Source      string // 统计快报, 部门测算…
	Note        string
	AllowText   bool   // a phrase such as "6%左右" is an acceptable value
	LastYear    string // last year's value, where known
	Deadline    time.Time
	// Reconfirm is set when a writer changed the value of a confirmed figure: the department
	// must confirm it again.
	Reconfirm bool
	UpdatedBy int64
	UpdatedAt time.Time
}

// IndicatorChange is one entry of an indicator's history: who changed it, when, and why.
type IndicatorChange struct {
	ID          int64
	IndicatorID int64
	Value       string
	Status      FigureStatus
	Note        string
	Reason      string
	By          int64
	At          time.Time
}

// Binding ties a span of a version's text to an indicator. The span is an anchor (package
// anchor): rune offsets into the block's text with the quoted words and their context, so the
// binding follows the text into later versions.
type Binding struct {
	ID          int64
	WorkspaceID int64
	IndicatorID int64
	VersionID   int64
	BlockID     string
	Start, End  int // rune offsets
	Quote       string
	Prefix      string
	Suffix      string
	CreatedBy   int64
	CreatedAt   time.Time
}

// FigureOwner maps an indicator name to its department within a workspace, for placeholders that
// name no department.
type FigureOwner struct {
	WorkspaceID int64
	Name        string
	UnitID      int64
}

// Confirmation records a department confirming all its figures in one action (数据确认).
type Confirmation struct {
	ID          int64
	WorkspaceID int64
	VersionID   int64 // the version confirmed, 0 when none was named
	UnitID      int64
	By          int64
	At          time.Time
	Count       int // the figures confirmed
}

// FinalOverride records a writer labelling a version 定稿 although bound figures were still
// unconfirmed, with the reason.
type FinalOverride struct {
	ID          int64
	WorkspaceID int64
	VersionID   int64
	Reason      string
	Pending     int // unconfirmed figures at the time
	By          int64
	At          time.Time
}

// FigureStore keeps the indicator register, its history, the bindings into the text, the
// confirmations and the 定稿 overrides.
type FigureStore interface {
	// CreateIndicator stores ind (ID, UpdatedAt set) and its first history entry.
	CreateIndicator(ctx context.Context, ind *Indicator, audit AuditEntry) error
	// UpdateIndicator stores ind's new state and a history entry with the reason.
	UpdateIndicator(ctx context.Context, ind *Indicator, reason string, audit AuditEntry) error
	// UpdateIndicators stores several indicators' new states in one transaction, all or none,
	// each with a history entry; one audit entry records the whole change.
	UpdateIndicators(ctx context.Context, inds []*Indicator, reason string, audit AuditEntry) error
	Indicator(ctx context.Context, id int64) (*Indicator, error)
	Indicators(ctx context.Context, workspaceID int64) ([]Indicator, error)
	IndicatorHistory(ctx context.Context, id int64) ([]IndicatorChange, error)

	// BindFigures creates the indicators in create and then the bindings, in one transaction.
	// A binding whose IndicatorID is -n refers to create[n-1].
	BindFigures(ctx context.Context, workspaceID int64, create []*Indicator, bindings []Binding, audit AuditEntry) error
	Bindings(ctx context.Context, workspaceID int64) ([]Binding, error)
	DeleteBinding(ctx context.Context, id int64, audit AuditEntry) error

	SetFigureOwner(ctx context.Context, o FigureOwner, audit AuditEntry) error
	FigureOwners(ctx context.Context, workspaceID int64) ([]FigureOwner, error)

	// ConfirmFigures marks every filled figure of a unit confirmed and records c (ID, At and
	// Count set). A unit with an unfilled figure cannot confirm.
	ConfirmFigures(ctx context.Context, c *Confirmation, audit AuditEntry) error
	// Confirmations lists a workspace's confirmations, oldest first, with their dates.
	Confirmations(ctx context.Context, workspaceID int64) ([]Confirmation, error)

	OverrideFinal(ctx context.Context, o *FinalOverride, audit AuditEntry) error
	FinalOverrides(ctx context.Context, workspaceID int64) ([]FinalOverride, error)
}
