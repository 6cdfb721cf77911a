package report

import (
	"context"
	"time"
)

// Campaign is a 材料征集: the notice asking townships and departments for their material, the
// items it asks for and the units it is sent to.
type Campaign struct {
	ID          int64
	WorkspaceID int64
	Title       string    // 关于报送2027年政府工作报告起草材料的通知
	Office      string    // 发文机关: 示例市人民政府办公室
	DocNumber   string    // 文号: 示政办函〔2026〕12号
	Date        time.Time // 成文日期, a day (midnight UTC)
	Deadline    time.Time // material is due before this instant
	Note        string    // the notice's body text beyond the items, may be empty
	ContactName string    // 联系人 printed on the notice
	Phone       string    // 联系电话
	OpenedBy    int64
	OpenedAt    time.Time
	Items       []CampaignItem
	UnitIDs     []int64 // the recipients (主送)
}

// CampaignItem is one thing a campaign asks every recipient for.
type CampaignItem struct {
	ID       int64
	Name     string // 工作总结
	Required bool
	Note     string // 不超过3000字
	Rows     bool   // submitted as 民生实事 rows rather than a document
	Position int
}

// Item returns the campaign's item with the given ID, or nil.
func (c *Campaign) Item(id int64) *CampaignItem {
	for i := range c.Items {
		if c.Items[i].ID == id {
			return &c.Items[i]
		}
	}
	return nil
}

// Sent reports whether the campaign was sent to unit.
func (c *Campaign) Sent(unit int64) bool {
	for _, id := range c.UnitIDs {
		if id == unit {
			return true
		}
	}
	return false
}

// Submission is one unit's answer to one item of a campaign. A replacement is a new submission;
// the one it replaces stays, no longer Current.
type Submission struct {
	ID         int64
	CampaignID int64
	ItemID     int64
	UnitID     int64
	Filename   string // "" when typed in the form or entered as rows
	Format     string // docx, txt, md (read); pdf, xlsx, png, jpeg, gif (kept); typed; rows
	Size       int64  // bytes of the file, 0 without one
	Text       string // the readable text, "" for attachments; filled by Submission only
	Doc        *Document
	Contact    string // 联系人 as given with the submission
	Phone      string
	By         int64
	At         time.Time
	Late       bool
	Reason     string // why it came after the deadline; required when Late
	Current    bool
}

// Readable reports whether the submission has text that can be shown and searched.
func (s *Submission) Readable() bool {
	return s.Format != "" && !IsAttachment(s.Format) && s.Format != "rows"
}

// IsAttachment reports whether files of format are kept without being read.
func IsAttachment(format string) bool {
	switch format {
	case "pdf", "xlsx", "png", "jpeg", "gif":
		return true
	}
	return false
}

// Project is one 民生实事 proposal row.
type Project struct {
	ID           int64
	SubmissionID int64
	CampaignID   int64
	UnitID       int64
	Position     int
	Name         string // 项目名称
	Content      string // 主要内容
	Funds        string // 投资/资金
	Owner        string // 责任单位
	Due          string // 完成时限
	Selected     bool   // chosen for the report
}

// Excerpt is a passage a writer kept from a submission or from minutes, filed under a section
// (a heading block of a version) of the report.
type Excerpt struct {
	ID           int64
	WorkspaceID  int64
	SubmissionID int64 // one of SubmissionID and MinutesID is set
	MinutesID    int64
	Quote        string
	Note         string
	VersionID    int64
	BlockID      string
	By           int64
	At           time.Time
}

// Team is a research team (调研组).
type Team struct {
	ID          int64
	WorkspaceID int64
	Name        string // 第一调研组
	Leader      string
	Members     string // names separated by 、
	CreatedBy   int64
	CreatedAt   time.Time
}

// Visit is a team's 调研座谈 at one unit on one day.
type Visit struct {
	ID        int64
	TeamID    int64
	UnitID    int64
	Date      time.Time // a day (midnight UTC)
	Topic     string
	CreatedBy int64
	CreatedAt time.Time
}

// Minutes are the 调研纪要 of a visit: an uploaded file or typed text.
type Minutes struct {
	ID       int64
	VisitID  int64
	Filename string
	Format   string
	Size     int64
	Text     string // filled by Minutes only
	Doc      *Document
	By       int64
	At       time.Time
}

// MaterialCountCap is where SearchMaterial stops counting: a count of MaterialCountCap+1 reads
// "more than MaterialCountCap".
const MaterialCountCap = 500

// MaterialHit is one search result: a current submission or minutes containing the query.
type MaterialHit struct {
	SubmissionID int64
	MinutesID    int64
	CampaignID   int64
	VisitID      int64
	UnitID       int64
	Label        string // the item's name, or 调研纪要：topic
	Snippet      string // text around the first occurrence
	Offset       int    // rune offset of the first occurrence in the text
}

// CampaignEvent is a campaign as the 起草说明 tells it: when, by whom, to how many units, and
// how much came back.
type CampaignEvent struct {
	ID                  int64
	Title, Office       string
	DocNumber           string
	Date, Deadline      time.Time
	OpenedAt            time.Time
	Items               int
	Recipients          int
	Townships           int
	Departments         int
	UnitsSubmitted      int // units with at least one current submission
	Submissions         int // current submissions
	LateSubmissions     int
	MissingRequiredCell int // required items of recipients with nothing sent
}

// VisitEvent is one research visit as the 起草说明 tells it.
type VisitEvent struct {
	ID       int64
	Date     time.Time
	TeamID   int64
	TeamName string
	UnitID   int64
	UnitName string
	UnitKind UnitKind
	Topic    string
	Minutes  int
}

// MaterialEvents is everything dated about material collection and research in a workspace.
type MaterialEvents struct {
	Campaigns []CampaignEvent // by date
	Teams     int
	Visits    []VisitEvent // by date
}

// MaterialStore keeps campaigns, submissions, 民生实事 proposals, excerpts and research.
type MaterialStore interface {
	// CreateCampaign stores c with its items and recipients, setting every ID and OpenedAt.
	CreateCampaign(ctx context.Context, c *Campaign, audit AuditEntry) error
	Campaigns(ctx context.Context, workspaceID int64) ([]Campaign, error) // with items and recipients, latest first
	Campaign(ctx context.Context, id int64) (*Campaign, error)

	// Submit stores s as its unit's current answer to its item (replacing the previous one,
	// which is kept), with the file's bytes (nil when typed) and, for a rows item, its
	// proposals. It sets s.ID, s.At and s.Current.
	Submit(ctx context.Context, s *Submission, data []byte, projects []Project, audit AuditEntry) error
	// Submissions lists a campaign's submissions, history included, oldest first, without
	// Text and Doc; unitID 0 lists every unit's.
	Submissions(ctx context.Context, campaignID, unitID int64) ([]Submission, error)
	Submission(ctx context.Context, id int64) (*Submission, error) // with Text and Doc
	SubmissionFile(ctx context.Context, id int64) ([]byte, error)

	// Projects lists the proposals of a campaign's current submissions, by unit and position.
	Projects(ctx context.Context, campaignID int64) ([]Project, error)
	// SelectProjects marks exactly the given proposals of the campaign selected.
	SelectProjects(ctx context.Context, campaignID int64, ids []int64, audit AuditEntry) error

	AddExcerpt(ctx context.Context, e *Excerpt, audit AuditEntry) error
	Excerpts(ctx context.Context, workspaceID int64) ([]Excerpt, error) // oldest first
	DeleteExcerpt(ctx context.Context, id int64, audit AuditEntry) error

	CreateTeam(ctx context.Context, t *Team, audit AuditEntry) error
	Teams(ctx context.Context, workspaceID int64) ([]Team, error)
	AddVisit(ctx context.Context, v *Visit, audit AuditEntry) error
	Visits(ctx context.Context, workspaceID int64) ([]Visit, error) // by date
	Visit(ctx context.Context, id int64) (*Visit, error)
	// AddMinutes stores minutes of a visit with the file's bytes (nil when typed).
	AddMinutes(ctx context.Context, m *Minutes, data []byte, audit AuditEntry) error
	MinutesOf(ctx context.Context, visitID int64) ([]Minutes, error) // without Text and Doc
	Minutes(ctx context.Context, id int64) (*Minutes, error)
	MinutesFile(ctx context.Context, id int64) ([]byte, error)

	// SearchMaterial finds query as a substring (case-insensitive for Latin letters) of the
	// current submissions and minutes of a workspace, newest first, at most limit hits, and
	// counts the hits up to MaterialCountCap (a count above it means "more than the cap").
	SearchMaterial(ctx context.Context, workspaceID int64, query string, limit int) ([]MaterialHit, int, error)

	// MaterialEvents lists the dated events of material collection and research.
	MaterialEvents(ctx context.Context, workspaceID int64) (*MaterialEvents, error)
}
