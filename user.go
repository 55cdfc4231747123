package cyltrace

import (
	"strings"
	"time"
)

// UserRole is what a person may do in the web console. A district role binds
// its holder to one region; the unit role binds its holder to one unit.
type UserRole string

// The console roles.
const (
	CityAdmin        UserRole = "city_admin"        // 市局管理员: every region, the admin pages
	DistrictAcceptor UserRole = "district_acceptor" // 区县局受理人
	DistrictReviewer UserRole = "district_reviewer" // 区县局审核人
	DistrictApprover UserRole = "district_approver" // 区县局审批人
	UnitUser         UserRole = "unit_user"         // 单位用户: a maker, filling, inspection or using unit
)

// UserRoles lists the console roles with their Chinese names, in display order.
func UserRoles() []struct {
	Role UserRole
	Name string
} {
	return []struct {
		Role UserRole
		Name string
	}{
		{CityAdmin, "市局管理员"},
		{DistrictAcceptor, "区县局受理人"},
		{DistrictReviewer, "区县局审核人"},
		{DistrictApprover, "区县局审批人"},
		{UnitUser, "单位用户"},
	}
}

// UserRoleName returns the Chinese name of a role, "" for an unknown one.
func UserRoleName(r UserRole) string {
	for _, known := range UserRoles() {
		if known.Role == r {
			return known.Name
		}
	}
	return ""
}

// District reports whether r is one of the district bureau's roles, which
// are bound to a region.
func (r UserRole) District() bool {
	return r == DistrictAcceptor || r == DistrictReviewer || r == DistrictApprover
}

// User is one person's console account. The password is never part of it:
// the store keeps only its hash, apart from the user.
type User struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"` // the login name; a unit's first one is its credit code
	DisplayName string `json:"displayName"`
	// UnitID is the unit of a unit user, 0 for the bureaus' staff.
	UnitID int64 `json:"unitId,omitempty"`
	// RegionCode is the region of a district bureau's staff, "" otherwise.
	RegionCode         string     `json:"regionCode,omitempty"`
	Roles              []UserRole `json:"roles"`
	MustChangePassword bool       `json:"mustChangePassword"` // a first or reset password, to be changed at the next login
	FailedLogins       int        `json:"failedLogins"`       // wrong passwords since the last good one
	LockedUntil        time.Time  `json:"lockedUntil,omitzero"`
	DisabledAt         time.Time  `json:"disabledAt,omitzero"`
	CreatedAt          time.Time  `json:"createdAt"`
}

// HasRole reports whether the user holds role r.
func (u *User) HasRole(r UserRole) bool {
	for _, have := range u.Roles {
		if have == r {
			return true
		}
	}
	return false
}

// Disabled reports whether the account was disabled.
func (u *User) Disabled() bool { return !u.DisabledAt.IsZero() }

// Locked reports whether the account is locked at now after repeated wrong
// passwords.
func (u *User) Locked(now time.Time) bool { return u.LockedUntil.After(now) }

// Validate checks an account and reports every bad field at once as an
// EINVALID *Error. Whether the username is taken and the unit exists is
// the store's to check.
func (u *User) Validate() error {
	v := &checker{} // no field of an account is compared with the clock
	v.username(u.Username)
	v.text("displayName", "姓名", u.DisplayName, true, 50)
	district, unit, city := v.userRoles(u.Roles)
	switch {
	case district:
		if u.RegionCode == "" {
			v.add("regionCode", RuleRequired, "区县局受理人、审核人、审批人必须指定所属区域")
		} else {
			_, ok := LookupRegion(u.RegionCode)
			v.code("regionCode", "所属区域", u.RegionCode, true, ok, true, "重庆市区域代码之一（500101 万州区 … 500299 万盛经济开发区）")
		}
	case u.RegionCode != "":
		v.add("regionCode", RuleNotAllowed, "只有区县局受理人、审核人、审批人才能指定所属区域")
	}
	switch {
	case unit && u.UnitID <= 0:
		v.add("unitId", RuleRequired, "单位用户必须指定所属单位")
	case !unit && u.UnitID != 0:
		v.add("unitId", RuleNotAllowed, "只有单位用户才能指定所属单位，市局和区县局人员不属于任何单位")
	}
	switch {
	case unit && (district || city):
		v.add("roles", RuleNotAllowed, "单位用户不能同时担任市局或区县局角色，请分别开设账号")
	case city && district:
		v.add("roles", RuleNotAllowed, "市局管理员不属于任何区县，不能同时担任区县局角色，请分别开设账号")
	}
	return v.errs.Err()
}

// username checks a login name: visible ASCII only, so that two names that
// look the same are the same bytes (a unit's credit or organisation code is
// such a name).
func (c *checker) username(s string) {
	const field, name = "username", "用户名"
	switch {
	case s == "":
		c.add(field, RuleRequired, "%s不能为空", name)
	case strings.IndexFunc(s, func(r rune) bool { return r < '!' || r > '~' }) >= 0:
		c.add(field, RuleFormat, "%s只能包含英文字母、数字和英文符号，不能有空格、汉字或控制字符", name)
	case len(s) < 3 || len(s) > 50: // visible ASCII: bytes are characters
		c.add(field, RuleRange, "%s应为3–50个字符（现为%d个）", name, len(s))
	}
}

// userRoles checks the role list and says which kinds of role it holds.
func (c *checker) userRoles(roles []UserRole) (district, unit, city bool) {
	const field, name = "roles", "角色"
	if len(roles) == 0 {
		c.add(field, RuleRequired, "%s至少选择一项", name)
		return
	}
	var known []string
	for _, r := range UserRoles() {
		known = append(known, string(r.Role)+"（"+r.Name+"）")
	}
	seen := make(map[UserRole]bool, len(roles))
	for _, r := range roles {
		switch {
		case seen[r]:
			c.add(field, RuleDuplicate, "%s %s 重复", name, quote(string(r)))
		case UserRoleName(r) == "":
			c.add(field, RuleCode, "%s %s 不存在，应为 %s", name, quote(string(r)), strings.Join(known, "、"))
		}
		seen[r] = true
		district = district || r.District()
		unit = unit || r == UnitUser
		city = city || r == CityAdmin
	}
	return district, unit, city
}
