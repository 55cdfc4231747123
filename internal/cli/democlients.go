package cli

import (
	"context"
	"fmt"
	"io"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/store"
)

// demoClient is an API client of the demo data, with fixed credentials that
// docs/api.md uses. They exist only in demo databases.
type demoClient struct {
	role   cyltrace.Role
	appKey string
	secret string
}

func demoClientList() []demoClient {
	var list []demoClient
	for _, r := range cyltrace.Roles() {
		key := "demo-" + string(r.Role)
		list = append(list, demoClient{r.Role, key, key + "-secret-change-me"})
	}
	return list
}

// createDemoClients gives each role an API client on a fitting demo unit:
// the filling client on the using unit of the first registered, QR-tagged
// LPG cylinder (so the docking guide's examples find its cylinders), the
// manufacturer client on that cylinder's maker.
func createDemoClients(ctx context.Context, s *store.Store, out io.Writer) error {
	sample, err := demoSampleCylinder(ctx, s)
	if err != nil {
		return err
	}
	filler, err := s.Unit(ctx, sample.UseUnitID)
	if err != nil {
		return err
	}
	bureau, err := demoBureau(ctx, s)
	if err != nil {
		return err
	}
	units := map[cyltrace.Role]string{cyltrace.RoleFilling: filler.Code, cyltrace.RoleBureau: bureau.Code}
	for role, kind := range map[cyltrace.Role]cyltrace.UnitKind{cyltrace.RoleInspection: cyltrace.KindInspection,
		cyltrace.RoleManufacturer: cyltrace.KindManufacturer, cyltrace.RoleDistribution: cyltrace.KindDistribution} {
		list, err := s.Units(ctx, store.UnitFilter{Kind: kind, Limit: 1000})
		if err != nil || len(list) == 0 {
			return fmt.Errorf("demo data has no %s unit: %v", kind, err)
		}
		units[role] = list[0].Code
		for _, u := range list {
			if kind == cyltrace.KindManufacturer && u.Name == sample.Manufacturer {
				units[role] = u.Code
			}
		}
	}
	fmt.Fprintln(out, "演示接口账号（仅用于演示数据）：")
	for _, dc := range demoClientList() {
		c, _, err := createClient(ctx, s, units[dc.role], dc.role, dc.appKey, dc.secret)
		if err != nil {
			return fmt.Errorf("create demo client %s: %w", dc.appKey, err)
		}
		fmt.Fprintf(out, "  %-12s appKey %-18s appSecret %-32s 单位 %s（%s）\n", dc.role, dc.appKey, dc.secret, c.UnitName, c.UnitCode)
	}
	return nil
}

func demoSampleCylinder(ctx context.Context, s *store.Store) (*cyltrace.Cylinder, error) {
	list, err := s.Cylinders(ctx, store.CylinderFilter{Status: cyltrace.StatusInUse, Limit: 2000})
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.MediumCode == cyltrace.MediumLPG && c.Registered() && c.TagType == cyltrace.TagQR && c.UseUnitID != 0 {
			return c, nil
		}
	}
	return nil, fmt.Errorf("demo data has no registered, QR-tagged LPG cylinder")
}

// demoBureau returns the demo's city bureau, for its API client (the rule
// table, locks).
func demoBureau(ctx context.Context, s *store.Store) (*cyltrace.Unit, error) {
	list, err := s.Units(ctx, store.UnitFilter{Kind: cyltrace.KindRegulator, Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, u := range list {
		if u.Name == "重庆市市场监督管理局" {
			return u, nil
		}
	}
	return nil, fmt.Errorf("demo data has no city bureau")
}

// demoUser is a console account of the demo, with a fixed password that
// the README names. They exist only in demo databases.
type demoUser struct {
	username, name string
	roles          []cyltrace.UserRole
	region         string
	password       string
}

func demoUserList() []demoUser {
	return []demoUser{
		{"demo-admin", "市局管理员（演示）", []cyltrace.UserRole{cyltrace.CityAdmin}, "", "Demo-admin-2026"},
		{"demo-yuzhong", "渝中区受理人（演示）", []cyltrace.UserRole{cyltrace.DistrictAcceptor}, "500103", "Demo-yuzhong-2026"},
		{"demo-yuzhong-review", "渝中区审核人（演示）", []cyltrace.UserRole{cyltrace.DistrictReviewer}, "500103", "Demo-review-2026"},
		{"demo-yuzhong-approve", "渝中区审批人（演示）", []cyltrace.UserRole{cyltrace.DistrictApprover}, "500103", "Demo-approve-2026"},
	}
}

// demoUnitPassword is the password of the demo's using-unit account, whose
// username is the unit's credit code (Attachment 2 §三.1).
const demoUnitPassword = "Demo-unit-2026"

// demoMakerPassword is the password of the demo maker's account (the unit
// of the demo-manufacturer API client), for the factory-data pages.
const demoMakerPassword = "Demo-maker-2026"

// demoUnitUser returns the account of the first using unit of 渝中区, so
// that the use-registration workflow can be tried with the district's
// three demo accounts.
func demoUnitUser(ctx context.Context, s *store.Store) (demoUser, int64, error) {
	units, err := s.Units(ctx, store.UnitFilter{RegionCode: "500103", Kind: cyltrace.KindUsing, Limit: 1})
	if err != nil {
		return demoUser{}, 0, err
	}
	if len(units) == 0 {
		return demoUser{}, 0, fmt.Errorf("demo data has no using unit in 渝中区")
	}
	u := units[0]
	return demoUser{u.Code, u.Name + "（演示）", []cyltrace.UserRole{cyltrace.UnitUser}, "", demoUnitPassword}, u.ID, nil
}

// createDemoUsers makes the demo's console accounts and prints them.
func createDemoUsers(ctx context.Context, s *store.Store, out io.Writer) error {
	fmt.Fprintln(out, "演示控制台账号（仅用于演示数据）：")
	unitUser, unitID, err := demoUnitUser(ctx, s)
	if err != nil {
		return err
	}
	maker, err := demoClientUnit(ctx, s, "demo-manufacturer")
	if err != nil {
		return err
	}
	makerUser := demoUser{maker.Code, maker.Name + "（演示）", []cyltrace.UserRole{cyltrace.UnitUser}, "", demoMakerPassword}
	unitOf := map[string]int64{unitUser.username: unitID, makerUser.username: maker.ID}
	for _, du := range append(demoUserList(), unitUser, makerUser) {
		u := &cyltrace.User{Username: du.username, DisplayName: du.name, Roles: du.roles, RegionCode: du.region,
			UnitID: unitOf[du.username]}
		if err := u.Validate(); err != nil {
			return err
		}
		hash, err := auth.HashPassword(du.password)
		if err != nil {
			return err
		}
		if err := s.CreateUser(ctx, u, hash); err != nil {
			return fmt.Errorf("create demo user %s: %w", du.username, err)
		}
		fmt.Fprintf(out, "  %-20s 密码 %-18s %s\n", du.username, du.password, du.name)
	}
	return nil
}
