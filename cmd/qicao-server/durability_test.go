package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"qicao/load"
	"qicao/report"
	"qicao/sample"
	"qicao/store"
	"qicao/store/storetest"
)

// Durability (issue 8): 50 clients post comments through the API to the real server binary,
// which is killed with SIGKILL while they post; restarted on the same database, it must have
// every comment it acknowledged with 201. On SQLite and on PostgreSQL.
//
// The test waits on events, never on the clock: the kill comes after a number of
// acknowledgements, with every client still posting; each wait is bounded and says what it was
// waiting for when it gives up.

const (
	durableClients = 50
	killAfter      = 1000 // acknowledged comments before the kill
	perClientMax   = 900  // under store.MaxDrafts, whatever the machine's speed
)

func TestCommentsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs the server")
	}
	bin := filepath.Join(t.TempDir(), "qicao")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, b := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		t.Run(b.name, func(t *testing.T) { survivesKill(t, bin, b.dsn(t)) })
	}
}

// durableRound is what the clients need: the round, the paragraph they comment on, the version.
type durableRound struct {
	round, version int64
	block          string
	blockLen       int
	users          []string // one contact per invited unit
}

// seedDurable makes, through the store, a workspace with the 征求意见稿 and a round sent to 50
// townships, each with a contact, and a writer.
func seedDurable(t *testing.T, dsn string) durableRound {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	none := report.AuditEntry{}
	ws := &report.Workspace{Name: "2027年政府工作报告", Year: 2027}
	must(t, st.CreateWorkspace(ctx, ws, none))
	writing := &report.Unit{Name: "写作组", Kind: report.UnitWriting}
	must(t, st.CreateUnit(ctx, writing, none))
	writer := &report.User{Username: "writer", Name: "孙写", Role: report.RoleWriter, UnitID: writing.ID, PasswordHash: "x"}
	must(t, st.CreateUser(ctx, writer, none))
	doc, err := load.Bytes(sample.Report(2))
	must(t, err)
	v := &report.Version{WorkspaceID: ws.ID, Label: "征求意见稿", AuthorID: writer.ID, Filename: "v2.txt", Doc: doc}
	must(t, st.AddVersion(ctx, v, nil, none))
	rd := &report.Round{WorkspaceID: ws.ID, VersionID: v.ID, Title: "关于征求意见的通知", Deadline: time.Now().Add(72 * time.Hour), OpenedBy: writer.ID}
	d := durableRound{version: v.ID}
	for i := range durableClients {
		u := &report.Unit{Name: fmt.Sprintf("示例第%02d镇", i), Kind: report.UnitTownship}
		must(t, st.CreateUnit(ctx, u, none))
		c := &report.User{Username: fmt.Sprintf("contact%02d", i), Name: fmt.Sprintf("联络员%02d", i), Role: report.RoleContact, UnitID: u.ID, PasswordHash: "x"}
		must(t, st.CreateUser(ctx, c, none))
		rd.Recipients = append(rd.Recipients, report.Recipient{UnitID: u.ID})
		d.users = append(d.users, c.Username)
	}
	must(t, st.OpenRound(ctx, rd, none))
	d.round = rd.ID
	for _, b := range doc.Blocks {
		if b.Kind == report.Paragraph && len([]rune(b.Text)) > 20 {
			d.block, d.blockLen = b.ID, len([]rune(b.Text))
			break
		}
	}
	return d
}

// userToken prints a token with `qicao user token`, as an administrator would.
func userToken(t *testing.T, bin, dsn, username string) string {
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, "user", "token", "--db", dsn, username)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("qicao user token %s: %v: %s", username, err, errOut.String())
	}
	return strings.TrimSpace(out.String())
}

// server is a running `qicao serve`.
type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *lockedBuffer
	exited chan struct{} // closed when the process is gone
	err    error         // how it ended, once exited is closed
}

var listening = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// startServer runs `qicao serve` on a free port and waits, at most two minutes, until it
// answers /healthz.
func startServer(t *testing.T, bin, dsn string) *server {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	s := &server{cmd: cmd, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = s.stderr
	must(t, cmd.Start())
	go func() { s.err = cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-s.exited })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindString(sc.Text()); m != "" {
				found <- m
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case s.url = <-found:
	case <-s.exited:
		t.Fatalf("qicao serve exited before listening: %v; stderr: %s", s.err, s.stderr)
	case <-time.After(2 * time.Minute):
		t.Fatalf("qicao serve printed no address within 2 minutes; stderr: %s", s.stderr)
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz did not answer 200 within 2 minutes: %v", s.url, err)
		}
	}
}

// kill sends SIGKILL (os.Process.Kill) and waits, at most a minute, for the process to be gone.
func (s *server) kill() error {
	if err := s.cmd.Process.Kill(); err != nil {
		return err
	}
	select {
	case <-s.exited:
		return nil
	case <-time.After(time.Minute):
		return fmt.Errorf("the server was still running a minute after SIGKILL")
	}
}

// lockedBuffer is the server's stderr, written by the process's copier and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type ack struct {
	id   int64
	unit int64
	text string
}

func survivesKill(t *testing.T, bin, dsn string) {
	d := seedDurable(t, dsn)
	tokens := make([]string, durableClients)
	for i, u := range d.users {
		tokens[i] = userToken(t, bin, dsn, u)
	}
	writerToken := userToken(t, bin, dsn, "writer")
	srv := startServer(t, bin, dsn)

	hc := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: durableClients}}
	var acked atomic.Int64
	killed := make(chan struct{})
	var killOnce sync.Once
	var mu sync.Mutex
	var acks []ack
	var failure error
	var inFlight atomic.Int64
	var wg sync.WaitGroup
	for i := range durableClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range perClientMax {
				text := fmt.Sprintf("第%02d号客户端的第%d条意见", i, k)
				start := (i + k) % (d.blockLen - 4)
				body, _ := json.Marshal(map[string]any{"block_id": d.block, "start": start, "end": start + 3, "text": text})
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/rounds/%d/comments", srv.url, d.round), bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tokens[i])
				req.Header.Set("Content-Type", "application/json")
				inFlight.Add(1)
				resp, err := hc.Do(req)
				inFlight.Add(-1)
				if err != nil {
					select {
					case <-killed: // the server is gone: this client is done
					default:
						mu.Lock()
						failure = fmt.Errorf("client %d, comment %d, before the kill: %v", i, k, err)
						mu.Unlock()
					}
					return
				}
				raw, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusCreated {
					select {
					case <-killed: // cut off mid-answer: not acknowledged
					default:
						mu.Lock()
						failure = fmt.Errorf("client %d, comment %d, before the kill: status %d %s %v", i, k, resp.StatusCode, raw, err)
						mu.Unlock()
					}
					return
				}
				var c struct {
					ID     int64  `json:"id"`
					UnitID int64  `json:"unit_id"`
					Text   string `json:"text"`
				}
				if err := json.Unmarshal(raw, &c); err != nil || c.ID == 0 || c.Text != text {
					mu.Lock()
					failure = fmt.Errorf("client %d: a 201 with %s (%v)", i, raw, err)
					mu.Unlock()
					return
				}
				mu.Lock()
				acks = append(acks, ack{c.ID, c.UnitID, text})
				mu.Unlock()
				if acked.Add(1) == killAfter {
					killOnce.Do(func() {
						close(killed)
						flying := inFlight.Load()
						if err := srv.kill(); err != nil {
							mu.Lock()
							failure = err
							mu.Unlock()
						}
						t.Logf("SIGKILL after %d acknowledgements, %d requests in flight", killAfter, flying)
					})
				}
			}
		}()
	}
	wg.Wait()
	if failure != nil {
		t.Fatalf("%v; server log: %s", failure, tail(srv.stderr.String()))
	}
	select {
	case <-killed:
	default:
		t.Fatalf("the clients stopped after %d acknowledgements, before the kill", acked.Load())
	}
	t.Logf("%d comments acknowledged in all", len(acks))

	// restarted on the same database, each unit sends its drafts and the writer lists them
	srv = startServer(t, bin, dsn)
	for i := range durableClients {
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/rounds/%d/send", srv.url, d.round), nil)
		req.Header.Set("Authorization", "Bearer "+tokens[i])
		resp, err := hc.Do(req)
		must(t, err)
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("client %d sends its drafts after the restart: %d %s", i, resp.StatusCode, raw)
		}
	}
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/versions/%d/comments", srv.url, d.version), nil)
	req.Header.Set("Authorization", "Bearer "+writerToken)
	resp, err := hc.Do(req)
	must(t, err)
	defer resp.Body.Close()
	var stored []struct {
		ID     int64  `json:"id"`
		UnitID int64  `json:"unit_id"`
		Text   string `json:"text"`
	}
	if resp.StatusCode != 200 {
		raw, _ := io.ReadAll(resp.Body)
		t.Fatalf("listing the comments after the restart: %d %s", resp.StatusCode, raw)
	}
	must(t, json.NewDecoder(resp.Body).Decode(&stored))
	found := make(map[int64]ack, len(stored))
	for _, c := range stored {
		found[c.ID] = ack{c.ID, c.UnitID, c.Text}
	}
	lost := 0
	for _, a := range acks {
		if got, ok := found[a.id]; !ok || got != a {
			lost++
			if lost <= 10 {
				t.Errorf("acknowledged comment %d (%s) after the restart: %+v", a.id, a.text, got)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged comments lost", lost, len(acks))
	}
	// a request cut off by the kill may have committed without its answer: stored ≥ acknowledged
	t.Logf("all %d acknowledged comments found after the restart, %d stored", len(acks), len(stored))
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
