package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"qicao/report"
)

// The API of 材料征集 (docs/api.md): the same service functions as the pages.

type apiCampaignItem struct {
	ID       int64  `json:"id,omitempty"`
	Name     string `json:"name"`
	Required bool   `json:"required"`
	Note     string `json:"note,omitempty"`
	Rows     bool   `json:"rows,omitempty"`
}

type apiCampaignIn struct {
	Title       string            `json:"title"`
	Office      string            `json:"office"`
	DocNumber   string            `json:"doc_number"`
	Date        string            `json:"date"`     // 2026-10-19, default today
	Deadline    time.Time         `json:"deadline"` // RFC 3339
	Note        string            `json:"note"`
	ContactName string            `json:"contact_name"`
	Phone       string            `json:"phone"`
	Items       []apiCampaignItem `json:"items"` // omitted: the default four
	UnitIDs     []int64           `json:"unit_ids"`
	UnitKinds   []report.UnitKind `json:"unit_kinds"`
}

type apiCampaign struct {
	ID          int64             `json:"id"`
	WorkspaceID int64             `json:"workspace_id"`
	Title       string            `json:"title"`
	Office      string            `json:"office"`
	DocNumber   string            `json:"doc_number"`
	Date        string            `json:"date"`
	Deadline    time.Time         `json:"deadline"`
	OpenedAt    time.Time         `json:"opened_at"`
	Items       []apiCampaignItem `json:"items"`
	UnitIDs     []int64           `json:"unit_ids"`
}

func toAPICampaign(c *report.Campaign) apiCampaign {
	out := apiCampaign{ID: c.ID, WorkspaceID: c.WorkspaceID, Title: c.Title, Office: c.Office, DocNumber: c.DocNumber,
		Date: c.Date.Format("2006-01-02"), Deadline: c.Deadline.UTC(), OpenedAt: c.OpenedAt, UnitIDs: c.UnitIDs}
	for _, it := range c.Items {
		out.Items = append(out.Items, apiCampaignItem{ID: it.ID, Name: it.Name, Required: it.Required, Note: it.Note, Rows: it.Rows})
	}
	return out
}

// apiCreateCampaign opens a campaign.
func (s *Server) apiCreateCampaign(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiCampaignIn
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	ci := campaignInput{Title: in.Title, Office: in.Office, DocNumber: in.DocNumber, Note: in.Note, ContactName: in.ContactName,
		Phone: in.Phone, Deadline: in.Deadline, UnitIDs: in.UnitIDs, Kinds: in.UnitKinds}
	if in.Date != "" {
		if ci.Date, err = parseDay("date", in.Date); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if in.Items != nil {
		ci.Items = []report.CampaignItem{}
		for _, it := range in.Items {
			ci.Items = append(ci.Items, report.CampaignItem{Name: it.Name, Required: it.Required, Note: it.Note, Rows: it.Rows})
		}
		if len(ci.Items) == 0 {
			s.fail(w, r, report.Errorf(report.EINVALID, "请至少列出一项报送材料"))
			return
		}
	}
	for _, k := range in.UnitKinds {
		if k != report.UnitTownship && k != report.UnitDepartment {
			s.fail(w, r, report.Errorf(report.EINVALID, "unit_kinds 只能是 township 或 department"))
			return
		}
	}
	c, err := s.openCampaign(r, ws, ci)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPICampaign(c))
}

type apiSubmission struct {
	ID          int64     `json:"id"`
	CampaignID  int64     `json:"campaign_id"`
	ItemID      int64     `json:"item_id"`
	Item        string    `json:"item"`
	UnitID      int64     `json:"unit_id"`
	Filename    string    `json:"filename,omitempty"`
	Format      string    `json:"format"`
	Size        int64     `json:"size"`
	SubmittedAt time.Time `json:"submitted_at"`
	Late        bool      `json:"late"`
	Reason      string    `json:"reason,omitempty"`
	Projects    int       `json:"projects,omitempty"`
}

// apiSubmit submits one item for the caller's unit: multipart fields item (its id or name),
// file or text, contact, phone, reason (after the deadline).
func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.campaignByID(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	item := strings.TrimSpace(r.PostFormValue("item"))
	in := submissionInput{Text: r.PostFormValue("text"), Contact: r.PostFormValue("contact"), Phone: r.PostFormValue("phone"), Reason: r.PostFormValue("reason")}
	for _, it := range c.Items {
		if it.Name == item || strconv.FormatInt(it.ID, 10) == item {
			in.ItemID = it.ID
		}
	}
	name, data, err := optionalFile(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in.Filename, in.Data = name, data
	sub, err := s.submitMaterial(r, c, u.UnitID, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiSubmission{ID: sub.ID, CampaignID: c.ID, ItemID: sub.ItemID, Item: c.Item(sub.ItemID).Name, UnitID: sub.UnitID,
		Filename: sub.Filename, Format: sub.Format, Size: sub.Size, SubmittedAt: sub.At, Late: sub.Late, Reason: sub.Reason}
	writeJSON(w, http.StatusCreated, out)
}

// apiCampaignStatus answers the board: one row per unit and item. A contact sees their unit's.
func (s *Server) apiCampaignStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.campaignByID(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.board(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := statusRows(b)
	if u := currentUser(r); u.Role == report.RoleContact {
		mine := rows[:0]
		for _, row := range rows {
			if row.UnitID == u.UnitID {
				mine = append(mine, row)
			}
		}
		rows = mine
	}
	if rows == nil {
		rows = []statusRow{}
	}
	writeJSON(w, http.StatusOK, rows)
}

type apiSearchResult struct {
	Query string        `json:"query"`
	Total int           `json:"total"`
	More  bool          `json:"more"` // total stopped at report.MaterialCountCap+1
	Hits  []materialHit `json:"hits"`
}

// apiSearchMaterials searches the workspace's submissions and minutes.
func (s *Server) apiSearchMaterials(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		s.fail(w, r, report.Errorf(report.EINVALID, "请提供搜索词 q"))
		return
	}
	hits, total, err := s.searchMaterial(r.Context(), ws, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if hits == nil {
		hits = []materialHit{}
	}
	writeJSON(w, http.StatusOK, apiSearchResult{Query: q, Total: total, More: total > report.MaterialCountCap, Hits: hits})
}
