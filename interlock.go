package cyltrace

import (
	"fmt"
	"time"
)

// Reason codes of the filling interlock (DOMAIN.md §2) — stable, part of
// the API: a station's software may branch on them. Check returns them in
// this order, the order of DOMAIN.md §2's table.
const (
	ReasonNotFound            = "NOT_FOUND"             // the code resolves to no archive
	ReasonNotRegistered       = "NOT_REGISTERED"        // no 使用登记证编号
	ReasonNotOwnCylinder      = "NOT_OWN_CYLINDER"      // another unit's cylinder, for a medium of OwnCylinderMedia
	ReasonStopped             = "STOPPED"               // status 停用
	ReasonScrapped            = "SCRAPPED"              // status 报废, or a 报废处置 inspection on record
	ReasonInspectionOverdue   = "INSPECTION_OVERDUE"    // past the end of the due month
	ReasonServiceLifeExceeded = "SERVICE_LIFE_EXCEEDED" // past the design (or extended) service life
	ReasonMediumMismatch      = "MEDIUM_MISMATCH"       // the medium to fill is not the registered one
	ReasonLocked              = "LOCKED"                // one per active lock
	ReasonNoElectronicMark    = "NO_ELECTRONIC_MARK"    // a cylinder that must carry a bound tag has none
)

// RulePlausible is the FieldError rule of an inspection whose
// nextInspectionDate lies beyond what its class's interval allows.
const RulePlausible = "plausible"

// Reason is one ground on which the interlock refuses a filling: a stable
// code and a Chinese sentence for the filler at the station, naming the
// concrete fact and what to do.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Lock is an active lock on a cylinder set by a bureau or the system.
type Lock struct {
	Reason   string    `json:"reason"` // 翻新, 护罩螺纹连接, 举报, 疑似黑气瓶 … free text ≤ 100
	LockedAt time.Time `json:"lockedAt"`
}

// FillingCheck is what the interlock judges: a cylinder about to be filled,
// by whom, with what.
type FillingCheck struct {
	Cylinder     *Cylinder // nil: the code resolves to no archive
	MediumCode   string    // the medium about to be filled
	CallerUnitID int64     // the filling unit asking
	Locks        []Lock    // the cylinder's active locks
	Scrapped     bool      // a 报废处置 inspection is on record (the status may lag behind)
}

// Check evaluates the interlock at time at and returns every reason that
// applies, in the order of DOMAIN.md §2's table; none means filling is
// allowed. Only at's calendar date in China Standard Time matters: an
// instant of 2024-08-31T16:30Z is 2024-09-01 in Chongqing.
//
// The boundaries (all month-granular, because 下次检验日期 and 制造年月 are
// months):
//   - a cylinder is in date through the last day of its due month (DueMonth)
//     and refused from the first day after;
//   - it may be filled through the last day of the month ServiceLifeEnd
//     returns (made 2018-05 with an 8-year life: through 2026-05-31) and is
//     refused from the first day after;
//   - when the archive lacks what a rule needs (no due month can be
//     determined, an unparseable 制造年月, no class for the variety and
//     medium), the interlock fails closed: it refuses with the rule's code
//     and says that the archive must be checked. A validated archive and a
//     validated rule table never get there.
//
// NOT_OWN_CYLINDER treats a cylinder without a using unit (UseUnitID 0) as
// not the caller's. NOT_FOUND comes alone: there is nothing else to judge.
func (t RuleTable) Check(in FillingCheck, at time.Time) []Reason {
	c := in.Cylinder
	if c == nil {
		return []Reason{{ReasonNotFound,
			"未找到该气瓶的档案（扫描的编码未在追溯系统登记），禁止充装；请核对编码，或请使用单位先为气瓶建档"}}
	}
	month := YearMonthOf(at)
	var rs []Reason
	add := func(code, format string, args ...any) {
		rs = append(rs, Reason{code, fmt.Sprintf(format, args...)})
	}
	if !c.Registered() {
		add(ReasonNotRegistered, "该气瓶未办理使用登记（档案中无使用登记证编号），禁止充装；请使用单位先办理使用登记")
	}
	if contains(t.OwnCylinderMedia, in.MediumCode) && (c.UseUnitID == 0 || c.UseUnitID != in.CallerUnitID) {
		owner := "其他单位"
		if c.UseUnitName != "" {
			owner = c.UseUnitName
		}
		add(ReasonNotOwnCylinder, "该气瓶的使用单位为%s，不是本充装单位登记的气瓶；%s只能充装本单位的气瓶，禁止充装",
			owner, mediumLabel(in.MediumCode))
	}
	if c.Status == StatusStopped {
		add(ReasonStopped, "该气瓶使用状态为停用，禁止充装；请使用单位办理恢复使用后再充装")
	}
	switch {
	case c.Status == StatusScrapped:
		add(ReasonScrapped, "该气瓶使用状态为报废，禁止充装，不得继续使用")
	case in.Scrapped:
		add(ReasonScrapped, "该气瓶已有报废处置检验记录，禁止充装，不得继续使用")
	}
	if r, refused := t.dueReason(c, month); refused {
		rs = append(rs, r)
	}
	if r, refused := t.lifeReason(c, month); refused {
		rs = append(rs, r)
	}
	if in.MediumCode != c.MediumCode {
		add(ReasonMediumMismatch, "充装介质不符：该气瓶登记介质为%s，本次充装为%s，禁止充装",
			mediumLabel(c.MediumCode), mediumLabel(in.MediumCode))
	}
	for _, l := range in.Locks {
		reason := l.Reason
		if reason == "" {
			reason = "未注明原因"
		}
		if !l.LockedAt.IsZero() {
			reason += "（" + FormatDate(l.LockedAt) + " 锁定）"
		}
		add(ReasonLocked, "该气瓶已被锁定：%s，禁止充装，请联系区县市场监管局", reason)
	}
	if made, needs := t.needsMark(c); needs {
		add(ReasonNoElectronicMark, "该气瓶为%s的%s气瓶，%s 及以后制造的此类气瓶须绑定电子标识，该气瓶尚未绑定，禁止充装；请使用单位先绑定二维码或RFID标签",
			made, mediumLabel(c.MediumCode), t.ElectronicMarkFrom)
	}
	return rs
}

// DueMonth returns the month the next inspection is due: nextInspectionDate,
// or for a never-inspected cylinder with none, manufacture month + the class
// interval. ok is false when neither can be determined (a date is
// malformed, the class is unknown, or an inspected cylinder has no next
// date).
func (t RuleTable) DueMonth(c *Cylinder) (YearMonth, bool) {
	due, _, ok := t.due(c)
	return due, ok
}

// due is DueMonth, with the interval it added when it computed the month
// from the manufacture month (0 when the archive gave it).
func (t RuleTable) due(c *Cylinder) (due YearMonth, interval int, ok bool) {
	if c == nil {
		return YearMonth{}, 0, false
	}
	if c.NextInspectionDate != "" {
		due, ok = ParseYearMonth(c.NextInspectionDate)
		return due, 0, ok
	}
	if c.LastInspectionDate != "" {
		return YearMonth{}, 0, false
	}
	made, okMade := ParseYearMonth(c.ManufactureDate)
	class, okClass := t.ClassFor(c.VarietyCode, c.MediumCode)
	if !okMade || !okClass {
		return YearMonth{}, 0, false
	}
	return made.AddYears(class.IntervalYears), class.IntervalYears, true
}

// dueReason returns INSPECTION_OVERDUE when month lies after the due month.
func (t RuleTable) dueReason(c *Cylinder, month YearMonth) (Reason, bool) {
	due, interval, ok := t.due(c)
	switch {
	case !ok:
		return Reason{ReasonInspectionOverdue,
			"档案中没有有效的下次检验日期，无法确认该气瓶在检验有效期内，禁止充装；请使用单位核实档案"}, true
	case !due.Before(month):
		return Reason{}, false
	case interval > 0:
		return Reason{ReasonInspectionOverdue, fmt.Sprintf("该气瓶从未检验，已超过首次检验日期(%s，%s 制造后 %d 年)，禁止充装，请送检",
			due, c.ManufactureDate, interval)}, true
	}
	return Reason{ReasonInspectionOverdue, fmt.Sprintf("该气瓶已超过下次检验日期(%s)，禁止充装，请送检", due)}, true
}

// serviceLife is what the design-life rule knows of one cylinder.
type serviceLife struct {
	class    RuleClass
	made     YearMonth
	end      YearMonth // the last month it may be filled
	extended bool
}

// life works out the cylinder's service life; see ServiceLifeEnd.
func (t RuleTable) life(c *Cylinder) (serviceLife, bool) {
	if c == nil {
		return serviceLife{}, false
	}
	made, okMade := ParseYearMonth(c.ManufactureDate)
	class, okClass := t.ClassFor(c.VarietyCode, c.MediumCode)
	if !okMade || !okClass {
		return serviceLife{}, false
	}
	l := serviceLife{class: class, made: made, end: made.AddYears(class.DesignLifeYears)}
	if class.MaxLifeYears > class.DesignLifeYears {
		// The archive's last inspection is a passed periodic one: a failed
		// inspection or a scrap disposal does not move lastInspectionDate.
		if last, ok := ParseDate(c.LastInspectionDate); ok && !YearMonthOf(last).Before(l.end) {
			l.end, l.extended = made.AddYears(class.MaxLifeYears), true
		}
	}
	return l, true
}

// ServiceLifeEnd returns the last month a cylinder may be filled by the
// design-life rule: manufacture month + DesignLifeYears, or + MaxLifeYears
// when the class allows an extension and the cylinder passed an inspection
// after its design life ended (its lastInspectionDate falls in the month
// manufacture + design life or later). The cylinder may be filled through
// the last day of that month. ok is false when the class or the
// manufacture month is unknown.
//
// The end month itself is allowed, as with 下次检验日期: 制造年月 carries no
// day, and one convention for both month dates is what a filler can apply.
func (t RuleTable) ServiceLifeEnd(c *Cylinder) (end YearMonth, extended bool, ok bool) {
	l, ok := t.life(c)
	return l.end, l.extended, ok
}

// lifeReason returns SERVICE_LIFE_EXCEEDED when month lies after the end of
// the cylinder's service life, telling a filler whether an inspection can
// still extend it.
func (t RuleTable) lifeReason(c *Cylinder, month YearMonth) (Reason, bool) {
	l, ok := t.life(c)
	if !ok {
		why := fmt.Sprintf("规则表中没有适用于设备品种 %s、充装介质 %s 的类别", c.VarietyCode, c.MediumCode)
		if _, okMade := ParseYearMonth(c.ManufactureDate); !okMade {
			why = fmt.Sprintf("档案中的制造年月 %s 无效", quote(c.ManufactureDate))
		}
		return Reason{ReasonServiceLifeExceeded,
			"无法确认该气瓶是否在设计使用年限内（" + why + "），禁止充装；请使用单位核实档案"}, true
	}
	if !l.end.Before(month) {
		return Reason{}, false
	}
	cl := l.class
	designEnd := l.made.AddYears(cl.DesignLifeYears)
	maxEnd := l.made.AddYears(cl.MaxLifeYears)
	var msg string
	switch {
	case cl.MaxLifeYears > cl.DesignLifeYears && !l.extended && !maxEnd.Before(month):
		msg = fmt.Sprintf("该气瓶已超过设计使用年限（%s 制造，%s设计使用年限 %d 年，至 %s），且期满后未经检验合格，禁止充装；请送检，检验合格后最长可使用至 %s",
			l.made, cl.Name, cl.DesignLifeYears, designEnd, maxEnd)
	case cl.MaxLifeYears > cl.DesignLifeYears:
		msg = fmt.Sprintf("该气瓶已超过最长使用年限（%s 制造，%s设计使用年限 %d 年、期满检验合格后最长 %d 年，至 %s），禁止充装，应予报废",
			l.made, cl.Name, cl.DesignLifeYears, cl.MaxLifeYears, maxEnd)
	default:
		msg = fmt.Sprintf("该气瓶已超过设计使用年限（%s 制造，%s设计使用年限 %d 年，至 %s），禁止充装，应予报废",
			l.made, cl.Name, cl.DesignLifeYears, designEnd)
	}
	return Reason{ReasonServiceLifeExceeded, msg}, true
}

// needsMark reports whether the cylinder lacks the electronic mark the
// table requires, with its manufacture month for the message. It fails
// closed: an unreadable 制造年月 or ElectronicMarkFrom counts as "from on".
func (t RuleTable) needsMark(c *Cylinder) (made string, needs bool) {
	if c.InfoCode != "" || !contains(t.ElectronicMarkMedia, c.MediumCode) {
		return "", false
	}
	m, okMade := ParseYearMonth(c.ManufactureDate)
	from, okFrom := ParseYearMonth(t.ElectronicMarkFrom)
	if okMade && okFrom && m.Before(from) {
		return "", false
	}
	if !okMade {
		return "制造年月不明", true
	}
	return " " + m.String() + " 制造", true
}

// CheckInspection returns an EINVALID *Error with a field error on
// nextInspectionDate (rule RulePlausible) when the inspection's
// nextInspectionDate lies beyond the inspection month + the interval of the
// cylinder's class (its variety and registered medium): DOMAIN.md §1 makes
// the inspection body's date the source of truth, but not a later one than
// the rules allow. An earlier date is fine, and so is a 报废处置 without a
// next date. Malformed dates are left to Inspection.Validate, and a
// cylinder that no class matches cannot be judged (a validated table
// matches every variety and medium): both return nil.
func (t RuleTable) CheckInspection(c *Cylinder, in *Inspection) error {
	if c == nil || in == nil || in.NextInspectionDate == "" {
		return nil
	}
	day, okDay := ParseDate(in.InspectionDate)
	next, okNext := ParseYearMonth(in.NextInspectionDate)
	class, okClass := t.ClassFor(c.VarietyCode, c.MediumCode)
	if !okDay || !okNext || !okClass {
		return nil
	}
	latest := YearMonthOf(day).AddYears(class.IntervalYears)
	if !latest.Before(next) {
		return nil
	}
	var fe FieldErrors
	fe.Add("nextInspectionDate", RulePlausible, fmt.Sprintf(
		"下次检验日期 %s 超出检验周期：%s的定期检验周期为 %d 年，检验日期 %s 对应的下次检验日期最晚为 %s，请核对",
		next, class.Name, class.IntervalYears, in.InspectionDate, latest))
	return fe.Err()
}

// mediumLabel names a medium for a filler: 液化石油气(G13).
func mediumLabel(code string) string {
	if code == "" {
		return "（未填写）"
	}
	if m, ok := LookupMedium(code); ok {
		return m.Name + "(" + code + ")"
	}
	return code
}
