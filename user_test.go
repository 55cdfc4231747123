package cyltrace

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
)

// userFieldNames are the Chinese names each account field's messages use.
var userFieldNames = map[string]string{
	"username": "用户名", "displayName": "姓名", "roles": "角色", "regionCode": "区域", "unitId": "单位",
}

// checkUserFields asserts that err lists exactly the wanted "field/rule"
// pairs, each message Chinese and naming its field.
func checkUserFields(t *testing.T, err error, want ...string) {
	t.Helper()
	var got []string
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID {
			t.Fatalf("got error %v, want an EINVALID *Error", err)
		}
		for _, f := range e.Fields {
			got = append(got, f.Field+"/"+f.Rule)
			if name := userFieldNames[f.Field]; name == "" || !strings.Contains(f.Message, name) {
				t.Errorf("field %s: message %q does not name the field (%q)", f.Field, f.Message, name)
			}
			if !strings.ContainsFunc(f.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("field %s: got message %q, want Chinese", f.Field, f.Message)
			}
		}
	}
	if !sameSet(got, want) {
		t.Errorf("got field errors %v, want %v (err: %v)", got, want, err)
	}
}

func TestUserValidate(t *testing.T) {
	acceptor := func() User {
		return User{Username: "yz-shouli", DisplayName: "张三", RegionCode: "500103",
			Roles: []UserRole{DistrictAcceptor}}
	}
	tests := []struct {
		name string
		user func() User
		want []string
	}{
		{"a district acceptor", acceptor, nil},
		{"a city admin", func() User {
			return User{Username: "admin", DisplayName: "市局管理员", Roles: []UserRole{CityAdmin}}
		}, nil},
		{"a unit user named by its credit code", func() User {
			return User{Username: "91500107MA5UG4925L", DisplayName: "重庆青蓝融智科技有限公司", UnitID: 3, Roles: []UserRole{UnitUser}}
		}, nil},
		{"several district roles", func() User {
			u := acceptor()
			u.Roles = []UserRole{DistrictAcceptor, DistrictReviewer, DistrictApprover}
			return u
		}, nil},
		{"username empty", func() User { u := acceptor(); u.Username = ""; return u }, []string{"username/required"}},
		{"username two chars", func() User { u := acceptor(); u.Username = "ab"; return u }, []string{"username/range"}},
		{"username 51 chars", func() User { u := acceptor(); u.Username = strings.Repeat("a", 51); return u }, []string{"username/range"}},
		{"username 50 chars", func() User { u := acceptor(); u.Username = strings.Repeat("a", 50); return u }, nil},
		{"username with a space", func() User { u := acceptor(); u.Username = "zhang san"; return u }, []string{"username/format"}},
		{"username in Chinese", func() User { u := acceptor(); u.Username = "张三丰"; return u }, []string{"username/format"}},
		{"username full-width", func() User { u := acceptor(); u.Username = "ａｄｍｉｎ"; return u }, []string{"username/format"}},
		{"displayName empty", func() User { u := acceptor(); u.DisplayName = ""; return u }, []string{"displayName/required"}},
		{"displayName 51 chars", func() User { u := acceptor(); u.DisplayName = runes("张", 51); return u }, []string{"displayName/max_length"}},
		{"displayName with a newline", func() User { u := acceptor(); u.DisplayName = "张\n三"; return u }, []string{"displayName/format"}},
		{"roles empty", func() User { u := acceptor(); u.Roles = nil; u.RegionCode = ""; return u }, []string{"roles/required"}},
		{"role unknown", func() User { u := acceptor(); u.Roles = append(u.Roles, "root"); return u }, []string{"roles/code"}},
		{"role twice", func() User { u := acceptor(); u.Roles = append(u.Roles, DistrictAcceptor); return u }, []string{"roles/duplicate"}},
		{"district role without a region", func() User { u := acceptor(); u.RegionCode = ""; return u }, []string{"regionCode/required"}},
		{"district role in Sichuan", func() User { u := acceptor(); u.RegionCode = "510101"; return u }, []string{"regionCode/code"}},
		{"district role with a unit", func() User { u := acceptor(); u.UnitID = 3; return u }, []string{"unitId/not_allowed"}},
		{"city admin with a region", func() User {
			return User{Username: "admin", DisplayName: "市局", RegionCode: "500103", Roles: []UserRole{CityAdmin}}
		}, []string{"regionCode/not_allowed"}},
		{"city admin with a unit", func() User {
			return User{Username: "admin", DisplayName: "市局", UnitID: 1, Roles: []UserRole{CityAdmin}}
		}, []string{"unitId/not_allowed"}},
		{"city admin and a district role", func() User {
			u := acceptor()
			u.Roles = []UserRole{CityAdmin, DistrictReviewer}
			return u
		}, []string{"roles/not_allowed"}},
		{"unit user without a unit", func() User {
			return User{Username: "91500107MA5UG4925L", DisplayName: "青蓝", Roles: []UserRole{UnitUser}}
		}, []string{"unitId/required"}},
		{"unit user with a region", func() User {
			return User{Username: "91500107MA5UG4925L", DisplayName: "青蓝", UnitID: 3, RegionCode: "500107", Roles: []UserRole{UnitUser}}
		}, []string{"regionCode/not_allowed"}},
		{"unit user who is also a reviewer", func() User {
			return User{Username: "91500107MA5UG4925L", DisplayName: "青蓝", UnitID: 3, RegionCode: "500107",
				Roles: []UserRole{UnitUser, DistrictReviewer}}
		}, []string{"roles/not_allowed"}},
		{"unit user who is also the city admin", func() User {
			return User{Username: "91500107MA5UG4925L", DisplayName: "青蓝", UnitID: 3, Roles: []UserRole{UnitUser, CityAdmin}}
		}, []string{"roles/not_allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.user()
			checkUserFields(t, u.Validate(), tt.want...)
		})
	}
}

func TestUserValidateReportsEveryField(t *testing.T) {
	u := User{Username: "a b", Roles: []UserRole{DistrictApprover}, UnitID: 9}
	checkUserFields(t, u.Validate(), "username/format", "displayName/required", "regionCode/required", "unitId/not_allowed")
}

func TestUserRoles(t *testing.T) {
	u := User{Roles: []UserRole{DistrictAcceptor, DistrictApprover}}
	for _, tt := range []struct {
		role UserRole
		want bool
	}{{DistrictAcceptor, true}, {DistrictApprover, true}, {DistrictReviewer, false}, {CityAdmin, false}, {UnitUser, false}} {
		if got := u.HasRole(tt.role); got != tt.want {
			t.Errorf("HasRole(%s) = %v, want %v", tt.role, got, tt.want)
		}
	}
	if got, want := len(UserRoles()), 5; got != want {
		t.Fatalf("UserRoles() has %d roles, want %d", got, want)
	}
	for _, r := range UserRoles() {
		if UserRoleName(r.Role) != r.Name || r.Name == "" {
			t.Errorf("UserRoleName(%s) = %q, want %q", r.Role, UserRoleName(r.Role), r.Name)
		}
		if got, want := r.Role.District(), strings.HasPrefix(string(r.Role), "district_"); got != want {
			t.Errorf("%s.District() = %v, want %v", r.Role, got, want)
		}
	}
	if UserRoleName("root") != "" {
		t.Error("UserRoleName of an unknown role is not empty")
	}
}

func TestUserLockedAndJSON(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	u := User{ID: 7, Username: "admin", DisplayName: "市局", Roles: []UserRole{CityAdmin}, CreatedAt: now}
	if u.Locked(now) || u.Disabled() {
		t.Errorf("a new user is locked or disabled: %+v", u)
	}
	u.LockedUntil = now.Add(15 * time.Minute)
	if !u.Locked(now) || u.Locked(now.Add(15*time.Minute)) {
		t.Errorf("Locked around LockedUntil %v is wrong", u.LockedUntil)
	}
	b, err := json.Marshal(User{Username: "admin", Roles: []UserRole{CityAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, absent := range []string{"lockedUntil", "disabledAt", "unitId", "regionCode", "ash"} {
		if strings.Contains(got, absent) {
			t.Errorf("JSON of a fresh account %s has %q", got, absent)
		}
	}
	if !strings.Contains(got, `"roles":["city_admin"]`) {
		t.Errorf("JSON %s lacks the roles", got)
	}
}
