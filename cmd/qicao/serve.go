package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"qicao/demo"
	"qicao/report"
	"qicao/store"
	"qicao/web"
)

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "监听地址")
	dsn := fs.String("db", "", "数据库：SQLite 文件路径，或 postgres://… 使用 PostgreSQL（默认取环境变量 QICAO_DB，否则为 qicao.db；--demo 时为 qicao-demo.db）")
	withDemo := fs.Bool("demo", false, "建立（或重新打开）示例市的演示工作区，并打印各角色的账号和密码")
	secure := fs.Bool("secure-cookies", false, "Cookie 只经 HTTPS 发送；在 HTTPS 反向代理之后运行时打开")
	ipHeader := fs.String("client-ip-header", os.Getenv("QICAO_CLIENT_IP_HEADER"), "在反向代理之后运行时，从此请求头读取用户地址（如 X-Forwarded-For、X-Real-IP；默认取环境变量 QICAO_CLIENT_IP_HEADER）；只相信来自 --trusted-proxy 的请求")
	proxies := fs.String("trusted-proxy", "127.0.0.1/32,::1/128", "可信的反向代理地址（逗号分隔的 IP 或网段）")
	fs.Usage = func() {
		io.WriteString(stderr, "用法: qicao serve [--db 数据库] [--addr 地址] [--demo]\n\n运行网页应用。\n\n")
		printFlags(fs, stderr)
	}
	if err := fs.Parse(args); err != nil {
		return webFlagError(err)
	}
	if fs.NArg() > 0 {
		return report.Errorf(report.EINVALID, "serve 不接受参数：%s", fs.Arg(0))
	}
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		return err
	}
	if *dsn == "" {
		*dsn = store.DefaultDSN()
		if *withDemo && os.Getenv("QICAO_DB") == "" {
			// the demo keeps out of a real database unless asked
			*dsn = "qicao-demo.db"
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// a busy port is said before anything else, not after the demo's passwords
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return report.Errorf(report.EINVALID, "无法监听 %s：%v", *addr, err)
	}
	defer ln.Close()
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return interrupted(ctx, err)
	}
	defer st.Close()
	if *withDemo {
		accounts, err := demo.Prepare(ctx, st)
		if err != nil {
			return interrupted(ctx, err)
		}
		demo.PrintAccounts(stdout, accounts)
	}
	srv, err := web.New(web.Config{Store: st, Logger: log, SecureCookies: *secure, ClientIPHeader: *ipHeader, TrustedProxies: trusted})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "qicao 已启动：%s（数据库 %s），按 Ctrl+C 停止\n", serveURL(ln.Addr()), redactDSN(*dsn))
	err = srv.Serve(ctx, ln)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err == nil {
		log.Info("stopped")
	}
	return err
}

// interrupted says that Ctrl+C stopped the start, rather than an internal error, when it did.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return report.Errorf(report.EINVALID, "启动已中断（Ctrl+C）；演示数据若未建完，请删除演示数据库文件后重新启动")
	}
	return err
}

// parsePrefixes reads a comma-separated list of addresses and networks.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, report.Errorf(report.EINVALID, "--trusted-proxy：%q 不是 IP 地址或网段", f)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, report.Errorf(report.EINVALID, "--trusted-proxy：%q 不是 IP 地址或网段", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// serveURL is the address to open in a browser: a wildcard listener is reachable on localhost.
func serveURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port)) + "/"
}

// webFlagError makes a flag parsing error a usage error (exit 2); -h is not an error.
func webFlagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return report.Errorf(report.EINVALID, "%v", err)
}

// redactDSN hides a PostgreSQL password before the DSN is printed.
func redactDSN(dsn string) string {
	if !store.IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
