package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/store"
)

func runClient(ctx context.Context, env Env, args []string) error {
	return subcommands(ctx, env, args, "client", map[string]func(context.Context, Env, []string) error{
		"create":  runClientCreate,
		"list":    runClientList,
		"disable": runClientDisable,
	})
}

// createdClient is what `client create --json` prints: the only time the
// secret is shown.
type createdClient struct {
	*cyltrace.APIClient
	AppSecret string `json:"appSecret"`
}

func runClientCreate(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "client create", "client create --unit 单位代码 --role filling|inspection|manufacturer|distribution|bureau [--json]")
	var d dbFlags
	d.register(fs)
	unitCode := fs.String("unit", "", "接口账号所属单位的统一社会信用代码或组织机构代码")
	role := fs.String("role", "", "角色：filling（充装）、inspection（检验）、manufacturer（制造）、distribution（配送销售）、bureau（市场监督管理局）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	var fe cyltrace.FieldErrors
	if *unitCode == "" {
		fe.Add("unit", cyltrace.RuleRequired, "请用 --unit 指定单位代码")
	}
	if !cyltrace.ValidRole(cyltrace.Role(*role)) {
		fe.Add("role", cyltrace.RuleCode, "角色应为 filling、inspection、manufacturer、distribution 或 bureau")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	c, secret, err := createClient(ctx, s, strings.TrimSpace(*unitCode), cyltrace.Role(*role), "", "")
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, createdClient{c, secret})
	}
	fmt.Fprintf(env.Stdout, "已为 %s（%s）创建接口账号，角色 %s\nappKey:    %s\nappSecret: %s\n"+
		"appSecret 只显示这一次，系统只保存其摘要；请立即安全地交给该单位。\n",
		c.UnitName, c.UnitCode, c.Role, c.AppKey, secret)
	return nil
}

// createClient makes an API client for a unit. An empty appKey and secret
// are issued at random; the demo passes fixed ones.
func createClient(ctx context.Context, s *store.Store, unitCode string, role cyltrace.Role, appKey, secret string) (*cyltrace.APIClient, string, error) {
	unit, err := s.UnitByCode(ctx, unitCode)
	if err != nil {
		return nil, "", err
	}
	if appKey == "" {
		if appKey, err = auth.NewAppKey(nil); err != nil {
			return nil, "", err
		}
	}
	if secret == "" {
		if secret, err = auth.NewSecret(nil); err != nil {
			return nil, "", err
		}
	}
	if kind := roleKind(role); !unit.HasKind(kind) {
		return nil, "", cyltrace.Errorf(cyltrace.EINVALID, "单位“%s”不是%s，不能开通 %s 角色的接口账号", unit.Name, kindName(kind), role)
	}
	c := &cyltrace.APIClient{AppKey: appKey, UnitID: unit.ID, Role: role}
	if err := s.CreateClient(ctx, c, auth.Hash(secret)); err != nil {
		return nil, "", err
	}
	return c, secret, nil
}

func runClientList(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "client list", "client list [--app-key KEY] [--json]")
	var d dbFlags
	d.register(fs)
	appKey := fs.String("app-key", "", "只列出该 appKey")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	all, err := s.Clients(ctx)
	if err != nil {
		return err
	}
	list := []*cyltrace.APIClient{}
	for _, c := range all {
		if *appKey == "" || c.AppKey == *appKey {
			list = append(list, c)
		}
	}
	if *asJSON {
		return writeJSON(env, list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "appKey\t角色\t单位代码\t单位名称\t状态")
	for _, c := range list {
		state := "启用"
		if c.Disabled() {
			state = "已停用 " + c.DisabledAt.In(cyltrace.CST).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.AppKey, c.Role, c.UnitCode, c.UnitName, state)
	}
	return tw.Flush()
}

func runClientDisable(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "client disable", "client disable APPKEY")
	var d dbFlags
	d.register(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "用法: cyltrace client disable APPKEY")
		return errUsage
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.DisableClient(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "接口账号 %s 已停用，其访问令牌即刻失效\n", fs.Arg(0))
	return nil
}

// roleKind is the unit kind an API role belongs to: a client acts for its
// unit, so the unit must be of that kind.
func roleKind(r cyltrace.Role) cyltrace.UnitKind {
	switch r {
	case cyltrace.RoleFilling:
		return cyltrace.KindFilling
	case cyltrace.RoleInspection:
		return cyltrace.KindInspection
	case cyltrace.RoleManufacturer:
		return cyltrace.KindManufacturer
	case cyltrace.RoleDistribution:
		return cyltrace.KindDistribution
	}
	return cyltrace.KindRegulator
}

func kindName(k cyltrace.UnitKind) string { return kindNames([]cyltrace.UnitKind{k}) }
