package web

import (
	"io"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"qicao/compare"
	"qicao/load"
	"qicao/report"
)

// labels are the usual names of a report's versions, offered on the upload form.
var labels = []string{"提纲", "初稿", "征求意见稿", "修改稿", "送审稿", "常务会议审议稿", "大会稿", "定稿"}

type uploadPage struct {
	page
	Stages  *stageStatus
	Stage   string
	Labels  []string
	Label   string
	Note    string
	Message string
	Max     int64
}

func (s *Server) showUploadPage(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &uploadPage{page: s.newPage(r, "上传新版本"), Labels: labels, Max: maxUpload}
	p.Workspace, p.Nav = ws, "upload"
	if p.Stages, err = s.stageStatus(r.Context(), ws.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Stage = p.Stages.CurrentName()
	s.render(w, r, http.StatusOK, "upload", p)
}

// saveVersion stores an uploaded file as the workspace's next version, linking each paragraph
// of the previous version to its successor. Nothing is stored when the file cannot be read.
func (s *Server) saveVersion(w http.ResponseWriter, r *http.Request) {
	ws, err := s.workspaceFrom(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	label := strings.TrimSpace(r.PostFormValue("label"))
	note := strings.TrimSpace(r.PostFormValue("note"))
	again := func(err error) {
		if wantsText(r) || report.ErrorCode(err) == report.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		p := &uploadPage{page: s.newPage(r, "上传新版本"), Labels: labels, Label: label, Note: note, Max: maxUpload, Stage: r.PostFormValue("stage")}
		p.Workspace, p.Nav = ws, "upload"
		p.Stages, _ = s.stageStatus(r.Context(), ws.ID)
		p.Message = report.ErrorMessage(err)
		s.render(w, r, statusOf[report.ErrorCode(err)], "upload", p)
	}
	name, data, err := uploadedFile(r)
	if err != nil {
		again(err)
		return
	}
	v, err := s.addVersion(r, ws, label, note, strings.TrimSpace(r.PostFormValue("stage")), name, data)
	if err != nil {
		again(err)
		return
	}
	http.Redirect(w, r, "/w/"+strconv.FormatInt(ws.ID, 10)+"/versions/"+strconv.FormatInt(v.ID, 10), http.StatusSeeOther)
}

// addVersion reads an uploaded report and stores it as the workspace's next version, linking each
// paragraph of the previous version to its successor. The upload page and the API both call it;
// nothing is stored when the file cannot be read.
func (s *Server) addVersion(r *http.Request, ws *report.Workspace, label, note, stage, name string, data []byte) (*report.Version, error) {
	if err := checkText("版本名称", label, 1, 40); err != nil {
		return nil, err
	}
	if err := checkText("说明", note, 0, 2000); err != nil {
		return nil, err
	}
	// a file is read whole into memory and parsed: a few at a time, whoever uploads
	select {
	case s.reading <- struct{}{}:
		defer func() { <-s.reading }()
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	if len(data) > bigUpload {
		defer s.giveMemoryBack()
	}
	doc, err := readReport(data)
	if err != nil {
		return nil, err
	}
	// an upload identical to a listed version is most likely the wrong file: it is stored only
	// when the person says so
	if r.FormValue("identical") != "ok" {
		same, err := s.identicalTo(r, ws.ID, doc)
		if err != nil {
			return nil, err
		}
		if same != nil {
			return nil, report.Errorf(report.ECONFLICT, "上传的文件与第%d版（%s）内容完全相同，可能选错了文件。如确需再存一版，请勾选“内容相同仍上传”后重新提交", same.Number, same.Label)
		}
	}
	return s.storeVersion(r, ws, label, note, stage, name, doc, data)
}

// storeVersion stores a read document as the workspace's next version: the successor links,
// the figure placeholders and the audit entry, whether it was uploaded or made by qicao (the
// accepted wordings of a comment round applied). original is the uploaded file, kept with the
// version; nil for a version qicao made.
func (s *Server) storeVersion(r *http.Request, ws *report.Workspace, label, note, stage, name string, doc *report.Document, original []byte) (*report.Version, error) {
	if err := checkText("版本名称", label, 1, 40); err != nil {
		return nil, err
	}
	links, err := s.successorLinks(r, ws.ID, doc)
	if err != nil {
		return nil, err
	}
	// the draft's figure placeholders: an unknown department, or 定稿 with figures unconfirmed
	// and no reason, refuses the upload before anything is stored
	figs, err := s.planFigures(r, ws, label, doc)
	if err != nil {
		return nil, err
	}
	u := currentUser(r)
	v := &report.Version{WorkspaceID: ws.ID, Label: label, Note: note, Stage: stage, AuthorID: u.ID, Filename: name, CreatedAt: s.now(), Doc: doc, Original: original}
	audit := s.entry(r, "version.add", "", label+" "+name)
	audit.WorkspaceID = ws.ID
	if err := s.store.AddVersion(r.Context(), v, links, audit); err != nil {
		return nil, err
	}
	if err := s.applyFigures(r, ws, v, figs); err != nil {
		return nil, err
	}
	return v, nil
}

// bigUpload is the size from which reading an upload costs enough memory (the file, its
// unpacked parts, the parsed document: several times the file) to give it back afterwards.
const bigUpload = 8 << 20

// giveMemoryBack returns the memory of big uploads to the operating system once they are read.
// Go's runtime would return it only gradually, and the server shares a small machine with the
// database: after a round of 40 MB uploads it sat at 2 GB for hours. Uploads are a few a day,
// so a forced collection after a big one costs nothing anyone notices; it runs after the
// request, at most once every ten seconds, and only when no other upload is being read.
func (s *Server) giveMemoryBack() {
	s.mu.Lock()
	now := time.Now()
	if now.Sub(s.gaveBack) < 10*time.Second {
		s.mu.Unlock()
		return
	}
	s.gaveBack = now
	s.mu.Unlock()
	go func() {
		if len(s.reading) == 0 {
			debug.FreeOSMemory()
		}
	}()
}

func uploadedFile(r *http.Request) (string, []byte, error) {
	f, fh, err := r.FormFile("file")
	if err != nil {
		return "", nil, report.Errorf(report.EINVALID, "请选择要上传的文件")
	}
	defer f.Close()
	name := cleanName(fh.Filename)
	if utf8.RuneCountInString(name) > 200 || !utf8.ValidString(name) {
		return "", nil, report.Errorf(report.EINVALID, "文件名太长或无法识别")
	}
	if fh.Size == 0 {
		return "", nil, report.Errorf(report.EINVALID, "上传的文件是空的")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil {
		return "", nil, err
	}
	if len(data) > maxUpload {
		return "", nil, tooLarge(maxUpload)
	}
	return name, data, nil
}

// readReport reads an uploaded report, telling its format by its content; a file that is not a
// report gets load's Chinese message saying what to do instead.
func readReport(data []byte) (*report.Document, error) {
	doc, err := load.Bytes(data)
	if err != nil {
		if report.ErrorCode(err) == report.EINTERNAL {
			return nil, report.Errorf(report.EINVALID, "无法读取这个文件，请确认它是完好的 Word 文档或文本文件")
		}
		return nil, err
	}
	if len(doc.Blocks) == 0 {
		return nil, report.Errorf(report.EINVALID, "文件中没有找到正文")
	}
	return doc, nil
}

// successorLinks maps the paragraphs of the workspace's latest version to their successors in doc.
func (s *Server) successorLinks(r *http.Request, wid int64, doc *report.Document) ([]report.Successor, error) {
	vs, err := s.store.Versions(r.Context(), wid)
	if err != nil || len(vs) == 0 {
		return nil, err
	}
	prev, err := s.store.Version(r.Context(), vs[len(vs)-1].ID)
	if err != nil {
		return nil, err
	}
	return SuccessorLinks(prev, doc), nil
}

// SuccessorLinks links every paragraph of prev to the paragraph of doc that continues it, or to
// nothing when it was deleted, for report.Store.AddVersion.
func SuccessorLinks(prev *report.Version, doc *report.Document) []report.Successor {
	res := compare.Compare(prev.Doc, doc)
	links := make([]report.Successor, 0, len(prev.Doc.Blocks))
	for _, b := range prev.Doc.Blocks {
		links = append(links, report.Successor{FromVersion: prev.ID, FromBlock: b.ID, ToBlock: res.Successors[b.ID]})
	}
	return links
}

// checkText validates a form field's length in characters.
func checkText(field, v string, minLen, maxLen int) error {
	if !utf8.ValidString(v) {
		return report.Errorf(report.EINVALID, "%s包含无法识别的字符", field)
	}
	n := utf8.RuneCountInString(v)
	if n < minLen {
		return report.Errorf(report.EINVALID, "请填写%s", field)
	}
	if n > maxLen {
		return report.Errorf(report.EINVALID, "%s不能超过 %d 个字", field, maxLen)
	}
	return nil
}
