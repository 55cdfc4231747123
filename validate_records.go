package cyltrace

import "time"

// Validate checks a filling record (Attachment 1 §二.2, SPEC.md §3.2) and
// reports every bad field at once as an EINVALID *Error. now is the time
// of receipt: the filling may not lie after it.
func (f *Filling) Validate(now time.Time) error {
	v := &checker{now: now}
	v.sourceID(f.SourceID)
	v.reference(f.CylinderID, f.InfoCode)
	v.medium(f.MediumCode)
	v.text("filler", "充装人员", f.Filler, true, 10)
	day, okDay := v.date("fillingDate", "充装日期", f.FillingDate, true)
	v.text("fillingUnitName", "充装单位名称", f.FillingUnitName, true, 100)
	at, okAt := v.dateTime("fillingTime", "充装时间", f.FillingTime, false)
	// The date is the source's field and the time our optional addition:
	// when both are given they must describe the same day, or one is wrong.
	if okDay && okAt && FormatDate(at) != FormatDate(day) {
		v.add("fillingTime", RuleMatch, "充装时间 %s 与充装日期 %s 不是同一天", f.FillingTime, f.FillingDate)
	}
	return v.errs.Err()
}

// Validate checks an inspection record (Attachment 1 §二.3, SPEC.md §3.3)
// and reports every bad field at once as an EINVALID *Error.
//
// 下次检验日期 is required for a periodic inspection and may be empty for a
// scrap disposal, after which the cylinder is never inspected again; when
// given it must follow the inspection month whatever the type. Whether it
// is plausible for the cylinder's class (DOMAIN.md §1) needs the archive and
// is checked where the record is stored.
func (i *Inspection) Validate(now time.Time) error {
	v := &checker{now: now}
	v.sourceID(i.SourceID)
	v.reference(i.CylinderID, i.InfoCode)
	day, okDay := v.date("inspectionDate", "检验日期", i.InspectionDate, true)
	v.text("inspectionAgency", "检验检测单位", i.InspectionAgency, true, 100)
	v.text("conclusion", "检验结论", i.Conclusion, true, 10)
	v.code("inspectionType", "检验类型", i.InspectionType, true,
		contains(InspectionTypes(), i.InspectionType), false, "定期 或 报废处置")
	next, okNext := v.yearMonth("nextInspectionDate", "下次检验日期", i.NextInspectionDate,
		i.InspectionType == InspectionPeriodic)
	if okDay && okNext && !YearMonthOf(day).Before(next) {
		v.add("nextInspectionDate", RuleOrder, "下次检验日期 %s 应晚于检验日期所在月份（%s）", next, YearMonthOf(day))
	}
	return v.errs.Err()
}

// Validate checks a trail record (Attachment 1 §二.4, SPEC.md §3.4) and
// reports every bad field at once as an EINVALID *Error. The source gives
// 单位名称或姓名 10 characters but fills it with company names; 100 are
// accepted (SPEC.md §3.4).
func (t *TrailEvent) Validate(now time.Time) error {
	v := &checker{now: now}
	v.sourceID(t.SourceID)
	v.reference(t.CylinderID, t.InfoCode)
	v.dateTime("time", "日期", t.Time, true)
	v.code("node", "节点名称", t.Node, true, contains(TrailNodes(), t.Node), false, "充装、配送、销售、使用 或 检验")
	v.text("actorName", "单位名称或姓名", t.ActorName, true, 100)
	return v.errs.Err()
}
