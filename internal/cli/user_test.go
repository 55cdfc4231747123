package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/cli"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

// runStdin is run with the given standard input.
func runStdin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	code := cli.Run(ctx, args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// createdUser is what `user create --json` prints.
type createdUser struct {
	cyltrace.User
	UnitCode string `json:"unitCode"`
	Password string `json:"password"`
}

var printedPassword = regexp.MustCompile(`初始密码：(\S+)`)

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := "--data-dir=" + dir
	dsn := "sqlite:" + filepath.Join(dir, "cyltrace.db")
	if r := run(t, nil, "unit", "create", db, "--code", "91500107MA5UG4925L", "--name", "重庆青蓝融智科技有限公司",
		"--kind", "filling,using", "--region", "500107"); r.code != 0 {
		t.Fatalf("unit create: %s", r.stderr)
	}
	var secrets []string // every password given or printed: never in the database in clear

	// The first admin, with a generated first password shown once.
	r := run(t, nil, "user", "create", db, "--username", "admin", "--name", "市局管理员", "--role", "city_admin", "--json")
	if r.code != 0 {
		t.Fatalf("user create city_admin: exit %d %s", r.code, r.stderr)
	}
	var admin createdUser
	if err := json.Unmarshal([]byte(r.stdout), &admin); err != nil {
		t.Fatalf("user create --json printed %q: %v", r.stdout, err)
	}
	if admin.ID == 0 || !admin.HasRole(cyltrace.CityAdmin) || !admin.MustChangePassword || len(admin.Password) != 16 ||
		auth.CheckPasswordPolicy("admin", admin.Password) != nil {
		t.Errorf("created admin %+v", admin)
	}
	secrets = append(secrets, admin.Password)

	// A district acceptor, in text: the password is printed once, with a warning.
	r = run(t, nil, "user", "create", db, "--username", "yz-shouli", "--name", "张三",
		"--role", "district_acceptor,district_reviewer", "--region", "500103")
	m := printedPassword.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil || !strings.Contains(r.stdout, "只显示这一次") || !strings.Contains(r.stdout, "区县局受理人、区县局审核人") {
		t.Fatalf("user create district_acceptor: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	acceptorPassword := m[1]
	secrets = append(secrets, acceptorPassword)

	// A unit user with a first password the bureau gives on stdin: still to
	// be changed at the first login, and not printed.
	const given = "Qinglan 2026go"
	r = runStdin(t, given+"\r\n", "user", "create", db, "--username", "91500107MA5UG4925L", "--name", "青蓝燃气",
		"--role", "unit_user", "--unit", "91500107MA5UG4925L", "--password-stdin")
	if r.code != 0 || strings.Contains(r.stdout, given) || strings.Contains(r.stdout, "初始密码：") {
		t.Fatalf("user create --password-stdin: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	secrets = append(secrets, given)

	// Refusals: nothing is created, and the reason names the field.
	for _, tt := range []struct {
		name, stdin string
		args        []string
		want        []string
	}{
		{"unknown role", "", []string{"--username", "u1", "--name", "甲", "--role", "root"}, []string{"roles:"}},
		{"region out of Chongqing", "", []string{"--username", "u2", "--name", "乙", "--role", "district_approver", "--region", "510101"},
			[]string{"regionCode:", "所属区域"}},
		{"district role without region", "", []string{"--username", "u3", "--name", "丙", "--role", "district_reviewer"}, []string{"regionCode:"}},
		{"unit user without unit", "", []string{"--username", "u4", "--name", "丁", "--role", "unit_user"}, []string{"unitId:"}},
		{"everything wrong at once", "", []string{"--username", "a b", "--role", "city_admin", "--region", "500103"},
			[]string{"username:", "displayName:", "regionCode:"}},
		{"taken username", "", []string{"--username", "admin", "--name", "另一位", "--role", "city_admin"}, []string{"已存在"}},
		{"unknown unit", "", []string{"--username", "u5", "--name", "戊", "--role", "unit_user", "--unit", "915001077530560415"},
			[]string{"单位不存在"}},
		{"short stdin password", "abc123\n", []string{"--username", "u6", "--name", "己", "--role", "city_admin", "--password-stdin"},
			[]string{"password:", "至少需要10个字符"}},
		{"stdin password of digits", "12345678901\n", []string{"--username", "u7", "--name", "庚", "--role", "city_admin", "--password-stdin"},
			[]string{"password:", "字母和数字"}},
		{"stdin password with the username", "x-yz-audit-2026\n", []string{"--username", "yz-audit", "--name", "辛", "--role", "city_admin", "--password-stdin"},
			[]string{"password:", "用户名"}},
		{"stdin password is the unit code", "91500107MA5UG4925L\n", []string{"--username", "qinglan-2", "--name", "壬", "--role", "unit_user",
			"--unit", "91500107MA5UG4925L", "--password-stdin"}, []string{"password:", "单位代码"}},
		{"empty stdin", "", []string{"--username", "u8", "--name", "癸", "--role", "city_admin", "--password-stdin"}, []string{"password:"}},
	} {
		r := runStdin(t, tt.stdin, append([]string{"user", "create", db}, tt.args...)...)
		if r.code != 1 {
			t.Errorf("%s: exit %d, stderr %q; want 1", tt.name, r.code, r.stderr)
		}
		for _, want := range tt.want {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr %q lacks %q", tt.name, r.stderr, want)
			}
		}
		if strings.TrimSpace(tt.stdin) != "" && strings.Contains(r.stdout+r.stderr, strings.TrimSpace(tt.stdin)) {
			t.Errorf("%s: the output repeats the password", tt.name)
		}
	}

	// The list: the three accounts, nothing of the refused ones.
	list := run(t, nil, "user", "list", db, "--json")
	var users []cyltrace.User
	if err := json.Unmarshal([]byte(list.stdout), &users); err != nil || len(users) != 3 {
		t.Fatalf("user list --json: %d users (%v), stdout %q, stderr %q", len(users), err, list.stdout, list.stderr)
	}
	text := run(t, nil, "user", "list", db)
	for _, want := range []string{"市局管理员", "渝中区", "重庆青蓝融智科技有限公司", "单位用户", "待修改初始密码"} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("user list text lacks %q:\n%s", want, text.stdout)
		}
	}
	if r := run(t, nil, "user", "list", db, "--region", "500103", "--json"); !strings.Contains(r.stdout, "yz-shouli") ||
		strings.Contains(r.stdout, `"admin"`) {
		t.Errorf("user list --region 500103: %s", r.stdout)
	}
	if r := run(t, nil, "user", "list", db, "--unit", "91500107MA5UG4925L"); !strings.Contains(r.stdout, "青蓝燃气") ||
		strings.Contains(r.stdout, "张三") {
		t.Errorf("user list --unit: %s", r.stdout)
	}

	// The passwords verify against the stored hashes; every first password
	// must be changed; the audit names the operator and holds no password.
	s := testutil.OpenStore(t, dsn)
	for _, tt := range []struct{ username, password string }{
		{"admin", admin.Password}, {"yz-shouli", acceptorPassword}, {"91500107MA5UG4925L", given},
	} {
		u, hash, err := s.UserByUsername(context.Background(), tt.username)
		if err != nil {
			t.Fatal(err)
		}
		if hash == tt.password || !strings.HasPrefix(hash, "$argon2id$") || !auth.VerifyPassword(hash, tt.password) {
			t.Errorf("%s: stored hash %q does not verify the password", tt.username, hash)
		}
		if !u.MustChangePassword {
			t.Errorf("%s need not change the first password", tt.username)
		}
	}
	log, _ := s.AuditLog(context.Background(), store.AuditFilter{Action: "user.create"})
	if len(log) != 3 || log[0].Actor != "cli:unknown" || log[0].Address != "cli" {
		t.Errorf("audit of user create: %+v", log)
	}
	s.Close()

	// The database files never hold a password in clear. The username is
	// looked for too, to show the scan sees the data.
	var all []byte
	files, _ := filepath.Glob(filepath.Join(dir, "cyltrace.db*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	if !bytes.Contains(all, []byte("yz-shouli")) || !bytes.Contains(all, []byte("$argon2id$")) {
		t.Fatalf("the database files %v do not hold the accounts: the scan is blind", files)
	}
	for _, pw := range secrets {
		if bytes.Contains(all, []byte(pw)) {
			t.Errorf("the database holds the password %.3s… in clear", pw)
		}
	}
}

func TestUserUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"user"}, 2, "create|list"},
		{[]string{"user", "delete"}, 2, "未知子命令"},
		{[]string{"user", "create", "--bogus"}, 2, "bogus"},
		{[]string{"help"}, 0, "user"},
	} {
		r := run(t, nil, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.want) {
			t.Errorf("%v: exit %d, output %q; want exit %d and %q", tt.args, r.code, r.stdout+r.stderr, tt.code, tt.want)
		}
	}
}

func TestUserResetPassword(t *testing.T) {
	dir := t.TempDir()
	db := "--data-dir=" + dir
	if r := run(t, nil, "user", "create", db, "--username", "admin", "--name", "管理员", "--role", "city_admin"); r.code != 0 {
		t.Fatalf("user create: %s", r.stderr)
	}
	r := run(t, nil, "user", "reset-password", db, "--username", "admin")
	if r.code != 0 || !strings.Contains(r.stdout, "只显示这一次") {
		t.Fatalf("reset-password: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	pw := strings.TrimSpace(strings.SplitN(strings.SplitN(r.stdout, "：", 2)[1], "\n", 2)[0])
	s := testutil.OpenStore(t, "sqlite:"+filepath.Join(dir, "cyltrace.db"))
	u, hash, err := s.UserByUsername(context.Background(), "admin")
	if err != nil || !auth.VerifyPassword(hash, pw) || !u.MustChangePassword {
		t.Errorf("after reset: verifies %v, must change %v (%v)", auth.VerifyPassword(hash, pw), u != nil && u.MustChangePassword, err)
	}
	if r := run(t, nil, "user", "reset-password", db, "--username", "nobody"); r.code != 1 {
		t.Errorf("reset of an unknown user: exit %d", r.code)
	}
}
