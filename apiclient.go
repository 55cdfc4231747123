package cyltrace

import "time"

// Role is what an API client of a unit's platform may do (SPEC.md §4).
type Role string

// The API roles.
const (
	RoleFilling      Role = "filling"      // 充装单位
	RoleInspection   Role = "inspection"   // 检验机构
	RoleManufacturer Role = "manufacturer" // 制造单位
	RoleDistribution Role = "distribution" // 配送、销售单位
	RoleBureau       Role = "bureau"       // 市场监督管理局: the rule table, locks
)

// Roles returns the API roles with their Chinese names.
func Roles() []struct {
	Role Role
	Name string
} {
	return []struct {
		Role Role
		Name string
	}{
		{RoleFilling, "充装单位"},
		{RoleInspection, "检验机构"},
		{RoleManufacturer, "制造单位"},
		{RoleDistribution, "配送销售单位"},
		{RoleBureau, "市场监督管理局"},
	}
}

// ValidRole reports whether r is one of Roles.
func ValidRole(r Role) bool {
	for _, known := range Roles() {
		if known.Role == r {
			return true
		}
	}
	return false
}

// APIClient is one unit platform's credentials for the data-sharing API: an
// appKey, a secret known only as a hash, one unit and one role.
type APIClient struct {
	ID         int64     `json:"id"`
	AppKey     string    `json:"appKey"`
	UnitID     int64     `json:"unitId"`
	UnitCode   string    `json:"unitCode"`
	UnitName   string    `json:"unitName"`
	Role       Role      `json:"role"`
	CreatedAt  time.Time `json:"createdAt"`
	DisabledAt time.Time `json:"disabledAt,omitzero"`
}

// Disabled reports whether the client was disabled.
func (c *APIClient) Disabled() bool { return !c.DisabledAt.IsZero() }
