package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"cyltrace"
	"cyltrace/internal/store"
)

func runCylinder(ctx context.Context, env Env, args []string) error {
	return subcommands(ctx, env, args, "cylinder", map[string]func(context.Context, Env, []string) error{
		"list": runCylinderList,
		"show": runCylinderShow,
	})
}

func runCylinderList(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "cylinder list", "cylinder list [--status 在用|停用|报废] [--region 500103] [--limit N] [--offset N] [--json]")
	var d dbFlags
	d.register(fs)
	status := fs.String("status", "", "只列出该使用状态：在用、停用、报废")
	region := fs.String("region", "", "只列出该区域的气瓶")
	limit := fs.Int("limit", 20, "最多列出多少只")
	offset := fs.Int("offset", 0, "跳过前多少只")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *status != "" && !isStatus(*status) {
		return cyltrace.Errorf(cyltrace.EINVALID, "使用状态 %q 无效，应为 在用、停用 或 报废", *status)
	}
	if *limit < 1 || *limit > 10000 {
		return cyltrace.Errorf(cyltrace.EINVALID, "--limit 应在 1 到 10000 之间")
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Cylinders(ctx, store.CylinderFilter{Status: *status, RegionCode: *region, Limit: *limit, Offset: *offset})
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []*cyltrace.Cylinder{}
		}
		return writeJSON(env, list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "气瓶档案ID\t产品编号\t充装介质\t使用单位\t状态\t下次检验\t登记证")
	for _, c := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.ProductNumber, mediumName(c.MediumCode),
			c.UseUnitName, c.Status, c.NextInspectionDate, orDash(c.RegistrationCertNumber))
	}
	return tw.Flush()
}

func isStatus(s string) bool {
	for _, st := range cyltrace.Statuses() {
		if st == s {
			return true
		}
	}
	return false
}

// cylinderDetail is what `cylinder show --json` prints.
type cylinderDetail struct {
	Cylinder    *cyltrace.Cylinder     `json:"cylinder"`
	Inspections []*cyltrace.Inspection `json:"inspections"`
	Fillings    []*cyltrace.Filling    `json:"fillings"`
	Trail       []*cyltrace.TrailEvent `json:"trail"`
}

func runCylinderShow(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "cylinder show", "cylinder show [--json] ID|信息化编码")
	var d dbFlags
	d.register(fs)
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "用法: cyltrace cylinder show [--json] ID|信息化编码")
		return errUsage
	}
	ref := fs.Arg(0)
	if !cyltrace.ValidCylinderID(ref) && !cyltrace.ValidInfoCode(ref) {
		return cyltrace.Errorf(cyltrace.EINVALID, "%q 不是有效的气瓶档案ID或信息化编码", ref)
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	detail, err := loadDetail(ctx, s, ref)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env, detail)
	}
	printDetail(env, detail)
	return nil
}

func loadDetail(ctx context.Context, s *store.Store, ref string) (*cylinderDetail, error) {
	c, err := s.Cylinder(ctx, ref)
	if cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND {
		c, err = s.CylinderByInfoCode(ctx, ref)
	}
	if err != nil {
		return nil, err
	}
	d := &cylinderDetail{Cylinder: c}
	if d.Inspections, err = s.Inspections(ctx, c.ID, 20); err != nil {
		return nil, err
	}
	if d.Fillings, err = s.Fillings(ctx, c.ID, 20); err != nil {
		return nil, err
	}
	if d.Trail, err = s.Trail(ctx, c.ID, 20); err != nil {
		return nil, err
	}
	return d, nil
}

func printDetail(env Env, d *cylinderDetail) {
	c := d.Cylinder
	region, _ := cyltrace.LookupRegion(c.RegionCode)
	variety, _ := cyltrace.LookupVariety(c.VarietyCode)
	rows := [][2]string{
		{"气瓶档案ID", c.ID}, {"使用单位名称", c.UseUnitName}, {"设备区域", c.RegionCode + " " + region.Name},
		{"设备品种", c.VarietyCode + " " + variety.Name}, {"产品编号", c.ProductNumber},
		{"充装介质", c.MediumCode + " " + mediumName(c.MediumCode)}, {"制造单位", c.Manufacturer},
		{"制造年月", c.ManufactureDate}, {"公称工作压力(MPa)", c.NominalPressureMPa.String()},
		{"容积(L)", c.VolumeL.String()}, {"最近一次检验日期", orDash(c.LastInspectionDate)},
		{"下次检验日期", c.NextInspectionDate}, {"单位内编号", orDash(c.UnitInternalNumber)},
		{"使用状态", c.Status}, {"信息化管理情况", orDash(c.TagType)}, {"信息化编码", orDash(c.InfoCode)},
		{"二维码", orDash(c.QRContent)}, {"使用登记证编号", orDash(c.RegistrationCertNumber)},
		{"使用登记日期", orDash(c.RegistrationDate)}, {"使用登记机关", orDash(c.RegistrationAuthority)},
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "\n检验记录（最近 %d 条）\n", len(d.Inspections))
	for _, in := range d.Inspections {
		fmt.Fprintf(env.Stdout, "  %s  %s  %s  %s  下次 %s\n", in.InspectionDate, in.InspectionType,
			in.Conclusion, in.InspectionAgency, orDash(in.NextInspectionDate))
	}
	fmt.Fprintf(env.Stdout, "\n充装记录（最近 %d 条）\n", len(d.Fillings))
	for _, f := range d.Fillings {
		fmt.Fprintf(env.Stdout, "  %s  %s  %s  %s\n", f.FillingDate, mediumName(f.MediumCode), f.FillingUnitName, f.Filler)
	}
	fmt.Fprintf(env.Stdout, "\n溯源轨迹（最近 %d 条）\n", len(d.Trail))
	for _, t := range d.Trail {
		fmt.Fprintf(env.Stdout, "  %s  %s  %s\n", t.Time, t.Node, t.ActorName)
	}
}

func mediumName(code string) string {
	m, _ := cyltrace.LookupMedium(code)
	return m.Name
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
