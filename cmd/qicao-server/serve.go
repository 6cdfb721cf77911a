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
	"net/url"
	"os"
	"os/signal"
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
	if err := fs.Parse(args); err != nil {
		return webFlagError(err)
	}
	if fs.NArg() > 0 {
		return report.Errorf(report.EINVALID, "serve 不接受参数：%s", fs.Arg(0))
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

	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if *withDemo {
		accounts, err := demo.Prepare(ctx, st)
		if err != nil {
			return err
		}
		demo.PrintAccounts(stdout, accounts)
	}
	srv, err := web.New(web.Config{Store: st, Logger: log, SecureCookies: *secure})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return report.Errorf(report.EINVALID, "无法监听 %s：%v", *addr, err)
	}
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
