package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"qicao/report"
	"qicao/store"
	"qicao/web"
)

const userUsage = `用法:
  qicao user add [--admin] [--role writer|leader|contact|admin] [--unit 单位名称] [--name 姓名] [--db DSN] 用户名
  qicao user password [--db DSN] 用户名
  qicao user token [--note 用途 | --list | --revoke 编号] [--db DSN] 用户名

密码从标准输入读取第一行；标准输入是终端或为空时，生成一个随机密码并打印。`

func runUser(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, userUsage)
		return report.Errorf(report.EINVALID, "请指定子命令 add、password 或 token")
	}
	switch args[0] {
	case "add":
		return runUserAdd(args[1:], os.Stdin, stdout, stderr)
	case "password":
		return runUserPassword(args[1:], os.Stdin, stdout, stderr)
	case "token":
		return runUserToken(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, userUsage)
		return nil
	}
	fmt.Fprintln(stderr, userUsage)
	return report.Errorf(report.EINVALID, "未知子命令 %q", args[0])
}

func runUserAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	isAdmin := fs.Bool("admin", false, "创建管理员（等同于 --role admin）")
	role := fs.String("role", "", "角色：admin、writer（写作班子）、leader（领导）、contact（联络员）")
	unitName := fs.String("unit", "", "所属单位的名称（须已存在；联络员必填）")
	name := fs.String("name", "", "姓名（默认同用户名）")
	dsn := fs.String("db", store.DefaultDSN(), "数据库：SQLite 文件路径或 postgres://…")
	username, err := oneUser(fs, args, userUsage, stderr)
	if err != nil {
		return err
	}
	u := &report.User{Username: strings.ToLower(strings.TrimSpace(username)), Name: *name, Role: report.Role(*role)}
	if u.Name == "" {
		u.Name = u.Username
	}
	switch {
	case *isAdmin && u.Role != "" && u.Role != report.RoleAdmin:
		return report.Errorf(report.EINVALID, "--admin 与 --role %s 矛盾", u.Role)
	case *isAdmin || u.Role == "":
		if !*isAdmin {
			return report.Errorf(report.EINVALID, "请用 --role 指定角色，或用 --admin 创建管理员")
		}
		u.Role = report.RoleAdmin
	}
	switch u.Role {
	case report.RoleAdmin, report.RoleWriter, report.RoleLeader, report.RoleContact:
	default:
		return report.Errorf(report.EINVALID, "未知角色 %q：可选 admin、writer、leader、contact", u.Role)
	}
	password, generated, err := readPassword(stdin)
	if err != nil {
		return err
	}
	if err := web.CheckPassword(password, u.Username); err != nil {
		return err
	}
	if u.PasswordHash, err = web.HashPassword(password); err != nil {
		return err
	}
	// a printed password has been seen on a screen: its owner replaces it at the first login
	u.MustChangePassword = generated
	ctx := context.Background()
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if *unitName != "" {
		unit, err := unitByName(ctx, st, *unitName)
		if err != nil {
			return err
		}
		u.UnitID = unit.ID
	} else if u.Role == report.RoleContact {
		return report.Errorf(report.EINVALID, "联络员须用 --unit 指定所属单位")
	}
	audit := report.AuditEntry{Action: "user.create", Detail: "qicao user add " + u.Username + " " + string(u.Role), RemoteAddr: "命令行"}
	if err := st.CreateUser(ctx, u, audit); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已创建用户 %s（%s）\n", u.Username, u.Role)
	if generated {
		fmt.Fprintf(stdout, "密码：%s\n请妥善保管，登录后可修改。\n", password)
	}
	return nil
}

func runUserPassword(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", store.DefaultDSN(), "数据库：SQLite 文件路径或 postgres://…")
	username, err := oneUser(fs, args, userUsage, stderr)
	if err != nil {
		return err
	}
	password, generated, err := readPassword(stdin)
	if err != nil {
		return err
	}
	hash, err := web.HashPassword(password)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByName(ctx, strings.ToLower(username))
	if err != nil {
		return err
	}
	if err := web.CheckPassword(password, u.Username); err != nil {
		return err
	}
	u.PasswordHash, u.MustChangePassword = hash, generated
	if err := st.UpdateUser(ctx, u, report.AuditEntry{Action: "user.password", Detail: "qicao user password", RemoteAddr: "命令行"}); err != nil {
		return err
	}
	// setting a password also lifts the login delays, as an administrator's reset does
	if err := st.ClearLoginFailures(ctx, "acct:"+u.Username); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已设置用户 %s 的密码\n", u.Username)
	if generated {
		fmt.Fprintf(stdout, "密码：%s\n", password)
	}
	return nil
}

// readPassword takes the first line of stdin when it is piped, else generates a password.
func readPassword(stdin io.Reader) (string, bool, error) {
	if f, ok := stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return web.NewPassword(), true, nil
		}
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, report.Errorf(report.EINVALID, "无法从标准输入读取密码")
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return web.NewPassword(), true, nil
	}
	return line, false, nil
}

func unitByName(ctx context.Context, st report.Store, name string) (*report.Unit, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	for i := range units {
		if units[i].Name == name {
			return &units[i], nil
		}
	}
	return nil, report.Errorf(report.ENOTFOUND, "单位 %q 不存在", name)
}

// oneUser parses a user subcommand's flags, wherever they stand, and its one user name; usage is
// what -h and a missing or extra name print.
func oneUser(fs *flag.FlagSet, args []string, usage string, stderr io.Writer) (string, error) {
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		printFlags(fs, stderr)
	}
	names, err := flagsAnywhere(fs, args)
	if err != nil {
		return "", err
	}
	if len(names) != 1 {
		fmt.Fprintln(stderr, usage)
		return "", report.Errorf(report.EINVALID, "请给出一个用户名")
	}
	return names[0], nil
}
