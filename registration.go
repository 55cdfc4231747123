package cyltrace

import (
	"regexp"
	"time"
)

// The states of a use-registration application (使用登记申请, Attachment 2).
// An application moves forward one step at a time; 驳回(退件) voids it from
// any state before 已办结.
const (
	RegDraft     = "草稿"  // the unit is filling it in
	RegSubmitted = "待受理" // submitted, waiting for the district acceptor
	RegAccepted  = "待审核" // accepted, waiting for the reviewer
	RegReviewed  = "待审批" // reviewed, waiting for the approver
	RegApproved  = "已办结" // approved: cylinders registered, certificate issued
	RegRejected  = "已退件" // voided by 驳回(退件): no cylinder of it is registered
)

// RegStates lists the states in the order an application passes them.
func RegStates() []string {
	return []string{RegDraft, RegSubmitted, RegAccepted, RegReviewed, RegApproved, RegRejected}
}

// EquipmentCylinder is the only 设备类型 of a cylinder registration.
const EquipmentCylinder = "气瓶"

// Photo kinds of a registration item (Attachment 2 §三.4).
const (
	PhotoStamp       = "钢印"   // the steel stamp: product number or 镂空码
	PhotoCertificate = "监检证书" // the supervision-inspection certificate
)

// Photos per cylinder (Attachment 2 §三.4: 2–4 photos).
const (
	MinPhotos = 2
	MaxPhotos = 4
)

// Review verdicts of the acceptor's 审核附件 (figure 9).
const (
	ReviewCorrect = "正确"
	ReviewWrong   = "错误"
)

// Registration is one application for use registration: the unit block and
// the safety-department block of figure 3. Its cylinders are
// RegistrationItems. RegionCode is the district of the safety department;
// that district's bureau handles the application.
type Registration struct {
	ID            int64  `json:"id"`
	UnitID        int64  `json:"unitId"`
	EquipmentType string `json:"equipmentType"` // 设备类型: 气瓶
	State         string `json:"state"`

	UnitName string `json:"unitName"` // 使用单位
	UnitCode string `json:"unitCode"` // 统一社会信用代码 (or 组织机构代码)
	LegalRep string `json:"legalRep"` // 法人代表
	Phone    string `json:"phone"`    // 电话
	Fax      string `json:"fax"`      // 传真
	Postcode string `json:"postcode"` // 邮编

	DeptName      string `json:"deptName"`      // 安管部门 部门全称
	RegionCode    string `json:"regionCode"`    // 区县
	Address       string `json:"address"`       // 具体地址
	ManagerName   string `json:"managerName"`   // 主管负责人
	ManagerMobile string `json:"managerMobile"` // 主管负责人 移动电话
	ManagerPhone  string `json:"managerPhone"`  // 主管负责人 联系电话
	HandlerName   string `json:"handlerName"`   // 经办人
	HandlerMobile string `json:"handlerMobile"` // 经办人 移动电话
	HandlerPhone  string `json:"handlerPhone"`  // 经办人 联系电话

	CertNumber  string    `json:"certNumber,omitempty"` // 使用登记证编号, once approved
	CreatedAt   time.Time `json:"createdAt"`
	SubmittedAt time.Time `json:"submittedAt,omitzero"` // 申请时间
	UpdatedAt   time.Time `json:"updatedAt"`
}

// Open reports whether the application still holds its cylinders' triples
// against other applications: until it is approved or voided.
func (r *Registration) Open() bool { return r.State != RegApproved && r.State != RegRejected }

var (
	mobileRE   = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	phoneRE    = regexp.MustCompile(`^[0-9][0-9-]{5,18}[0-9]$`)
	postcodeRE = regexp.MustCompile(`^[0-9]{6}$`)
)

// Validate checks the two blocks of figure 3 and reports every bad field at
// once as an EINVALID *Error. The starred fields are required; 传真, 邮编
// and 具体地址 are not.
func (r *Registration) Validate() error {
	v := &checker{}
	v.text("unitName", "使用单位", r.UnitName, true, 100)
	if r.UnitCode == "" || !ValidUnitCode(r.UnitCode) {
		v.add("unitCode", RuleFormat, "组织机构代码（或统一社会信用代码）应为有效的18位统一社会信用代码或9位组织机构代码，%s 不符合", quote(r.UnitCode))
	}
	v.text("legalRep", "法人代表", r.LegalRep, true, 50)
	v.phone("phone", "电话", r.Phone, true)
	v.phone("fax", "传真", r.Fax, false)
	if r.Postcode != "" && !postcodeRE.MatchString(r.Postcode) {
		v.add("postcode", RuleFormat, "邮编应为6位数字，%s 不符合", quote(r.Postcode))
	}
	v.text("deptName", "部门全称", r.DeptName, true, 100)
	if _, ok := LookupRegion(r.RegionCode); !ok {
		v.add("regionCode", RuleRequired, "请选择安管部门所在区县")
	}
	v.text("address", "具体地址", r.Address, false, 200)
	v.person("manager", "主管负责人", r.ManagerName, r.ManagerMobile, r.ManagerPhone)
	v.person("handler", "经办人", r.HandlerName, r.HandlerMobile, r.HandlerPhone)
	return v.errs.Err()
}

// person checks a contact: name, mobile and landline, all required.
func (c *checker) person(prefix, role, name, mobile, phone string) {
	c.text(prefix+"Name", role, name, true, 50)
	switch {
	case mobile == "":
		c.add(prefix+"Mobile", RuleRequired, "%s的移动电话不能为空", role)
	case !mobileRE.MatchString(mobile):
		c.add(prefix+"Mobile", RuleFormat, "%s的移动电话应为11位手机号码，%s 不符合", role, quote(mobile))
	}
	c.phone(prefix+"Phone", role+"的联系电话", phone, true)
}

// phone checks a landline or mobile number: digits with optional hyphens.
func (c *checker) phone(field, name, v string, required bool) {
	switch {
	case v == "":
		if required {
			c.add(field, RuleRequired, "%s不能为空", name)
		}
	case !phoneRE.MatchString(v):
		c.add(field, RuleFormat, "%s应为数字（可含“-”，如 023-62765799），%s 不符合", name, quote(v))
	}
}

// RegistrationItem is one cylinder of an application: the archive fields
// the unit imported, its photos, and the acceptor's verdict on them.
type RegistrationItem struct {
	ID             int64    `json:"id"`
	RegistrationID int64    `json:"registrationId"`
	Line           int      `json:"line"`     // the row of the imported workbook
	Cylinder       Cylinder `json:"cylinder"` // its ID is set once approved
	Photos         int      `json:"photos"`   // how many are uploaded
	Review         string   `json:"review"`   // "", 正确 or 错误
	ReviewNote     string   `json:"reviewNote"`
	Excluded       bool     `json:"excluded"` // left out at 受理: photos judged wrong
	// FactoryCheck is the cross-check with the maker's data at import:
	// FactoryMatched or FactoryNotFound (a mismatch never joins).
	FactoryCheck string `json:"factoryCheck"`
}

// RegistrationStep is one line of 流转详情: who did what, when, and why.
type RegistrationStep struct {
	ID        int64     `json:"id"`
	Action    string    `json:"action"` // 创建, 导入, 提交, 审核附件, 受理, 审核, 审批, 证书生成, 驳回(退件)
	UserID    int64     `json:"userId"`
	UserName  string    `json:"userName"`
	FromState string    `json:"fromState"`
	ToState   string    `json:"toState"`
	Opinion   string    `json:"opinion"`
	At        time.Time `json:"at"`
}

// RegistrationPhoto is one uploaded photo of an item; the bytes live in the
// image store under SHA256.
type RegistrationPhoto struct {
	ID     int64  `json:"id"`
	ItemID int64  `json:"itemId"`
	Kind   string `json:"kind"` // 钢印 or 监检证书
	SHA256 string `json:"sha256"`
	Format string `json:"format"`
}
