package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"cyltrace"
	"cyltrace/internal/store"
)

func runUnit(ctx context.Context, env Env, args []string) error {
	return subcommands(ctx, env, args, "unit", map[string]func(context.Context, Env, []string) error{
		"create": runUnitCreate,
		"list":   runUnitList,
	})
}

func runUnitCreate(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "unit create", "unit create --code CODE --name NAME --kind filling[,using…] --region 500103 [--maker-code 123] [--json]")
	var d dbFlags
	d.register(fs)
	code := fs.String("code", "", "统一社会信用代码（18位）或组织机构代码（9位）")
	name := fs.String("name", "", "单位名称")
	kinds := fs.String("kind", "", "单位类型，逗号分隔：manufacturer, filling, inspection, using, distribution")
	region := fs.String("region", "", "所在区域代码，如 500103")
	maker := fs.String("maker-code", "", "制造单位代码（3位数字，镂空码前三位；仅制造单位）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	u := &cyltrace.Unit{Code: strings.TrimSpace(*code), Name: strings.TrimSpace(*name),
		RegionCode: strings.TrimSpace(*region), MakerCode: strings.TrimSpace(*maker)}
	for _, k := range strings.Split(*kinds, ",") {
		if k = strings.TrimSpace(k); k != "" {
			u.Kinds = append(u.Kinds, cyltrace.UnitKind(k))
		}
	}
	if err := u.Validate(); err != nil {
		return err
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateUnit(ctx, u); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, u)
	}
	fmt.Fprintf(env.Stdout, "已创建单位 %d：%s（%s）\n", u.ID, u.Name, u.Code)
	return nil
}

func runUnitList(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "unit list", "unit list [--region 500103] [--kind filling] [--limit N] [--json]")
	var d dbFlags
	d.register(fs)
	region := fs.String("region", "", "只列出该区域的单位")
	kind := fs.String("kind", "", "只列出该类型的单位")
	limit := fs.Int("limit", 100, "最多列出多少个")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	units, err := s.Units(ctx, store.UnitFilter{RegionCode: *region, Kind: cyltrace.UnitKind(*kind), Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		if units == nil {
			units = []*cyltrace.Unit{}
		}
		return writeJSON(env, units)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\t单位代码\t单位名称\t类型\t区域")
	for _, u := range units {
		region, _ := cyltrace.LookupRegion(u.RegionCode)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Code, u.Name, kindNames(u.Kinds), region.Name)
	}
	return tw.Flush()
}

func kindNames(kinds []cyltrace.UnitKind) string {
	var names []string
	for _, k := range kinds {
		for _, known := range cyltrace.UnitKinds() {
			if known.Kind == k {
				names = append(names, known.Name)
			}
		}
	}
	return strings.Join(names, "、")
}

func writeJSON(env Env, v any) error {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
