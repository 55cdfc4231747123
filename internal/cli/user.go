package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/store"
)

func runUser(ctx context.Context, env Env, args []string) error {
	return subcommands(ctx, env, args, "user", map[string]func(context.Context, Env, []string) error{
		"create":         runUserCreate,
		"list":           runUserList,
		"reset-password": runUserResetPassword,
	})
}

// createdUser is what `user create --json` prints. Password is the
// generated first password: the only time it is shown.
type createdUser struct {
	*cyltrace.User
	UnitCode string `json:"unitCode,omitempty"`
	Password string `json:"password,omitempty"`
}

func runUserCreate(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "user create", "user create --username NAME --name 姓名 --role city_admin[,…] "+
		"[--region 500103] [--unit 单位代码] [--password-stdin] [--json]")
	var d dbFlags
	d.register(fs)
	username := fs.String("username", "", "登录用户名（3–50个英文字母、数字或符号；单位用户可用单位代码）")
	name := fs.String("name", "", "姓名或显示名")
	roles := fs.String("role", "", "角色，逗号分隔：city_admin（市局管理员）、district_acceptor（区县局受理人）、"+
		"district_reviewer（审核人）、district_approver（审批人）、unit_user（单位用户）")
	region := fs.String("region", "", "区县局人员所属区域代码，如 500103")
	unitCode := fs.String("unit", "", "单位用户所属单位的统一社会信用代码或组织机构代码")
	fromStdin := fs.Bool("password-stdin", false, "从标准输入读取一行作为初始密码（否则随机生成并显示一次）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	u := &cyltrace.User{Username: strings.TrimSpace(*username), DisplayName: strings.TrimSpace(*name),
		RegionCode: strings.TrimSpace(*region), MustChangePassword: true}
	for _, r := range strings.Split(*roles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			u.Roles = append(u.Roles, cyltrace.UserRole(r))
		}
	}
	var password string
	if *fromStdin {
		var err error
		if password, err = readPasswordLine(env.Stdin); err != nil {
			return err
		}
	}

	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	code := strings.TrimSpace(*unitCode)
	if code != "" {
		unit, err := s.UnitByCode(ctx, code)
		if err != nil {
			return err
		}
		if len(unit.Kinds) == 1 && unit.HasKind(cyltrace.KindRegulator) {
			return cyltrace.Errorf(cyltrace.EINVALID, "“%s”是市场监督管理局，其人员应开设市局或区县局角色的账号，不是单位用户", unit.Name)
		}
		u.UnitID = unit.ID
	}
	// Every bad field at once: the account's and the given password's.
	var fe cyltrace.FieldErrors
	if err := collectFields(&fe, u.Validate()); err != nil {
		return err
	}
	if *fromStdin {
		if err := collectFields(&fe, auth.CheckPasswordPolicy(u.Username, password, code)); err != nil {
			return err
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}

	generated := ""
	if !*fromStdin {
		if password, err = firstPassword(u.Username, code); err != nil {
			return err
		}
		generated = password
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.CreateUser(ctx, u, hash); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, createdUser{u, code, generated})
	}
	fmt.Fprintf(env.Stdout, "已创建用户 %s（%s），角色：%s\n", u.Username, u.DisplayName, roleNames(u.Roles))
	if generated != "" {
		fmt.Fprintf(env.Stdout, "初始密码：%s\n初始密码只显示这一次，系统只保存其摘要；请立即安全地交给本人，首次登录时必须修改。\n", generated)
	} else {
		fmt.Fprintln(env.Stdout, "已设置由标准输入给出的初始密码；首次登录时必须修改。")
	}
	return nil
}

// readPasswordLine reads the first line of r, without its line ending.
// Nothing else of the line is trimmed: a space may be part of a password.
func readPasswordLine(r io.Reader) (string, error) {
	if r == nil {
		return "", nil
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r"), nil
}

// firstPassword generates a first password that passes the policy: the
// user must change it at the first login, the bureau hands it over.
func firstPassword(username, unitCode string) (string, error) {
	for {
		pw, err := auth.GeneratePassword(nil)
		if err != nil {
			return "", err
		}
		if auth.CheckPasswordPolicy(username, pw, unitCode) == nil {
			return pw, nil
		}
	}
}

// collectFields adds the field errors of an EINVALID error to fe and
// returns any other error.
func collectFields(fe *cyltrace.FieldErrors, err error) error {
	var e *cyltrace.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e) && e.Code == cyltrace.EINVALID && len(e.Fields) > 0:
		*fe = append(*fe, e.Fields...)
		return nil
	}
	return err
}

func runUserList(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "user list", "user list [--region 500103] [--unit 单位代码] [--limit N] [--offset N] [--json]")
	var d dbFlags
	d.register(fs)
	region := fs.String("region", "", "只列出该区域的区县局人员")
	unitCode := fs.String("unit", "", "只列出该单位的用户")
	limit := fs.Int("limit", 100, "最多列出多少个")
	offset := fs.Int("offset", 0, "跳过前多少个")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	filter := store.UserFilter{RegionCode: *region, Limit: *limit, Offset: *offset}
	if *unitCode != "" {
		unit, err := s.UnitByCode(ctx, *unitCode)
		if err != nil {
			return err
		}
		filter.UnitID = unit.ID
	}
	users, err := s.Users(ctx, filter)
	if err != nil {
		return err
	}
	if *asJSON {
		if users == nil {
			users = []*cyltrace.User{}
		}
		return writeJSON(env, users)
	}
	units := map[int64]string{}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\t用户名\t姓名\t角色\t所属区域或单位\t状态")
	for _, u := range users {
		where := "全市"
		if r, ok := cyltrace.LookupRegion(u.RegionCode); ok {
			where = r.Name
		}
		if u.UnitID != 0 {
			if _, ok := units[u.UnitID]; !ok {
				units[u.UnitID] = "?"
				if unit, err := s.Unit(ctx, u.UnitID); err == nil {
					units[u.UnitID] = unit.Name
				}
			}
			where = units[u.UnitID]
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.DisplayName, roleNames(u.Roles), where, userState(u, time.Now()))
	}
	return tw.Flush()
}

func userState(u *cyltrace.User, now time.Time) string {
	switch {
	case u.Disabled():
		return "已停用"
	case u.Locked(now):
		return "锁定至 " + u.LockedUntil.In(cyltrace.CST).Format("2006-01-02 15:04")
	case u.MustChangePassword:
		return "待修改初始密码"
	}
	return "正常"
}

func roleNames(roles []cyltrace.UserRole) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		if names[i] = cyltrace.UserRoleName(r); names[i] == "" {
			names[i] = string(r)
		}
	}
	return strings.Join(names, "、")
}
