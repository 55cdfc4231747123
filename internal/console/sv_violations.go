package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cyltrace"
	"cyltrace/internal/store"
	"cyltrace/internal/xlsx"
)

// Violations and suspected black cylinders (issue 8 item 3, notice §六(四)):
// per unit, the fillings the interlock would have refused, by reason, and
// the cylinders filled by two or more units; the records behind them, which
// a bureau user marks handled with an opinion or whose cylinder it locks.

const vioPath = svBase + "/violations"

// The two lists of the page (?view=).
const vioViewMulti = "multi" // cylinders filled by several units; "" the stored violations

// svViolationsPage is the violations view.
type svViolationsPage struct {
	base
	Form        svForm
	View, State string
	Tabs        []vioTab
	Total, Open int // stored violations in the range
	MultiCount  int // cylinders filled by several units in the range
	Codes       []string
	Units       []vioUnitRow
	Head        []string    // the list's columns, as exported
	Records     []vioRecord // View ""
	Multi       []vioMulti  // View multi
	Back        string      // this page, for the forms to come back to
	OpinionMax  int
	Summary     string
	pager
}

// vioTab is a link to one list or state of the page.
type vioTab struct {
	Label, URL string
	Current    bool
}

type vioUnitRow struct {
	Code, Name, Region, Link string
	Total, Open, Multi       int
	Counts                   []int // by store.ViolationReasonCodes
}

// vioRecord is one stored violation: Cells are the exported columns.
type vioRecord struct {
	ID        int64
	Cells     []string
	Handled   bool
	CanHandle bool
	CanLock   bool
	LockNote  string // why there is no lock button
}

// vioMulti is one cylinder filled by several units.
type vioMulti struct {
	Cells   []string
	LockURL string // the lock page with the cylinder, for a user who may lock it
}

// vioReasonLabels are the short names of the reason codes, the column heads.
var vioReasonLabels = map[string]string{
	cyltrace.ReasonNotFound:            "无档案",
	cyltrace.ReasonNotRegistered:       "未登记",
	cyltrace.ReasonNotOwnCylinder:      "非自有",
	cyltrace.ReasonStopped:             "停用",
	cyltrace.ReasonScrapped:            "报废",
	cyltrace.ReasonInspectionOverdue:   "超期未检",
	cyltrace.ReasonServiceLifeExceeded: "超设计年限",
	cyltrace.ReasonMediumMismatch:      "介质不符",
	cyltrace.ReasonLocked:              "已锁定",
	cyltrace.ReasonNoElectronicMark:    "无电子标识",
	store.SuspectMultiUnit:             "多单位充装",
}

// vioRecordHead and vioMultiHead are the columns of the two lists, on the
// screen and in the export alike.
var (
	vioRecordHead = []string{"记录编号", "充装日期", "充装单位", "统一社会信用代码", "区县", "气瓶", "充装介质", "违规原因",
		"上报时间", "处理状态", "处理时间", "处理人", "处理意见"}
	vioMultiHead = []string{"气瓶", "充装次数", "首次充装", "最近充装", "充装单位数", "充装单位（次数，日期）"}
)

func (c *Console) svViolations(w http.ResponseWriter, r *http.Request) {
	f, ok := c.svScope(w, r)
	if !ok {
		return
	}
	f = unitsRange(f, c.now())
	q := r.URL.Query()
	view, state := q.Get("view"), q.Get("state")
	if view != vioViewMulti {
		view = ""
	}
	if (state != store.ViolationsOpen && state != store.ViolationsHandled) || view != "" {
		state = ""
	}
	if wantsExport(r) {
		c.vioExport(w, r, f, view, state)
		return
	}
	p := svViolationsPage{base: c.page(w, r, "违规充装与疑似黑气瓶", svBase), View: view, State: state,
		OpinionMax: store.MaxOpinionRunes}
	p.Form = c.svForm(vioPath, "充装日期", f)
	p.Form.Export = vioLink(f, view, state, url.Values{"format": {"xlsx"}})
	p.Back = vioLink(f, view, state, url.Values{"page": {itoa(f.Page)}})
	p.Tabs = vioTabs(f, view, state)
	sum, err := c.store.ViolationSummary(r.Context(), f.store(perPage))
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p.summarise(sum, f)
	if view == vioViewMulti {
		c.vioMultiList(&p, r, f, sum.MultiUnit)
	} else if err := c.vioRecordList(&p, r, f); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "sv_violations", p)
}

// unitsRange applies the default date range of the unit views (the last 30
// days) to the filter, so that the form shows the range the tables cover.
func unitsRange(f svFilter, now time.Time) svFilter {
	sf := store.SupervisionFilter{From: f.From, To: f.To}.RecentRange(now)
	f.From, f.To = sf.From, sf.To
	return f
}

// vioLink is the violations page with the filter, the list and extra.
func vioLink(f svFilter, view, state string, extra url.Values) string {
	v := vioValues(f, view, state)
	for k, vals := range extra {
		v[k] = vals
	}
	return vioPath + "?" + v.Encode()
}

func vioTabs(f svFilter, view, state string) []vioTab {
	f.Page = 1
	return []vioTab{
		{Label: "全部违规记录", URL: vioLink(f, "", "", nil), Current: view == "" && state == ""},
		{Label: "未处理", URL: vioLink(f, "", store.ViolationsOpen, nil), Current: view == "" && state == store.ViolationsOpen},
		{Label: "已处理", URL: vioLink(f, "", store.ViolationsHandled, nil), Current: view == "" && state == store.ViolationsHandled},
		{Label: "一瓶多单位充装", URL: vioLink(f, vioViewMulti, "", nil), Current: view == vioViewMulti},
	}
}

// summarise fills the counts and the per-unit table; a unit links to the
// page filtered to it.
func (p *svViolationsPage) summarise(sum *store.ViolationSummary, f svFilter) {
	p.Total, p.Open, p.MultiCount = sum.Total, sum.Open, len(sum.MultiUnit)
	codes := store.ViolationReasonCodes()
	for _, code := range codes {
		p.Codes = append(p.Codes, vioReasonLabels[code])
	}
	for _, u := range sum.Units {
		link := f
		link.Unit, link.Page = u.UnitCode, 1
		row := vioUnitRow{Code: u.UnitCode, Name: u.UnitName, Region: regionName(u.RegionCode),
			Link: vioLink(link, p.View, p.State, nil), Total: u.Total, Open: u.Open, Multi: u.MultiUnit}
		for _, code := range codes {
			row.Counts = append(row.Counts, u.ByReason[code])
		}
		p.Units = append(p.Units, row)
	}
}

// vioRecordList fills one page of stored violations.
func (c *Console) vioRecordList(p *svViolationsPage, r *http.Request, f svFilter) error {
	list, total, err := c.store.ViolationRecords(r.Context(), f.store(perPage), p.State)
	if err != nil {
		return err
	}
	u := sessionOf(r).User
	p.Head = vioRecordHead
	for _, v := range list {
		row := vioRecord{ID: v.ID, Cells: vioRecordCells(v), Handled: v.Handled(), CanHandle: !v.Handled() && vioMayHandle(u, v)}
		row.CanLock, row.LockNote = vioMayLock(u, v)
		p.Records = append(p.Records, row)
	}
	p.Summary = pageSummary(f.Page, perPage, len(list), total)
	p.pager = newPager(vioPath, vioValues(f, p.View, p.State), f.Page, (f.Page-1)*perPage+len(list) < total)
	return nil
}

// vioMultiList fills one page of the cylinders filled by several units.
func (c *Console) vioMultiList(p *svViolationsPage, r *http.Request, f svFilter, all []*store.MultiUnitCylinder) {
	u := sessionOf(r).User
	p.Head = vioMultiHead
	lo := min((f.Page-1)*perPage, len(all))
	hi := min(lo+perPage, len(all))
	for _, m := range all[lo:hi] {
		row := vioMulti{Cells: vioMultiCells(m)}
		if canLock(u) {
			row.LockURL = "/console/locks?code=" + url.QueryEscape(m.CylinderID)
		}
		p.Multi = append(p.Multi, row)
	}
	p.Summary = pageSummary(f.Page, perPage, hi-lo, len(all))
	p.pager = newPager(vioPath, vioValues(f, p.View, p.State), f.Page, hi < len(all))
}

func vioValues(f svFilter, view, state string) url.Values {
	v := f.values()
	if view != "" {
		v.Set("view", view)
	}
	if state != "" {
		v.Set("state", state)
	}
	return v
}

// vioRecordCells are a violation's columns (vioRecordHead).
func vioRecordCells(v *store.ViolationRecord) []string {
	cylinder := v.CylinderID
	if cylinder == "" {
		cylinder = v.Reference + "（无档案）"
	}
	var reasons []string
	for _, reason := range v.Reasons {
		label := vioReasonLabels[reason.Code]
		if label == "" {
			label = reason.Code
		}
		reasons = append(reasons, label+"："+reason.Message)
	}
	stateText, handledAt := "未处理", ""
	if v.Handled() {
		stateText, handledAt = "已处理", v.HandledAt.In(cst).Format("2006-01-02 15:04:05")
	}
	return []string{strconv.FormatInt(v.ID, 10), v.FillingDate, v.UnitName, v.UnitCode, regionName(v.RegionCode),
		cylinder, unitsMediumName(v.MediumCode), strings.Join(reasons, "；"), v.CreatedAt.In(cst).Format("2006-01-02 15:04:05"),
		stateText, handledAt, v.HandledBy, v.Opinion}
}

// vioMultiCells are a multi-unit cylinder's columns (vioMultiHead).
func vioMultiCells(m *store.MultiUnitCylinder) []string {
	var units []string
	for _, fu := range m.Units {
		span := fu.First
		if fu.Last != fu.First {
			span += "至" + fu.Last
		}
		units = append(units, fmt.Sprintf("%s（%s，%s，%d次，%s）", fu.UnitName, fu.UnitCode, regionName(fu.RegionCode),
			fu.Fillings, span))
	}
	return []string{m.CylinderID, itoa(m.Fillings), m.First, m.Last, itoa(len(m.Units)), strings.Join(units, "；")}
}

// unitsMediumName shows a medium as "G13 液化石油气".
func unitsMediumName(code string) string {
	if m, ok := cyltrace.LookupMedium(code); ok {
		return m.Code + " " + m.Name
	}
	return code
}

// vioMayHandle mirrors the store's rule, to show the form only where it works:
// the city bureau, or district staff of the violation's district.
func vioMayHandle(u *cyltrace.User, v *store.ViolationRecord) bool {
	return u.HasRole(cyltrace.CityAdmin) || isDistrictStaff(u) && u.RegionCode == v.RegionCode
}

// vioMayLock tells whether u may lock the cylinder of a violation from its
// row: the lock page's rule (canLock, and the cylinder's own district for a
// district user), for a cylinder with an archive and no lock yet.
func vioMayLock(u *cyltrace.User, v *store.ViolationRecord) (bool, string) {
	switch {
	case v.CylinderID == "":
		return false, "无档案，无法锁定"
	case v.Locked:
		return false, "已锁定"
	case !canLock(u) || !vioMayHandle(u, v):
		return false, ""
	case !u.HasRole(cyltrace.CityAdmin) && v.CylinderRegion != u.RegionCode:
		return false, "气瓶登记在" + regionName(v.CylinderRegion) + "，请联系该区县局锁定"
	}
	return true, ""
}

// vioExport answers the filtered rows of the list as .xlsx.
func (c *Console) vioExport(w http.ResponseWriter, r *http.Request, f svFilter, view, state string) {
	sf := f.store(xlsx.MaxTableRows + 1)
	sf.Offset = 0
	var rows [][]string
	if view == vioViewMulti {
		sum, err := c.store.ViolationSummary(r.Context(), sf)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		for _, m := range sum.MultiUnit {
			rows = append(rows, vioMultiCells(m))
		}
		if !c.unitsExportFits(w, r, len(rows)) {
			return
		}
		c.exportTable(w, r, "一瓶多单位充装", vioMultiHead, rows)
		return
	}
	list, total, err := c.store.ViolationRecords(r.Context(), sf, state)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if !c.unitsExportFits(w, r, total) {
		return
	}
	for _, v := range list {
		rows = append(rows, vioRecordCells(v))
	}
	c.exportTable(w, r, "违规充装记录", vioRecordHead, rows)
}

// unitsExportFits refuses an export longer than an .xlsx table may be.
func (c *Console) unitsExportFits(w http.ResponseWriter, r *http.Request, n int) bool {
	if n <= xlsx.MaxTableRows {
		return true
	}
	c.errorPage(w, r, http.StatusBadRequest, "导出行数过多",
		fmt.Sprintf("符合条件的记录共 %d 行，超过导出上限 %d 行，请缩小筛选范围（区县、单位、日期）后再导出。", n, xlsx.MaxTableRows))
	return false
}

// svViolationHandle marks one violation handled with the form's opinion.
func (c *Console) svViolationHandle(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	back := vioBack(r.PostFormValue("back"))
	err = c.store.HandleViolation(r.Context(), id, r.PostFormValue("opinion"), u)
	switch cyltrace.ErrorCode(err) {
	case "":
		c.setFlash(w, false, fmt.Sprintf("违规记录 %d 已标记为已处理", id))
	case cyltrace.EINVALID, cyltrace.ECONFLICT:
		c.setFlash(w, true, fmt.Sprintf("违规记录 %d 未能标记处理：%s", id, errorText(err)))
	case cyltrace.EFORBIDDEN:
		c.forbidden(w, r, cyltrace.ErrorMessage(err))
		return
	case cyltrace.ENOTFOUND:
		c.notFound(w, r)
		return
	default:
		c.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// svViolationLock locks the cylinder of one violation, the reason citing
// it, by the lock page's rule of who may lock.
func (c *Console) svViolationLock(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	back := vioBack(r.PostFormValue("back"))
	v, err := c.store.ViolationRecord(r.Context(), id)
	switch {
	case cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
		c.notFound(w, r)
		return
	case err != nil:
		c.serverError(w, r, err)
		return
	case !canLock(u) || !vioMayHandle(u, v):
		c.forbidden(w, r, "该违规记录不属于您所在区县，无权锁定")
		return
	case v.CylinderID == "":
		c.setFlash(w, true, "该记录的编码未对应任何气瓶档案，无法锁定")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	cyl, _, err := c.store.CylinderForCheck(r.Context(), "id", v.CylinderID)
	switch {
	case err != nil:
		c.serverError(w, r, err)
		return
	case !inScope(u, cyl):
		c.forbidden(w, r, "该气瓶不属于您所在区域，无权锁定")
		return
	}
	lockID, err := c.store.LockCylinder(r.Context(), cyl.ID, vioLockReason(v), "user:"+u.Username)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	c.setFlash(w, false, fmt.Sprintf("气瓶 %s 已锁定（锁定编号 %d），禁止充装", cyl.ID, lockID))
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// vioLockReason cites the violation within the lock reason's 100 characters.
func vioLockReason(v *store.ViolationRecord) string {
	var labels []string
	for _, reason := range v.Reasons {
		if l := vioReasonLabels[reason.Code]; l != "" {
			labels = append(labels, l)
		}
	}
	s := fmt.Sprintf("疑似黑气瓶：违规充装记录%d（%s %s充装，%s）", v.ID, v.FillingDate, v.UnitName, strings.Join(labels, "、"))
	if utf8.RuneCountInString(s) > 100 {
		s = string([]rune(s)[:99]) + "…"
	}
	return s
}

// vioBack keeps a form's return address on the violations page.
func vioBack(s string) string {
	if strings.HasPrefix(s, vioPath) && !strings.ContainsAny(s, "\\\r\n") && !strings.HasPrefix(s, vioPath+"/") {
		return s
	}
	return vioPath
}
