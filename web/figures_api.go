package web

import (
	"bytes"
	"net/http"
	"time"

	"qicao/figures"
	"qicao/render"
	"qicao/report"
)

// The figures API (docs/api.md): the same service functions as the pages.

type apiFigure struct {
	BindingID   int64                `json:"binding_id"`
	IndicatorID int64                `json:"indicator_id"`
	Indicator   string               `json:"indicator"`
	Unit        string               `json:"unit"`
	Period      string               `json:"period"`
	Kind        report.IndicatorKind `json:"kind"`
	OwnerID     int64                `json:"owner_id"`
	Owner       string               `json:"owner"`
	BlockID     string               `json:"block_id"`
	Start       int                  `json:"start"`
	End         int                  `json:"end"`
	Quote       string               `json:"quote"`
	Value       string               `json:"value"`
	Status      report.FigureStatus  `json:"status"`
	Differs     bool                 `json:"differs"`
}

type apiFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	BlockID  string `json:"block_id"`
	Message  string `json:"message"`
}

type apiFigures struct {
	VersionID int64        `json:"version_id"`
	Figures   []apiFigure  `json:"figures"`
	Findings  []apiFinding `json:"findings"`
}

// apiVersionFigures lists the figures bound in a version, where they stand and their values.
func (s *Server) apiVersionFigures(w http.ResponseWriter, r *http.Request) {
	v, err := s.readableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	set, err := s.figuresOf(r.Context(), v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiFigures{VersionID: v.ID, Figures: []apiFigure{}, Findings: []apiFinding{}}
	for _, row := range set.Rows {
		ind := row.Indicator
		out.Figures = append(out.Figures, apiFigure{BindingID: row.Binding.ID, IndicatorID: ind.ID, Indicator: ind.Name, Unit: ind.Unit, Period: ind.Period, Kind: ind.Kind,
			OwnerID: ind.OwnerID, Owner: row.Owner, BlockID: row.BlockID, Start: row.Start, End: row.End, Quote: row.Quote, Value: ind.Value, Status: ind.Status, Differs: row.Differs})
	}
	for _, f := range set.Findings {
		sev, _ := f.Severity.MarshalText()
		out.Findings = append(out.Findings, apiFinding{Rule: f.Rule, Severity: string(sev), BlockID: f.BlockID, Message: f.Message})
	}
	writeJSON(w, http.StatusOK, out)
}

type apiIndicator struct {
	ID        int64                `json:"id"`
	Name      string               `json:"name"`
	Unit      string               `json:"unit"`
	Period    string               `json:"period"`
	Kind      report.IndicatorKind `json:"kind"`
	OwnerID   int64                `json:"owner_id"`
	Value     string               `json:"value"`
	Display   string               `json:"display"`
	Status    report.FigureStatus  `json:"status"`
	Note      string               `json:"note"`
	AllowText bool                 `json:"allow_text"`
	Reconfirm bool                 `json:"reconfirm"`
	UpdatedAt time.Time            `json:"updated_at"`
}

func toAPIIndicator(ind *report.Indicator) apiIndicator {
	return apiIndicator{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, Period: ind.Period, Kind: ind.Kind, OwnerID: ind.OwnerID, Value: ind.Value,
		Display: figures.Display(ind), Status: ind.Status, Note: ind.Note, AllowText: ind.AllowText, Reconfirm: ind.Reconfirm, UpdatedAt: ind.UpdatedAt}
}

// apiPutIndicator fills an indicator: {value, status, note, reason}, as its department.
func (s *Server) apiPutIndicator(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "fid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	ind, err := s.indicatorFor(r.Context(), nil, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !canFillFigure(u, ind) {
		s.fail(w, r, report.Errorf(report.EFORBIDDEN, "“%s”由%s负责，您不能填写其他单位的数据", ind.Name, s.unitName(r.Context(), ind.OwnerID)))
		return
	}
	var in struct {
		Value  *string `json:"value"`
		Status *string `json:"status"`
		Note   *string `json:"note"`
		Reason string  `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.updateFigure(r, ind, figureInput{Value: in.Value, Status: in.Status, Note: in.Note, Reason: in.Reason}); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIIndicator(ind))
}

// apiFilledText is the 填充稿 as text.
func (s *Server) apiFilledText(w http.ResponseWriter, r *http.Request) {
	v, err := s.readableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.filledDoc(r.Context(), v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := render.Text(&buf, doc); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
