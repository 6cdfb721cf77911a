// Package demo seeds a database with the 2027 report of 示例市, a fictional county-level city:
// its 14 townships and 30 departments, the drafting group, a user for every role and the
// sample drafts as versions, so that a newcomer is looking at a living system in a minute.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"qicao/load"
	"qicao/report"
	"qicao/sample"
	"qicao/web"
	"qicao/wordcount"
)

// WorkspaceName is the demo's report.
const WorkspaceName = "2027年政府工作报告"

// Account is a demo login, printed at start.
type Account struct {
	Username string
	Password string
	Role     report.Role
	Name     string
	Title    string
	Unit     string
}

// Prepare seeds an empty database with the demo. On a database that already holds the demo it
// gives the demo's users fresh passwords, since the old ones were only ever printed; any other
// database is left alone and refused.
func Prepare(ctx context.Context, st report.Store) ([]Account, error) {
	ws, err := st.Workspaces(ctx)
	if err != nil {
		return nil, err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 && len(users) == 0 {
		return Seed(ctx, st)
	}
	if len(ws) == 1 && ws[0].Name == WorkspaceName {
		return resetPasswords(ctx, st, users)
	}
	return nil, report.Errorf(report.EINVALID, "数据库中已有其他数据，不能建立演示；请用 --db 指定一个新的数据库文件")
}

// Seed writes the whole demo into an empty database and returns its accounts.
func Seed(ctx context.Context, st report.Store) ([]Account, error) {
	s := &seeder{ctx: ctx, st: st, units: make(map[string]int64)}
	ws := &report.Workspace{Name: WorkspaceName, Year: 2027, CreatedAt: time.Now()}
	if err := st.CreateWorkspace(ctx, ws, s.audit("workspace.create", WorkspaceName)); err != nil {
		return nil, err
	}
	for _, u := range units() {
		if err := s.unit(u); err != nil {
			return nil, err
		}
	}
	ps := people()
	creds, err := newCredentials(len(ps))
	if err != nil {
		return nil, err
	}
	var seats []report.GroupSeat
	for i, p := range ps {
		id, err := s.user(p, creds[i])
		if err != nil {
			return nil, err
		}
		if p.group != report.GroupNone {
			seats = append(seats, report.GroupSeat{UserID: id, Role: p.group})
		}
	}
	a := s.audit("group.set", "")
	a.WorkspaceID = ws.ID
	if err := st.SetWorkspaceGroup(ctx, ws.ID, seats, a); err != nil {
		return nil, err
	}
	last, err := s.versions(ws.ID)
	if err != nil {
		return nil, err
	}
	if err := s.material(ws.ID); err != nil {
		return nil, err
	}
	if last != nil {
		if err := s.seedFigures(ws, last); err != nil {
			return nil, err
		}
		if err := s.meetings(ws, last); err != nil {
			return nil, err
		}
	}
	if err := s.seedRound(ws); err != nil {
		return nil, err
	}
	return s.accounts, nil
}

type seeder struct {
	ctx      context.Context
	st       report.Store
	units    map[string]int64
	writer   int64 // the author of the drafts
	accounts []Account
}

func (s *seeder) audit(action, detail string) report.AuditEntry {
	return report.AuditEntry{At: time.Now(), Action: action, Detail: "演示数据：" + detail, RemoteAddr: "qicao serve --demo"}
}

func (s *seeder) unit(u report.Unit) error {
	if err := s.st.CreateUnit(s.ctx, &u, s.audit("unit.create", u.Name)); err != nil {
		return err
	}
	s.units[u.Name] = u.ID
	return nil
}

// credential is a generated password and its hash.
type credential struct{ password, hash string }

// newCredentials generates n passwords and hashes them on every core: hashing is deliberately
// slow, and the demo should start in seconds.
func newCredentials(n int) ([]credential, error) {
	creds := make([]credential, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				creds[i].password = web.NewPassword()
				creds[i].hash, errs[i] = web.HashPassword(creds[i].password)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return creds, errors.Join(errs...)
}

// user creates p's account and returns its ID. The leadership group is the workspace's, set
// by Seed.
func (s *seeder) user(p person, c credential) (int64, error) {
	password, hash := c.password, c.hash
	u := &report.User{Username: p.username, Name: p.name, Title: p.title, UnitID: s.units[p.unit], Role: p.role, PasswordHash: hash, CreatedAt: time.Now()}
	if err := s.st.CreateUser(s.ctx, u, s.audit("user.create", p.username)); err != nil {
		return 0, err
	}
	if p.username == "writer1" {
		s.writer = u.ID
	}
	s.accounts = append(s.accounts, Account{Username: p.username, Password: password, Role: p.role, Name: p.name, Title: p.title, Unit: p.unit})
	return u.ID, nil
}

// drafts are the labels and notes of the sample drafts, in order.
var drafts = []struct{ label, note, stage string }{
	{"初稿", "写作组根据各乡镇、部门报送材料和调研座谈情况形成的初稿。", "起草"},
	{"征求意见稿", "吸收市政府常务会议意见修改，送各乡镇、部门和市领导征求意见。", "征求意见"},
	{"送审稿", "根据征求意见情况修改，数据经各部门确认，提请市政府常务会议审议。", "政府常务会议审议"},
}

// versions adds the sample drafts that exist, each linked to its predecessor, and returns the
// latest.
func (s *seeder) versions(wid int64) (*report.Version, error) {
	var prev *report.Version
	for i, d := range drafts {
		name := fmt.Sprintf("shili-2027-v%d.txt", i+1)
		if _, err := fs.Stat(sample.Files, name); err != nil {
			break
		}
		doc, err := load.Bytes(sample.Report(i + 1))
		if err != nil {
			return nil, fmt.Errorf("demo: reading %s: %w", name, err)
		}
		var links []report.Successor
		if prev != nil {
			links = web.SuccessorLinks(prev, doc)
		}
		v := &report.Version{WorkspaceID: wid, Label: d.label, Note: d.note, Stage: d.stage, AuthorID: s.writer, Filename: name, CreatedAt: time.Now(), Doc: doc, Original: sample.Report(i + 1)}
		a := s.audit("version.add", d.label)
		a.UserID, a.WorkspaceID = s.writer, wid
		if err := s.st.AddVersion(s.ctx, v, links, a); err != nil {
			return nil, err
		}
		prev = v
	}
	return prev, nil
}

// resetPasswords gives every demo user a new password.
func resetPasswords(ctx context.Context, st report.Store, users []report.User) ([]Account, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(units))
	for _, u := range units {
		names[u.ID] = u.Name
	}
	demoUser := make(map[string]bool)
	for _, p := range people() {
		demoUser[p.username] = true
	}
	var accounts []Account
	creds, err := newCredentials(len(users))
	if err != nil {
		return nil, err
	}
	for i, u := range users {
		if !demoUser[u.Username] {
			continue
		}
		password := creds[i].password
		u.PasswordHash = creds[i].hash
		a := report.AuditEntry{At: time.Now(), Action: "user.password", Detail: "演示重新启动，重置密码", RemoteAddr: "qicao serve --demo"}
		if err := st.UpdateUser(ctx, &u, a); err != nil {
			return nil, err
		}
		accounts = append(accounts, Account{Username: u.Username, Password: password, Role: u.Role, Name: u.Name, Title: u.Title, Unit: names[u.UnitID]})
	}
	return accounts, nil
}

// PrintAccounts writes the demo's logins as a table, aligned for a terminal where a Chinese
// character takes two columns.
func PrintAccounts(w io.Writer, accounts []Account) {
	fmt.Fprintf(w, "演示工作区“%s”已就绪。各角色的账号（密码只在此显示）：\n\n", WorkspaceName)
	rows := [][]string{{"用户名", "密码", "角色", "单位", "姓名", "职务"}}
	for _, a := range accounts {
		rows = append(rows, []string{a.Username, a.Password, roleName(a.Role), a.Unit, a.Name, a.Title})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, row := range rows {
		var sb strings.Builder
		for i, cell := range row {
			sb.WriteString(cell)
			if i < len(row)-1 {
				sb.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(sb.String(), " "))
	}
	fmt.Fprintln(w)
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wordcount.IsWide(r) {
			n++
		}
	}
	return n
}

func roleName(r report.Role) string {
	return map[report.Role]string{report.RoleAdmin: "管理员", report.RoleWriter: "写作班子", report.RoleLeader: "领导", report.RoleContact: "联络员"}[r]
}
