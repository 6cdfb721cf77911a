package report

import (
	"context"
	"time"
)

// Role is what a user may do in a workspace.
type Role string

const (
	RoleAdmin   Role = "admin"   // manages units, users and reads the audit log
	RoleWriter  Role = "writer"  // 写作班子: drafts, uploads versions, handles comments
	RoleLeader  Role = "leader"  // 领导: reads, comments, decides at review meetings
	RoleContact Role = "contact" // 联络员: a township's or department's contact
)

// UnitKind is the kind of organisation a user belongs to.
type UnitKind string

const (
	UnitTownship   UnitKind = "township"   // 乡镇
	UnitDepartment UnitKind = "department" // 部门
	UnitLeadership UnitKind = "leadership" // 领导
	UnitWriting    UnitKind = "writing"    // 写作组
)

// GroupRole is a person's place in the drafting leadership group (起草领导小组), if any.
type GroupRole string

const (
	GroupNone   GroupRole = ""
	GroupHead   GroupRole = "head"   // 组长
	GroupDeputy GroupRole = "deputy" // 副组长
	GroupMember GroupRole = "member" // 成员
)

// Workspace is one year's report and everything gathered around it.
type Workspace struct {
	ID        int64
	Name      string // "2026年政府工作报告"
	Year      int
	CreatedAt time.Time
}

// Unit is a township, a department, the leadership or the writing team.
type Unit struct {
	ID   int64
	Name string
	Kind UnitKind
}

// User is a person who logs in.
type User struct {
	ID           int64
	Username     string
	Name         string // 姓名
	Title        string // 职务, e.g. 副市长
	UnitID       int64
	Role         Role
	Group        GroupRole
	PasswordHash string
	Disabled     bool
	// MustChangePassword is set when an administrator handed the password out: the next login
	// leads to the password page and nowhere else until it is changed.
	MustChangePassword bool
	CreatedAt          time.Time
}

// Version is one immutable version of a workspace's report. Its paragraphs keep the block IDs of
// its document, so a comment, a figure or a meeting decision names (version, block ID) and follows
// the text into later versions through the successor links computed when a version is added.
type Version struct {
	ID          int64
	WorkspaceID int64
	Number      int    // 1, 2, 3… within the workspace
	Label       string // 初稿, 征求意见稿, 送审稿, 定稿…
	Note        string
	AuthorID    int64
	Filename    string // the uploaded file's name, for display only
	Stage       string // the stage (report.Stage.Name) it was made for; "" when not said
	CreatedAt   time.Time
	// ContentHash identifies the text (Document.ContentHash), set when the version is added.
	ContentHash string
	// A withdrawn (撤回) version is kept, but lists leave it out.
	WithdrawnAt    time.Time
	WithdrawnBy    int64
	WithdrawReason string
	Doc            *Document // nil when listed without content
	// Original is the uploaded file, byte for byte: set it for AddVersion to keep it; it is read
	// back by VersionOriginal, never with the version. OriginalSize is its size when stored, 0
	// for a version without one.
	Original     []byte `json:"-"`
	OriginalSize int64
}

// Successor links a paragraph of one version to the paragraph that continues it in the next.
type Successor struct {
	FromVersion int64
	FromBlock   string
	ToVersion   int64
	ToBlock     string // empty when the paragraph was deleted
}

// Session is a logged-in browser. Only a hash of the token is stored.
type Session struct {
	TokenHash string
	UserID    int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// AuditEntry records one change: who did what to which thing, when, from where.
type AuditEntry struct {
	ID          int64
	At          time.Time
	UserID      int64 // 0 for the system or an anonymous attempt
	Action      string
	Target      string // e.g. "version:12", "user:3"
	Detail      string
	RemoteAddr  string
	WorkspaceID int64
}

// AuditFilter selects audit entries: by user (ByUser, with UserID 0 for the system and
// anonymous attempts), by action, by time (Since inclusive, Until exclusive; zero for open).
// Limit is capped at 10,000 and defaults to 100.
type AuditFilter struct {
	ByUser       bool
	UserID       int64
	Action       string
	Since, Until time.Time
	Limit        int
	Offset       int
}

// Store is the storage contract, implemented once per SQL dialect and tested as one suite.
// Each method is one transaction; a change and its audit entry commit together.
type Store interface {
	TokenStore
	ReminderStore
	FigureStore
	ConsultStore
	MaterialStore
	ReviewStore
	MeetingStore
	GroupStore

	CreateWorkspace(ctx context.Context, w *Workspace, audit AuditEntry) error
	Workspaces(ctx context.Context) ([]Workspace, error)
	Workspace(ctx context.Context, id int64) (*Workspace, error)

	CreateUnit(ctx context.Context, u *Unit, audit AuditEntry) error
	UpdateUnit(ctx context.Context, u *Unit, audit AuditEntry) error
	Units(ctx context.Context) ([]Unit, error)
	Unit(ctx context.Context, id int64) (*Unit, error)

	CreateUser(ctx context.Context, u *User, audit AuditEntry) error
	UpdateUser(ctx context.Context, u *User, audit AuditEntry) error
	Users(ctx context.Context) ([]User, error)
	User(ctx context.Context, id int64) (*User, error)
	UserByName(ctx context.Context, username string) (*User, error)

	// AddVersion numbers v within its workspace, stores its document and paragraphs, and links
	// each paragraph of the previous version to its successor in v.
	AddVersion(ctx context.Context, v *Version, links []Successor, audit AuditEntry) error
	Versions(ctx context.Context, workspaceID int64) ([]Version, error) // without Doc
	Version(ctx context.Context, id int64) (*Version, error)            // with Doc
	// VersionOriginal returns the file a version was uploaded as; ENOTFOUND when none is kept.
	VersionOriginal(ctx context.Context, id int64) ([]byte, error)
	Successors(ctx context.Context, fromVersion int64) ([]Successor, error)
	// WithdrawVersion withdraws the latest version of its workspace, keeping it;
	// RestoreVersion brings a withdrawn version back while no later one is listed;
	// WithdrawnVersions lists a workspace's withdrawn versions (Versions leaves them out).
	WithdrawVersion(ctx context.Context, id int64, reason string, audit AuditEntry) error
	RestoreVersion(ctx context.Context, id int64, audit AuditEntry) error
	WithdrawnVersions(ctx context.Context, workspaceID int64) ([]Version, error)

	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, tokenHash string) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error
	// DeleteUserSessions ends every session of a user except the one whose hash is keep (empty
	// to end them all), so that a changed password locks out every other browser.
	DeleteUserSessions(ctx context.Context, userID int64, keep string) error

	// RecordLoginFailure counts a failed login for key (an account, an address, a pair of
	// them) and returns the failures within the window; LoginFailures reads the count and the
	// latest failure without counting; ClearLoginFailures forgets the key and every key under
	// it ("key|…").
	RecordLoginFailure(ctx context.Context, key string, now time.Time, window time.Duration) (int, error)
	LoginFailures(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error)
	ClearLoginFailures(ctx context.Context, key string) error
	// ServerKey returns the secret stored under name, storing candidate when there is none yet.
	ServerKey(ctx context.Context, name, candidate string) (string, error)

	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, error)
	// AuditSearch returns the entries f selects, newest first.
	AuditSearch(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
	// ChangeMark is the ID of the latest audit entry of the workspace or of no workspace. Every
	// change is audited in its own transaction, so while the mark stays the same nothing the
	// workspace shows has changed, and what was computed from it may be kept. A cheap read: two
	// lookups in an index.
	ChangeMark(ctx context.Context, workspaceID int64) (int64, error)
	// ChangedActions lists, each once, the actions of the audit entries of the workspace or of
	// no workspace after mark after and up to mark upTo: what changed between the two marks, for
	// a cache to tell changes that matter to what it keeps from those that do not.
	ChangedActions(ctx context.Context, workspaceID, after, upTo int64) ([]string, error)

	Close() error
}
