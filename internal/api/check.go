package api

import (
	"net/http"

	"cyltrace"
	"cyltrace/internal/store"
)

type checkRequest struct {
	CylinderID string `json:"cylinderId"`
	InfoCode   string `json:"infoCode"`
	QRContent  string `json:"qrContent"`
	MediumCode string `json:"mediumCode"`
}

// Validate checks that one code names the cylinder and the medium is known.
func (c *checkRequest) Validate() error {
	var fe cyltrace.FieldErrors
	n := 0
	for _, v := range []string{c.CylinderID, c.InfoCode, c.QRContent} {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		fe.Add("infoCode", cyltrace.RuleRequired, "请提供扫描到的信息化编码、二维码内容或气瓶档案ID")
	case n > 1:
		fe.Add("infoCode", cyltrace.RuleNotAllowed, "信息化编码、二维码内容、气瓶档案ID只能提供一个")
	case c.CylinderID != "" && !cyltrace.ValidCylinderID(c.CylinderID):
		fe.Add("cylinderId", cyltrace.RuleFormat, "气瓶档案ID格式不正确")
	case c.InfoCode != "" && !cyltrace.ValidInfoCode(c.InfoCode):
		fe.Add("infoCode", cyltrace.RuleFormat, "信息化编码格式不正确")
	case len([]rune(c.QRContent)) > 1000:
		fe.Add("qrContent", cyltrace.RuleMaxLength, "二维码内容不能超过1000个字")
	}
	if c.MediumCode == "" {
		fe.Add("mediumCode", cyltrace.RuleRequired, "请提供本次充装的介质代码（G1–G20）")
	} else if _, known := cyltrace.LookupMedium(c.MediumCode); !known {
		fe.Add("mediumCode", cyltrace.RuleCode, "充装介质代码应为 G1–G20")
	}
	return fe.Err()
}

func (c *checkRequest) reference() (by, value string) {
	switch {
	case c.CylinderID != "":
		return "id", c.CylinderID
	case c.InfoCode != "":
		return "infoCode", c.InfoCode
	}
	return "qrContent", c.QRContent
}

// stationView is what a filling station's screen shows of the cylinder:
// no personal data.
type stationView struct {
	ID                     string           `json:"id"`
	InfoCode               string           `json:"infoCode"`
	ProductNumber          string           `json:"productNumber"`
	UseUnitName            string           `json:"useUnitName"`
	VarietyCode            string           `json:"varietyCode"`
	MediumCode             string           `json:"mediumCode"`
	MediumName             string           `json:"mediumName"`
	VolumeL                cyltrace.Decimal `json:"volumeL"`
	ManufactureDate        string           `json:"manufactureDate"`
	NextInspectionDate     string           `json:"nextInspectionDate"`
	Status                 string           `json:"status"`
	RegistrationCertNumber string           `json:"registrationCertNumber"`
}

type checkResponse struct {
	Allowed     bool              `json:"allowed"`
	Reasons     []cyltrace.Reason `json:"reasons"`
	RuleVersion int               `json:"ruleVersion"`
	Cylinder    *stationView      `json:"cylinder"`
}

// check is the filling interlock (充装联锁): a station asks before it opens
// the filling gun. One indexed read, the rules from memory, the answer
// logged off the hot path.
func (a *API) check(w http.ResponseWriter, r *http.Request) {
	var req checkRequest
	if !a.decodeBody(w, r, &req) {
		return
	}
	if err := req.Validate(); err != nil {
		a.fail(w, r, err)
		return
	}
	rv, err := a.rules(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	by, value := req.reference()
	c, locks, err := a.store.CylinderForCheck(r.Context(), by, value)
	if err != nil && cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		a.fail(w, r, err)
		return
	}
	client := clientOf(r.Context())
	at := a.now()
	reasons := rv.Rules.Check(cyltrace.FillingCheck{Cylinder: c, MediumCode: req.MediumCode, CallerUnitID: client.UnitID,
		Locks: lockList(locks)}, at)
	resp := checkResponse{Allowed: len(reasons) == 0, Reasons: reasons, RuleVersion: rv.Rules.Version}
	if resp.Reasons == nil {
		resp.Reasons = []cyltrace.Reason{}
	}
	log := store.CheckLog{UnitID: client.UnitID, ClientID: client.ID, Reference: value, MediumCode: req.MediumCode,
		Allowed: resp.Allowed, RuleVersion: rv.Rules.Version, CheckedAt: at}
	for _, reason := range reasons {
		log.Reasons = append(log.Reasons, reason.Code)
	}
	if c != nil {
		log.CylinderID = c.ID
		resp.Cylinder = viewOf(c)
	}
	a.checks.add(log)
	ok(w, resp)
}

func viewOf(c *cyltrace.Cylinder) *stationView {
	m, _ := cyltrace.LookupMedium(c.MediumCode)
	return &stationView{ID: c.ID, InfoCode: c.InfoCode, ProductNumber: c.ProductNumber, UseUnitName: c.UseUnitName,
		VarietyCode: c.VarietyCode, MediumCode: c.MediumCode, MediumName: m.Name, VolumeL: c.VolumeL,
		ManufactureDate: c.ManufactureDate, NextInspectionDate: c.NextInspectionDate, Status: c.Status,
		RegistrationCertNumber: c.RegistrationCertNumber}
}

func lockList(active []store.ActiveLock) []cyltrace.Lock {
	locks := make([]cyltrace.Lock, len(active))
	for i, l := range active {
		locks[i] = l.Lock
	}
	return locks
}

// judge is the interlock applied to a submitted filling at its filling
// time, on the archive as it stood then (the store rebuilds it), by the rule
// version in force: a filling it would have refused is stored, flagged, and
// filed as a violation.
func (a *API) judge(rv *store.RuleVersion, callerUnit int64) store.Judge {
	return func(c *cyltrace.Cylinder, locks []store.ActiveLock, f *cyltrace.Filling) ([]cyltrace.Reason, int) {
		reasons := rv.Rules.Check(cyltrace.FillingCheck{Cylinder: c, MediumCode: f.MediumCode, CallerUnitID: callerUnit,
			Locks: lockList(locks)}, f.At())
		return reasons, rv.Rules.Version
	}
}
