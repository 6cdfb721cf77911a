package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "q.db")
	var out, errOut bytes.Buffer
	if err := runUserAdd([]string{"--admin", "--db", db, "Boss"}, strings.NewReader("a long pass phrase\n"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "已创建用户 boss") || strings.Contains(out.String(), "密码：") {
		t.Errorf("output: %q", out.String())
	}
	// an empty stdin gets a generated password, printed once
	out.Reset()
	if err := runUserAdd([]string{"--role", "writer", "--db", db, "--name", "孙立新", "sun"}, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`密码：\S{14}`).MatchString(out.String()) {
		t.Errorf("generated password not printed: %q", out.String())
	}
	// Flags may follow the user name, as in every other command.
	if err := runUserAdd([]string{"qian", "--role", "writer", "--db", db}, strings.NewReader("a long pass phrase\n"), io.Discard, io.Discard); err != nil {
		t.Errorf("flags after the user name: %v", err)
	}
	if err := runUserPassword([]string{"qian", "--db", db}, strings.NewReader("another pass phrase\n"), io.Discard, io.Discard); err != nil {
		t.Errorf("user password with flags after the name: %v", err)
	}
	for name, args := range map[string][]string{
		"duplicate":        {"--admin", "--db", db, "boss"},
		"no role":          {"--db", db, "x"},
		"unknown role":     {"--role", "king", "--db", db, "x"},
		"contact, no unit": {"--role", "contact", "--db", db, "x"},
		"unknown unit":     {"--role", "contact", "--unit", "无此单位", "--db", db, "x"},
		"short password":   {"--admin", "--db", db, "y"},
	} {
		stdin := "a long pass phrase\n"
		if name == "short password" {
			stdin = "short\n"
		}
		var code int
		if err := runUserAdd(args, strings.NewReader(stdin), io.Discard, io.Discard); err == nil {
			t.Errorf("%s: no error", name)
		} else if code = exitCode(err, io.Discard); code == 0 {
			t.Errorf("%s: exit 0", name)
		}
	}
}

// TestServeProcess runs the real binary: the demo starts, a printed account logs in, and SIGTERM
// stops the server gracefully with exit status 0.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "qicao")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "demo.db"))
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	passwords := map[string]string{}
	var base string
	sc := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && len(f[1]) == 14 {
			passwords[f[0]] = f[1]
		}
		if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(sc.Text()); m != "" {
			base = m
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if base == "" || passwords["writer1"] == "" || passwords["contact-donghu"] == "" {
		t.Fatalf("no address or accounts printed; stderr: %s", stderr.String())
	}

	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err = c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if token == nil {
		t.Fatal("no CSRF token on the login page")
	}
	resp, err = c.PostForm(base+"/login", url.Values{"csrf": {string(token[1])}, "username": {"writer1"}, "password": {passwords["writer1"]}})
	if err != nil {
		t.Fatal(err)
	}
	home, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// the three drafts the demo uploads and the one its review meeting led to
	if n := strings.Count(string(home), "/docx\">下载</a>"); resp.StatusCode != 200 || n != 4 || !strings.Contains(string(home), "常务会议修改稿") {
		t.Fatalf("writer1's home: status %d, %d versions, want the four demo versions", resp.StatusCode, n)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("after SIGTERM: %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop within 15 s of SIGTERM")
	}
	for _, want := range []string{"msg=request", "status=200", "duration=", "msg=stopped"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

// TestServeBusyPort checks that a busy port is reported before the demo prints any password.
func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr bytes.Buffer
	err = runServe([]string{"--demo", "--addr", ln.Addr().String(), "--db", filepath.Join(t.TempDir(), "demo.db")}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "无法监听") {
		t.Fatalf("serve on a busy port: %v", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("printed before finding the port busy:\n%s", stdout.String())
	}
}

func TestParsePrefixes(t *testing.T) {
	ps, err := parsePrefixes("127.0.0.1, 10.0.0.0/8,::1")
	if err != nil || len(ps) != 3 || ps[0].Bits() != 32 || ps[1].String() != "10.0.0.0/8" || ps[2].Bits() != 128 {
		t.Errorf("parsePrefixes: %v, %v", ps, err)
	}
	if _, err := parsePrefixes("proxy.example"); err == nil {
		t.Error("a host name was taken for an address")
	}
}
