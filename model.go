package cyltrace

import "time"

// Cylinder is one cylinder's electronic archive (气瓶基本信息, SPEC.md §3.1).
// Dates travel as the strings of the source's formats (yyyy-mm, yyyy-mm-dd) so
// that a bad value is reported by Validate with the field's name instead of
// failing the whole JSON document.
type Cylinder struct {
	ID                     string  `json:"id"`                     // 气瓶档案ID, issued by the city system
	UseUnitName            string  `json:"useUnitName"`            // 使用单位名称
	RegionCode             string  `json:"regionCode"`             // 设备区域
	VarietyCode            string  `json:"varietyCode"`            // 设备品种
	ProductNumber          string  `json:"productNumber"`          // 产品编号(镂空码)
	MediumCode             string  `json:"mediumCode"`             // 充装介质
	Manufacturer           string  `json:"manufacturer"`           // 制造单位
	ManufactureDate        string  `json:"manufactureDate"`        // 制造年月 yyyy-mm
	NominalPressureMPa     Decimal `json:"nominalPressureMPa"`     // 公称工作压力(MPa)
	VolumeL                Decimal `json:"volumeL"`                // 容积(L)
	LastInspectionDate     string  `json:"lastInspectionDate"`     // 最近一次检验日期 yyyy-mm-dd
	NextInspectionDate     string  `json:"nextInspectionDate"`     // 下次检验日期 yyyy-mm
	UnitInternalNumber     string  `json:"unitInternalNumber"`     // 单位内编号
	Status                 string  `json:"status"`                 // 使用状态
	TagType                string  `json:"tagType"`                // 信息化管理情况
	InfoCode               string  `json:"infoCode"`               // 信息化编码, issued at binding
	QRContent              string  `json:"qrContent"`              // 二维码: the URL the QR code encodes
	RegistrationCertNumber string  `json:"registrationCertNumber"` // 使用登记证编号
	RegistrationDate       string  `json:"registrationDate"`       // 使用登记日期 yyyy-mm-dd
	RegistrationAuthority  string  `json:"registrationAuthority"`  // 使用登记机关

	// UseUnitID is the using unit the cylinder belongs to; 0 when the
	// archive was created from a name only.
	UseUnitID int64     `json:"-"`
	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Registered reports whether the cylinder's use registration was approved:
// it then carries a certificate number.
func (c *Cylinder) Registered() bool { return c.RegistrationCertNumber != "" }

// Filling is one filling record (充装信息, SPEC.md §3.2).
type Filling struct {
	SourceID        string `json:"sourceId"`              // the submitting platform's own id: the idempotency key
	CylinderID      string `json:"cylinderId,omitempty"`  // ID 气瓶档案ID
	InfoCode        string `json:"infoCode,omitempty"`    // may stand instead of cylinderId
	MediumCode      string `json:"mediumCode"`            // 充装介质
	Filler          string `json:"filler"`                // 充装人员
	FillingDate     string `json:"fillingDate"`           // 充装日期 yyyy-mm-dd
	FillingUnitName string `json:"fillingUnitName"`       // 充装单位名称
	FillingTime     string `json:"fillingTime,omitempty"` // yyyy-MM-dd HH:mm:ss, China Standard Time

	ID         int64     `json:"-"`
	UnitID     int64     `json:"-"` // the unit that submitted it
	ClientID   int64     `json:"-"` // the API client that submitted it; 0 for demo or console data
	ReceivedAt time.Time `json:"-"`
}

// Inspection is one inspection record (检验信息, SPEC.md §3.3).
type Inspection struct {
	SourceID           string `json:"sourceId"`
	CylinderID         string `json:"cylinderId,omitempty"`
	InfoCode           string `json:"infoCode,omitempty"`
	InspectionDate     string `json:"inspectionDate"`     // 检验日期 yyyy-mm-dd
	InspectionAgency   string `json:"inspectionAgency"`   // 检验检测单位
	NextInspectionDate string `json:"nextInspectionDate"` // 下次检验日期 yyyy-mm
	Conclusion         string `json:"conclusion"`         // 检验结论
	InspectionType     string `json:"inspectionType"`     // 检验类型: 定期 / 报废处置

	ID         int64     `json:"-"`
	UnitID     int64     `json:"-"`
	ClientID   int64     `json:"-"`
	ReceivedAt time.Time `json:"-"`
}

// TrailEvent is one node of a cylinder's trail (溯源轨迹信息, SPEC.md §3.4).
type TrailEvent struct {
	SourceID   string `json:"sourceId"`
	CylinderID string `json:"cylinderId,omitempty"`
	InfoCode   string `json:"infoCode,omitempty"`
	Time       string `json:"time"`      // yyyy-MM-dd HH:mm:ss, China Standard Time
	Node       string `json:"node"`      // 节点名称
	ActorName  string `json:"actorName"` // 单位名称或姓名

	ID         int64     `json:"-"`
	UnitID     int64     `json:"-"`
	ClientID   int64     `json:"-"`
	ReceivedAt time.Time `json:"-"`
}

// UnitKind is what a unit does in the traceability system; a unit may have several.
type UnitKind string

// The unit kinds.
const (
	KindManufacturer UnitKind = "manufacturer" // 制造单位
	KindFilling      UnitKind = "filling"      // 充装单位
	KindInspection   UnitKind = "inspection"   // 检验机构
	KindUsing        UnitKind = "using"        // 使用单位
	KindDistribution UnitKind = "distribution" // 配送、销售单位
	KindRegulator    UnitKind = "regulator"    // 市场监督管理局 (city or district bureau)
)

// UnitKinds lists every unit kind with its Chinese name, in display order.
func UnitKinds() []struct {
	Kind UnitKind
	Name string
} {
	return []struct {
		Kind UnitKind
		Name string
	}{
		{KindManufacturer, "制造单位"},
		{KindFilling, "充装单位"},
		{KindInspection, "检验机构"},
		{KindUsing, "使用单位"},
		{KindDistribution, "配送销售单位"},
		{KindRegulator, "市场监督管理局"},
	}
}

// Unit is an organisation that takes part: a maker, a filling or using unit,
// an inspection body, a distributor.
type Unit struct {
	ID         int64      `json:"id"`
	Code       string     `json:"code"` // 统一社会信用代码 (18) or 组织机构代码 (9): the login name
	Name       string     `json:"name"`
	Kinds      []UnitKind `json:"kinds"`
	RegionCode string     `json:"regionCode"`
	// MakerCode is a manufacturer's 3-digit code, the first digits of the
	// 12-digit traceable numbers (镂空码) it issues; empty for other units.
	MakerCode string    `json:"makerCode,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// HasKind reports whether the unit has kind k.
func (u *Unit) HasKind(k UnitKind) bool {
	for _, have := range u.Kinds {
		if have == k {
			return true
		}
	}
	return false
}

// CST is China Standard Time, the zone of every date and time in the source's
// formats. A fixed zone, so that no tzdata is needed on the machine.
var CST = time.FixedZone("CST", 8*60*60)

// At returns when the filling happened: its fillingTime, or noon (China
// time) of its fillingDate when no time was sent. It is zero for an invalid
// record.
func (f *Filling) At() time.Time {
	if t, ok := ParseDateTime(f.FillingTime); ok {
		return t
	}
	if d, ok := ParseDate(f.FillingDate); ok {
		return d.Add(12 * time.Hour)
	}
	return time.Time{}
}
