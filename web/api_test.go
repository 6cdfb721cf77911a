package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"qicao/report"
	"qicao/sample"
	"qicao/web"
)

// apiClient calls the JSON API as a script does: a bearer token, no cookies, no CSRF token.
type apiClient struct {
	t     testing.TB
	app   *app
	token string
}

// tokenFor makes an API token for a user, as `qicao user token` does.
func (a *app) tokenFor(username string) *apiClient {
	a.t.Helper()
	token, hash := web.NewAPIToken()
	must(a.t, a.store.CreateAPIToken(context.Background(), &report.APIToken{UserID: a.users[username].ID, Hash: hash}, report.AuditEntry{}))
	return &apiClient{t: a.t, app: a, token: token}
}

// call sends a request with an optional JSON body and decodes a JSON answer into out (when not
// nil); it returns the status and the raw body.
func (c *apiClient) call(method, path string, body any, out any) (int, string) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		must(c.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.app.url+path, rd)
	must(c.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.do(req, out)
}

func (c *apiClient) do(req *http.Request, out any) (int, string) {
	c.t.Helper()
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	must(c.t, err)
	if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/json") && out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: decoding %s: %v", req.Method, req.URL.Path, raw, err)
		}
	}
	return resp.StatusCode, string(raw)
}

// upload posts a multipart form with one file.
func (c *apiClient) upload(path string, fields map[string]string, filename string, data []byte, out any) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filename)
	must(c.t, err)
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", c.app.url+path, &buf)
	must(c.t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req, out)
}

// wantAPIError checks an error answer: the status, and a JSON body {code, message} in Chinese.
func wantAPIError(t testing.TB, what string, status int, body string, wantStatus int, wantCode string) {
	t.Helper()
	if status != wantStatus {
		t.Errorf("%s: status %d, want %d: %s", what, status, wantStatus, body)
		return
	}
	var e struct{ Code, Message string }
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Errorf("%s: error body is not JSON: %s", what, body)
		return
	}
	if e.Code != wantCode || e.Message == "" || !hasHan(e.Message) {
		t.Errorf("%s: error %+v, want code %q and a Chinese message", what, e, wantCode)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestAPI(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		a := startApp(t, dsn)
		writer, contact := a.tokenFor("writer"), a.tokenFor("contact")

		var ws []struct {
			ID   int64
			Name string
			Year int
		}
		if st, body := writer.call("GET", "/api/v1/workspaces", nil, &ws); st != 200 || len(ws) != 1 || ws[0].ID != a.ws.ID || ws[0].Year != 2027 {
			t.Fatalf("workspaces: %d %s", st, body)
		}
		var units []struct {
			ID   int64
			Name string
			Kind string
		}
		if st, body := writer.call("GET", "/api/v1/units", nil, &units); st != 200 || len(units) != 5 {
			t.Fatalf("units as writer: %d %s", st, body)
		}
		if st, body := contact.call("GET", "/api/v1/units", nil, &units); st != 200 || len(units) != 1 || units[0].Name != "东湖镇" || units[0].Kind != "township" {
			t.Errorf("units as a contact: %d %s, want only their own", st, body)
		}

		// a version uploaded through the API is the next version, read back with its blocks
		var v struct {
			ID     int64
			Number int
			Label  string
			Blocks []struct {
				ID, Kind, Text string
				Level          int
			}
		}
		st, body := writer.upload("/api/v1/workspaces/"+id(a.ws.ID)+"/versions", map[string]string{"label": "送审稿", "note": "经常务会议修改"}, "v3.txt", sample.Report(3), &v)
		if st != 201 || v.Number != 3 || v.Label != "送审稿" {
			t.Fatalf("upload: %d %s", st, body)
		}
		v.Blocks = nil
		if st, body := writer.call("GET", "/api/v1/versions/"+id(v.ID), nil, &v); st != 200 || len(v.Blocks) < 20 || v.Blocks[0].ID == "" {
			t.Fatalf("version: %d %.300s", st, body)
		}
		if a.versionCount() != 3 {
			t.Errorf("%d versions after the API upload, want 3", a.versionCount())
		}

		// errors are JSON with a Chinese message and the right status
		st, body = contact.call("GET", "/api/v1/versions/"+id(v.ID), nil, nil)
		wantAPIError(t, "a contact reading a version not sent to them", st, body, 404, "not_found")
		st, body = contact.upload("/api/v1/workspaces/"+id(a.ws.ID)+"/versions", map[string]string{"label": "x"}, "x.txt", sample.Report(1), nil)
		wantAPIError(t, "a contact uploading", st, body, 403, "forbidden")
		st, body = writer.upload("/api/v1/workspaces/"+id(a.ws.ID)+"/versions", map[string]string{"label": "坏文件"}, "x.docx", []byte("MZ\x90\x00 not a report"), nil)
		wantAPIError(t, "an .exe named .docx", st, body, 400, "invalid")
		st, body = writer.upload("/api/v1/workspaces/"+id(a.ws.ID)+"/versions", nil, "v.txt", sample.Report(1), nil)
		wantAPIError(t, "no label", st, body, 400, "invalid")
		st, body = writer.call("GET", "/api/v1/versions/99999", nil, nil)
		wantAPIError(t, "missing version", st, body, 404, "not_found")
		if a.versionCount() != 3 {
			t.Errorf("refused uploads stored something: %d versions", a.versionCount())
		}

		nobody := &apiClient{t: t, app: a}
		st, body = nobody.call("GET", "/api/v1/workspaces", nil, nil)
		wantAPIError(t, "no token", st, body, 401, "unauthorized")
		forged := &apiClient{t: t, app: a, token: "qct_" + strings.Repeat("0", 64)}
		st, body = forged.call("GET", "/api/v1/workspaces", nil, nil)
		wantAPIError(t, "unknown token", st, body, 401, "unauthorized")

		// a revoked token stops working at once
		toks, err := a.store.APITokens(context.Background(), a.users["contact"].ID)
		must(t, err)
		must(t, a.store.RevokeAPIToken(context.Background(), toks[0].ID, report.AuditEntry{}))
		st, body = contact.call("GET", "/api/v1/workspaces", nil, nil)
		wantAPIError(t, "revoked token", st, body, 401, "unauthorized")

		// a browser session may call the API too, but an unsafe request needs its CSRF token
		c := a.login("writer")
		req, _ := http.NewRequest("POST", a.url+"/api/v1/workspaces/"+id(a.ws.ID)+"/versions", strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		resp, raw := c.do(req)
		wantAPIError(t, "cookie without CSRF", resp.StatusCode, raw, 403, "forbidden")
	})
}
