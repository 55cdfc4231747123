package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"cyltrace"
)

// Supervision of units (issue 8 items 3, 5 and 6; SPEC.md §8; notice §三,
// §六(四)): violations and suspected black cylinders, docking progress
// against the deadlines of notice §三, and the facts of credit supervision.
// Every view is a handful of statements that aggregate over indexed columns
// (migration 0008): none runs a query per unit from Go. Per-unit figures that
// need an index seek per unit (first and last upload) are correlated
// subqueries of one statement, each an O(log n) seek.

// SuspectMultiUnit is the computed suspicion "one cylinder filled by two or
// more units" within the date range; the interlock's own codes come from
// cyltrace (Reason…). It is not stored: it depends on the range asked.
const SuspectMultiUnit = "MULTI_UNIT"

// ViolationReasonCodes lists the interlock's reason codes in the order of
// DOMAIN.md §2, the columns of the per-unit counts.
func ViolationReasonCodes() []string {
	return []string{cyltrace.ReasonNotFound, cyltrace.ReasonNotRegistered, cyltrace.ReasonNotOwnCylinder,
		cyltrace.ReasonStopped, cyltrace.ReasonScrapped, cyltrace.ReasonInspectionOverdue,
		cyltrace.ReasonServiceLifeExceeded, cyltrace.ReasonMediumMismatch, cyltrace.ReasonLocked,
		cyltrace.ReasonNoElectronicMark}
}

// The states a violation list filters by.
const (
	ViolationsOpen    = "open"    // not yet handled
	ViolationsHandled = "handled" // handled with an opinion
)

// MaxOpinionRunes bounds a handling opinion.
const MaxOpinionRunes = 200

// RecentDays is the default date range of the unit views: the last 30 days.
const RecentDays = 30

// RecentRange returns f with From and To set to the last RecentDays days
// (China Standard Time) up to now when neither is set: without a bound the
// "filled by two units" grouping would read every filling ever stored.
func (f SupervisionFilter) RecentRange(now time.Time) SupervisionFilter {
	if f.From == "" && f.To == "" {
		f.From, f.To = cyltrace.FormatDate(now.AddDate(0, 0, -(RecentDays-1))), cyltrace.FormatDate(now)
	}
	return f
}

// unitViewWhere collects the conditions of one statement with their
// arguments, in order.
type unitViewWhere struct {
	conds []string
	args  []any
}

func (w *unitViewWhere) add(cond string, args ...any) {
	w.conds, w.args = append(w.conds, cond), append(w.args, args...)
}

// and returns the conditions as " AND a AND b", "" for none.
func (w *unitViewWhere) and() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(w.conds, " AND ")
}

// instantBounds turns the CST dates of f into a half-open range of UTC
// instants for timestamp columns; nil for an open end.
func instantBounds(f SupervisionFilter) (from, to any) {
	if t, ok := cyltrace.ParseDate(f.From); ok {
		from = t.UTC()
	}
	if t, ok := cyltrace.ParseDate(f.To); ok {
		to = t.AddDate(0, 0, 1).UTC()
	}
	return from, to
}

// cstDateOf is the SQL of the China Standard Time date (yyyy-mm-dd) of a
// timestamp column, as filling_date writes it: SQLite keeps timestamps as
// UTC text, PostgreSQL as timestamptz.
func (s *Store) cstDateOf(col string) string {
	if s.d.name == "postgres" {
		return `to_char((` + col + ` AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`
	}
	return `date(` + col + `, '+8 hours')`
}

// scanInstant reads a timestamp computed by an aggregate: PostgreSQL gives a
// time, SQLite the stored text (an aggregate has no declared type).
func scanInstant(v any) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return x.UTC(), nil
	case []byte:
		return parseStoredInstant(string(x))
	case string:
		return parseStoredInstant(x)
	}
	return time.Time{}, fmt.Errorf("timestamp of type %T", v)
}

func parseStoredInstant(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00",
		time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("timestamp %q", s)
}

// parallelUnitQueries runs independent read statements at once, each on a
// connection of its own (SQLite's WAL lets readers run side by side), and
// returns their errors joined: a view waits for its slowest statement, not
// for the sum of them.
func parallelUnitQueries(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// ---- Violations and suspected black cylinders ------------------------------

// UnitViolations is one unit's line of the violations view: its stored
// violations in the range, by reason code, and the cylinders it filled that
// another unit filled too.
type UnitViolations struct {
	UnitID                         int64
	UnitCode, UnitName, RegionCode string
	Total, Open                    int            // stored violations, and those not yet handled
	ByReason                       map[string]int // reason code → violations giving it
	MultiUnit                      int            // cylinders it filled that another unit also filled
}

// MultiUnitFiller is one unit that filled a MultiUnitCylinder in the range.
type MultiUnitFiller struct {
	UnitID                         int64
	UnitCode, UnitName, RegionCode string
	Fillings                       int
	First, Last                    string // filling dates
}

// MultiUnitCylinder is a cylinder filled by two or more units in the range:
// LPG cylinders belong to one filling unit, so a second one filling it is a
// sign of a stolen, swapped or black cylinder.
type MultiUnitCylinder struct {
	CylinderID  string
	Fillings    int
	First, Last string // filling dates
	Units       []*MultiUnitFiller
}

// ViolationSummary is the head of the violations view.
type ViolationSummary struct {
	Total, Open int               // stored violations in the range
	Units       []*UnitViolations // by open, then all, then unit code
	MultiUnit   []*MultiUnitCylinder
}

// violationWhere filters stored violations through their filling: the
// partial index fillings_violation_date (filling_date, unit_id) WHERE
// violation = 1 finds them by date; the district is the one of the filling
// unit. Statements join units with violationUnitJoin.
//
// The unary + on f.unit_id (here and in violationUnitJoin) keeps the unit
// from being an index key: SQLite, which keeps no statistics here, would
// otherwise read every filling of a district's units through
// fillings_unit_date and test each for violation = 1, where the partial
// index holds the violations alone (a few thousand a month city-wide).
func violationWhere(f SupervisionFilter) *unitViewWhere {
	w := &unitViewWhere{}
	w.add(`f.violation = 1`)
	if f.From != "" {
		w.add(`f.filling_date >= ?`, f.From)
	}
	if f.To != "" {
		w.add(`f.filling_date <= ?`, f.To)
	}
	if f.UnitID != 0 {
		w.add(`+f.unit_id = ?`, f.UnitID)
	}
	if f.RegionCode != "" {
		w.add(`u.region_code = ?`, f.RegionCode)
	}
	if f.MediumCode != "" {
		w.add(`f.medium_code = ?`, f.MediumCode)
	}
	return w
}

// violationUnitJoin joins the stored violations and their units to fillings f.
const violationUnitJoin = ` JOIN violations v ON v.filling_id = f.id JOIN units u ON u.id = +f.unit_id`

// ViolationSummary returns the per-unit counts of the violations view and
// the cylinders filled by two or more units, for the filter's district,
// unit, medium (the medium filled) and filling-date range (RecentRange when
// none). A multi-unit cylinder belongs to a district when one of its filling
// units does; a unit's MultiUnit counts such cylinders it filled.
func (s *Store) ViolationSummary(ctx context.Context, f SupervisionFilter) (*ViolationSummary, error) {
	f = f.RecentRange(s.now())
	sum := &ViolationSummary{}
	byUnit := map[int64]*UnitViolations{}
	var multi []*MultiUnitCylinder
	err := parallelUnitQueries(
		func() error { return s.violationCounts(ctx, f, sum, byUnit) },
		func() (err error) { multi, err = s.multiUnitCylinders(ctx, f); return err })
	if err != nil {
		return nil, err
	}
	for _, m := range multi {
		if !multiInScope(m, f) {
			continue
		}
		sum.MultiUnit = append(sum.MultiUnit, m)
		for _, fu := range m.Units {
			if !fillerInScope(fu, f) {
				continue
			}
			uv := byUnit[fu.UnitID]
			if uv == nil {
				uv = &UnitViolations{UnitID: fu.UnitID, UnitCode: fu.UnitCode, UnitName: fu.UnitName,
					RegionCode: fu.RegionCode, ByReason: map[string]int{}}
				byUnit[fu.UnitID] = uv
			}
			uv.MultiUnit++
		}
	}
	for _, uv := range byUnit {
		sum.Units = append(sum.Units, uv)
	}
	sort.Slice(sum.Units, func(i, j int) bool {
		a, b := sum.Units[i], sum.Units[j]
		if a.Open != b.Open {
			return a.Open > b.Open
		}
		if a.Total+a.MultiUnit != b.Total+b.MultiUnit {
			return a.Total+a.MultiUnit > b.Total+b.MultiUnit
		}
		return a.UnitCode < b.UnitCode
	})
	return sum, nil
}

// violationCounts counts stored violations per unit and reason code in one
// GROUP BY. Reasons are JSON written by encoding/json: a message cannot hold
// an unescaped `"code":"X"`, so LIKE finds each code exactly.
func (s *Store) violationCounts(ctx context.Context, f SupervisionFilter, sum *ViolationSummary,
	byUnit map[int64]*UnitViolations) error {
	codes := ViolationReasonCodes()
	var cols strings.Builder
	var args []any
	for _, code := range codes {
		cols.WriteString(`, SUM(CASE WHEN v.reasons LIKE ? THEN 1 ELSE 0 END)`)
		args = append(args, `%"code":"`+code+`"%`)
	}
	w := violationWhere(f)
	rows, err := s.query(ctx, s.db, `SELECT u.id, u.code, u.name, u.region_code, COUNT(*),
		SUM(CASE WHEN v.handled_at IS NULL THEN 1 ELSE 0 END)`+cols.String()+`
		FROM fillings f`+violationUnitJoin+`
		WHERE 1 = 1`+w.and()+` GROUP BY u.id, u.code, u.name, u.region_code`, append(args, w.args...)...)
	if err != nil {
		return fmt.Errorf("count violations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		uv := &UnitViolations{ByReason: map[string]int{}}
		counts := make([]int, len(codes))
		dest := []any{&uv.UnitID, &uv.UnitCode, &uv.UnitName, &uv.RegionCode, &uv.Total, &uv.Open}
		for i := range counts {
			dest = append(dest, &counts[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("read violation counts: %w", err)
		}
		for i, code := range codes {
			if counts[i] > 0 {
				uv.ByReason[code] = counts[i]
			}
		}
		sum.Total, sum.Open = sum.Total+uv.Total, sum.Open+uv.Open
		byUnit[uv.UnitID] = uv
	}
	return rows.Err()
}

// multiUnitCylinders finds, city-wide, the cylinders of the range filled by
// two or more units, with each unit's fillings. The grouping reads the
// range of fillings_date_cylinder (filling_date, cylinder_id, unit_id,
// medium_code) alone; the few cylinders it finds are read back through
// fillings_cylinder. Unknown codes and records without a unit are left out:
// they name no archive or no filler.
func (s *Store) multiUnitCylinders(ctx context.Context, f SupervisionFilter) ([]*MultiUnitCylinder, error) {
	inner, outer := &unitViewWhere{}, &unitViewWhere{}
	for _, w := range []*unitViewWhere{inner, outer} {
		if f.From != "" {
			w.add(`filling_date >= ?`, f.From)
		}
		if f.To != "" {
			w.add(`filling_date <= ?`, f.To)
		}
		if f.MediumCode != "" {
			w.add(`medium_code = ?`, f.MediumCode)
		}
	}
	outerSQL := strings.ReplaceAll(outer.and(), "filling_date", "f.filling_date")
	outerSQL = strings.ReplaceAll(outerSQL, "medium_code", "f.medium_code")
	rows, err := s.query(ctx, s.db, `WITH multi AS (
			SELECT cylinder_id FROM fillings WHERE cylinder_id IS NOT NULL AND unit_id <> 0`+inner.and()+`
			GROUP BY cylinder_id HAVING MIN(unit_id) <> MAX(unit_id))
		SELECT f.cylinder_id, u.id, u.code, u.name, u.region_code, COUNT(*), MIN(f.filling_date), MAX(f.filling_date)
		FROM multi m JOIN fillings f ON f.cylinder_id = m.cylinder_id JOIN units u ON u.id = f.unit_id
		WHERE 1 = 1`+outerSQL+`
		GROUP BY f.cylinder_id, u.id, u.code, u.name, u.region_code`, append(inner.args, outer.args...)...)
	if err != nil {
		return nil, fmt.Errorf("find cylinders filled by several units: %w", err)
	}
	defer rows.Close()
	byCylinder := map[string]*MultiUnitCylinder{}
	var list []*MultiUnitCylinder
	for rows.Next() {
		var id string
		fu := &MultiUnitFiller{}
		if err := rows.Scan(&id, &fu.UnitID, &fu.UnitCode, &fu.UnitName, &fu.RegionCode, &fu.Fillings,
			&fu.First, &fu.Last); err != nil {
			return nil, fmt.Errorf("read cylinder filled by several units: %w", err)
		}
		m := byCylinder[id]
		if m == nil {
			m = &MultiUnitCylinder{CylinderID: id, First: fu.First, Last: fu.Last}
			byCylinder[id] = m
			list = append(list, m)
		}
		m.Units = append(m.Units, fu)
		m.Fillings += fu.Fillings
		m.First, m.Last = min(m.First, fu.First), max(m.Last, fu.Last)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, m := range list {
		sort.Slice(m.Units, func(i, j int) bool { return m.Units[i].First < m.Units[j].First })
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Last != list[j].Last {
			return list[i].Last > list[j].Last
		}
		return list[i].CylinderID < list[j].CylinderID
	})
	return list, nil
}

func fillerInScope(fu *MultiUnitFiller, f SupervisionFilter) bool {
	return (f.RegionCode == "" || fu.RegionCode == f.RegionCode) && (f.UnitID == 0 || fu.UnitID == f.UnitID)
}

func multiInScope(m *MultiUnitCylinder, f SupervisionFilter) bool {
	for _, fu := range m.Units {
		if fillerInScope(fu, f) {
			return true
		}
	}
	return false
}

// ViolationRecord is one stored violation as the bureau sees it: the
// filling behind it, the reasons, and whether it was handled.
type ViolationRecord struct {
	ID, FillingID, UnitID          int64
	UnitCode, UnitName, RegionCode string // the filling unit; RegionCode is the violation's district
	CylinderID                     string // the archive; "" for a code that named none
	Reference                      string // the code as the station sent it
	CylinderRegion                 string // the archive's district, "" without one
	Locked                         bool   // the archive has an active lock now
	MediumCode, FillingDate        string
	Reasons                        []cyltrace.Reason
	CreatedAt                      time.Time
	HandledAt                      time.Time // zero while open
	HandledBy, Opinion             string
}

// Handled reports whether a bureau user has handled the violation.
func (v *ViolationRecord) Handled() bool { return !v.HandledAt.IsZero() }

const violationRecordColumns = `v.id, v.filling_id, f.unit_id, u.code, u.name, u.region_code,
	COALESCE(f.cylinder_id, ''), COALESCE(f.cylinder_ref, f.info_code_ref, ''), COALESCE(c.region_code, ''),
	CASE WHEN c.locks IS NULL THEN 0 ELSE 1 END, f.medium_code, f.filling_date, v.reasons, v.created_at,
	v.handled_at, COALESCE(v.handled_by, ''), COALESCE(v.opinion, '')`

const violationRecordFrom = ` FROM fillings f` + violationUnitJoin + ` LEFT JOIN cylinders c ON c.id = f.cylinder_id`

func scanViolationRecord(row scanner) (*ViolationRecord, error) {
	var v ViolationRecord
	var reasons string
	var locked int
	var handled sql.NullTime
	err := row.Scan(&v.ID, &v.FillingID, &v.UnitID, &v.UnitCode, &v.UnitName, &v.RegionCode, &v.CylinderID,
		&v.Reference, &v.CylinderRegion, &locked, &v.MediumCode, &v.FillingDate, &reasons, &v.CreatedAt, &handled,
		&v.HandledBy, &v.Opinion)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(reasons), &v.Reasons); err != nil {
		return nil, fmt.Errorf("decode reasons of violation %d: %w", v.ID, err)
	}
	v.Locked, v.CreatedAt = locked == 1, v.CreatedAt.UTC()
	if handled.Valid {
		v.HandledAt = handled.Time.UTC()
	}
	return &v, nil
}

// ViolationRecords lists the stored violations of the filter (RecentRange
// when it has no dates), newest filling first, one page of f.Limit from
// f.Offset, and counts all that match. state is "", ViolationsOpen or
// ViolationsHandled.
func (s *Store) ViolationRecords(ctx context.Context, f SupervisionFilter, state string) ([]*ViolationRecord, int, error) {
	f = f.RecentRange(s.now())
	w := violationWhere(f)
	switch state {
	case ViolationsOpen:
		w.add(`v.handled_at IS NULL`)
	case ViolationsHandled:
		w.add(`v.handled_at IS NOT NULL`)
	}
	var total int
	if err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM fillings f`+violationUnitJoin+` WHERE 1 = 1`+w.and(),
		w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count violations: %w", err)
	}
	rows, err := s.query(ctx, s.db, `SELECT `+violationRecordColumns+violationRecordFrom+` WHERE 1 = 1`+w.and()+`
		ORDER BY f.filling_date DESC, v.id DESC LIMIT ? OFFSET ?`, append(w.args, limitOr(f.Limit, 50), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list violations: %w", err)
	}
	defer rows.Close()
	var list []*ViolationRecord
	for rows.Next() {
		v, err := scanViolationRecord(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("read violation: %w", err)
		}
		list = append(list, v)
	}
	return list, total, rows.Err()
}

// ViolationRecord returns one stored violation, or ENOTFOUND.
func (s *Store) ViolationRecord(ctx context.Context, id int64) (*ViolationRecord, error) {
	return s.violationRecord(ctx, s.db, id)
}

func (s *Store) violationRecord(ctx context.Context, q querier, id int64) (*ViolationRecord, error) {
	v, err := scanViolationRecord(s.queryRow(ctx, q, `SELECT `+violationRecordColumns+violationRecordFrom+` WHERE v.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "违规记录不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("read violation: %w", err)
	}
	return v, nil
}

// HandleViolation marks a violation handled by a bureau user with an
// opinion (required, at most MaxOpinionRunes), in one transaction with its
// audit line. Only the city bureau and the staff of the violation's district
// (the filling unit's) may; a violation is handled once: a second handling
// is ECONFLICT, so that an opinion on record is never overwritten.
func (s *Store) HandleViolation(ctx context.Context, id int64, opinion string, by *cyltrace.User) error {
	opinion = strings.TrimSpace(opinion)
	switch {
	case opinion == "":
		return cyltrace.FieldErrors{{Field: "opinion", Rule: cyltrace.RuleRequired, Message: "请填写处理意见"}}.Err()
	case utf8.RuneCountInString(opinion) > MaxOpinionRunes:
		return cyltrace.FieldErrors{{Field: "opinion", Rule: cyltrace.RuleMaxLength,
			Message: fmt.Sprintf("处理意见不能超过%d个字", MaxOpinionRunes)}}.Err()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		v, err := s.violationRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayHandleViolation(by, v) {
			region := v.RegionCode
			if r, ok := cyltrace.LookupRegion(region); ok {
				region = r.Name
			}
			return cyltrace.Errorf(cyltrace.EFORBIDDEN, "该违规记录属于%s，您无权处理", region)
		}
		if v.Handled() {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "该违规记录已于 %s 由 %s 处理，不能重复处理",
				cyltrace.FormatDateTime(v.HandledAt), v.HandledBy)
		}
		now := s.timestamp()
		res, err := s.exec(ctx, tx, `UPDATE violations SET handled_at = ?, handled_by = ?, opinion = ?
			WHERE id = ? AND handled_at IS NULL`, now, by.Username, opinion, id)
		if err != nil {
			return fmt.Errorf("handle violation: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 { // handled meanwhile by another request
			return cyltrace.Errorf(cyltrace.ECONFLICT, "该违规记录已被处理，不能重复处理")
		}
		return s.audit(ctx, tx, "violation.handle", fmt.Sprint(id), map[string]any{"handled": false},
			map[string]any{"handled": true, "handledBy": by.Username, "opinion": opinion, "unit": v.UnitCode,
				"cylinderId": v.CylinderID, "fillingId": v.FillingID})
	})
}

// mayHandleViolation: the city bureau, or district staff of the district of
// the violation's filling unit.
func mayHandleViolation(by *cyltrace.User, v *ViolationRecord) bool {
	if by.HasRole(cyltrace.CityAdmin) {
		return true
	}
	if by.RegionCode == "" || by.RegionCode != v.RegionCode {
		return false
	}
	for _, r := range by.Roles {
		if r.District() {
			return true
		}
	}
	return false
}

// ---- Docking progress (notice §三) -------------------------------------------

// GasProfile is what the archive says a unit handles, as bits: the gas
// groups that decide a docking deadline.
type GasProfile int

// The bits of a GasProfile.
const (
	GasFuel     GasProfile = 1 << iota // 燃气: G5, G12 天然气, G13 液化石油气, G14 液化二甲醚, G16 丙烷
	GasHydrogen                        // 氢气: G4, G11
	GasN2O                             // 笑气: G18
	GasKnown                           // the archive holds anything about the unit at all
)

// The media of each gas group, as SQL lists (constants, never user input).
const (
	fuelMediaSQL     = `'G5', 'G12', 'G13', 'G14', 'G16'`
	hydrogenMediaSQL = `'G4', 'G11'`
	n2oMediaSQL      = `'G18'`
)

// GasGroupOf returns the group bit of a medium, 0 for the industrial gases.
func GasGroupOf(medium string) GasProfile {
	switch medium {
	case "G5", "G12", "G13", "G14", "G16":
		return GasFuel
	case "G4", "G11":
		return GasHydrogen
	case "G18":
		return GasN2O
	}
	return 0
}

// special reports whether the profile has any of the early-deadline groups.
func (g GasProfile) special() bool { return g&(GasFuel|GasHydrogen|GasN2O) != 0 }

// Label shows the profile: 燃气、氢气、笑气 as they apply, 工业/其他气体 when
// the archive knows the unit but none applies, 无数据 when it knows nothing.
func (g GasProfile) Label() string {
	var parts []string
	for _, p := range []struct {
		bit  GasProfile
		name string
	}{{GasFuel, "燃气"}, {GasHydrogen, "氢气"}, {GasN2O, "笑气"}} {
		if g&p.bit != 0 {
			parts = append(parts, p.name)
		}
	}
	switch {
	case len(parts) > 0:
		return strings.Join(parts, "、")
	case g&GasKnown != 0:
		return "工业/其他气体"
	}
	return "无数据"
}

// Matches reports whether the unit belongs to the group of medium: a unit
// with none of the special groups stands for the industrial gases.
func (g GasProfile) Matches(medium string) bool {
	if group := GasGroupOf(medium); group != 0 {
		return g&group != 0
	}
	return !g.special()
}

// The docking states of a unit.
const (
	DockOnTime  = "按期对接"
	DockLate    = "逾期对接"  // its first upload came after its deadline
	DockMissing = "逾期未对接" // its deadline passed without any upload
	DockPending = "未对接（未到期）"
)

// UploadCounts are a unit's records of a date range, by kind: the data
// notice §三 asks each kind of unit to upload (充装数据, 检验数据, the makers'
// 出厂信息 and tags). Fillings and inspections count by their own date,
// factory records and tag bindings, which have none, by receipt. Trail
// nodes are not counted: they follow the records, and most repeat one.
type UploadCounts struct {
	Fillings, Inspections, Factory, Tags int
}

// Total is all of them.
func (u UploadCounts) Total() int { return u.Fillings + u.Inspections + u.Factory + u.Tags }

// DockingUnit is one unit that notice §三 obliges to dock: a filling unit,
// an inspection body or a maker.
type DockingUnit struct {
	UnitID                 int64
	Code, Name, RegionCode string
	Kinds                  []cyltrace.UnitKind
	Gas                    GasProfile
	Deadline, DeadlineRule string // yyyy-mm-dd, and which clause of notice §三 gives it
	ActiveClients          int    // API clients not disabled
	FirstUpload            time.Time
	LastUpload             time.Time
	Uploads                UploadCounts // records of the filter's date range
	Status                 string       // DockOnTime, DockLate, DockMissing or DockPending
}

// Docked reports whether the unit has uploaded anything at all.
func (d *DockingUnit) Docked() bool { return !d.FirstUpload.IsZero() }

// DockingRule is one deadline of notice §三 (DOMAIN.md §3) for a kind of unit.
type DockingRule struct {
	Who, Deadline, Clause string // Deadline yyyy-mm-dd
}

// The deadlines of notice §三. Fuel-gas makers were due already when the
// notice was published (§三(一): their supervision inspection is suspended
// otherwise) and the city system docks them by the end of August 2021
// (§三(四)): 2021-08-31. The notice wins over DOMAIN.md's summary, which
// omits this.
var (
	dockFillingFuel      = DockingRule{"燃气气瓶充装单位", "2022-06-30", "通知三(二)"}
	dockFillingOther     = DockingRule{"工业气瓶充装单位", "2022-09-30", "通知三(二)"}
	dockInspectionSpec   = DockingRule{"燃气、氢气、笑气气瓶检验机构", "2021-12-31", "通知三(三)"}
	dockInspectionOther  = DockingRule{"其他气瓶检验机构", "2022-12-31", "通知三(三)"}
	dockMakerFuel        = DockingRule{"燃气气瓶制造单位", "2021-08-31", "通知三(一)、三(四)"}
	dockMakerHydrogenN2O = DockingRule{"氢气、笑气气瓶制造单位", "2021-12-31", "通知三(一)"}
	dockMakerOther       = DockingRule{"其他气瓶制造单位", "2022-12-31", "通知三(一)"}
)

// DockingRules lists the deadlines the docking view applies.
func DockingRules() []DockingRule {
	return []DockingRule{dockFillingFuel, dockFillingOther, dockInspectionSpec, dockInspectionOther, dockMakerFuel,
		dockMakerHydrogenN2O, dockMakerOther}
}

// dockingDeadline applies notice §三 to one kind of a unit: filling units by
// fuel gas or not (§三(二)); inspection bodies by fuel-gas, hydrogen or N₂O
// cylinders or not (§三(三)); makers by fuel gas, hydrogen or N₂O, or
// other (§三(一)). The earliest group a unit belongs to decides: a company
// that fills LPG and industrial gases is a fuel-gas filling unit. A unit
// whose group the archive cannot tell gets its kind's later deadline: the
// bureau should not call a unit late on a guess.
func dockingDeadline(kind cyltrace.UnitKind, gas GasProfile) DockingRule {
	switch kind {
	case cyltrace.KindFilling:
		if gas&GasFuel != 0 {
			return dockFillingFuel
		}
		return dockFillingOther
	case cyltrace.KindInspection:
		if gas.special() {
			return dockInspectionSpec
		}
		return dockInspectionOther
	case cyltrace.KindManufacturer:
		switch {
		case gas&GasFuel != 0:
			return dockMakerFuel
		case gas&(GasHydrogen|GasN2O) != 0:
			return dockMakerHydrogenN2O
		}
		return dockMakerOther
	}
	return DockingRule{}
}

// dockingStatus judges a unit on the CST day today.
func dockingStatus(d *DockingUnit, today string) string {
	switch {
	case d.Docked() && cyltrace.FormatDate(d.FirstUpload) <= d.Deadline:
		return DockOnTime
	case d.Docked():
		return DockLate
	case today > d.Deadline:
		return DockMissing
	}
	return DockPending
}

// uploadSource is one table a unit uploads to: its receipt column, which
// gives the first and last upload (one seek each into (unit_id, received)),
// and the column UploadCounts counts a range of, "" for none; day tells a
// yyyy-mm-dd column from a timestamp. Trail nodes 充装 and 检验 are left
// out: the store derives them from a filling or an inspection of the same
// unit at the same time; the partial index trail_events_unit_received holds
// the others only. The range counts read (unit_id, filling_date) and
// (unit_id, inspection_date) of migration 0007, factory_records_unit of 0009.
type uploadSource struct {
	table, received, extra string
	dated                  string
	day                    bool
}

var uploadSources = []uploadSource{
	{"fillings", "received_at", "", "filling_date", true},
	{"inspections", "received_at", "", "inspection_date", true},
	{"trail_events", "received_at", ` AND x.node NOT IN ('充装', '检验')`, "", false},
	{"factory_records", "received_at", "", "received_at", false},
	{"tag_bindings", "bound_at", "", "bound_at", false},
}

// countedSources is how many uploadSources have a range count.
const countedSources = 4

// gasBitsOfArchive is the SQL of the GasProfile of the archive's cylinders
// matching cond: one index seek per group (cylinders_unit_medium,
// cylinders_maker_medium), never a scan of a unit's cylinders.
func gasBitsOfArchive(cond string) string {
	exists := func(media string) string {
		if media != "" {
			media = ` AND c.medium_code IN (` + media + `)`
		}
		return `CASE WHEN EXISTS (SELECT 1 FROM cylinders c WHERE ` + cond + media + `) THEN `
	}
	return `(` + exists(fuelMediaSQL) + `1 ELSE 0 END + ` + exists(hydrogenMediaSQL) + `2 ELSE 0 END + ` +
		exists(n2oMediaSQL) + `4 ELSE 0 END + ` + exists("") + `8 ELSE 0 END)`
}

// gasBitsOfSample is the SQL of the GasProfile of a derived table s with a
// column medium_code: a unit's latest records, a bounded sample of what it
// handles now.
func gasBitsOfSample(from string) string {
	bit := func(media, value string) string {
		return `COALESCE(MAX(CASE WHEN s.medium_code IN (` + media + `) THEN ` + value + ` ELSE 0 END), 0)`
	}
	return `(SELECT ` + bit(fuelMediaSQL, "1") + ` + ` + bit(hydrogenMediaSQL, "2") + ` + ` + bit(n2oMediaSQL, "4") +
		` + CASE WHEN COUNT(*) > 0 THEN 8 ELSE 0 END FROM ` + from + `)`
}

// gasSampleSize is how many of its latest records judge what a unit handles.
const gasSampleSize = "100"

// gasColumns are, per docking kind, two SQL expressions on the unit u whose
// bits OR to the kind's GasProfile:
//   - a filling unit: the cylinders it owns (an LPG filling unit fills only
//     its own, DOMAIN.md §2 NOT_OWN_CYLINDER) and the media of its latest
//     fillings (an industrial-gas unit fills its customers' cylinders);
//   - an inspection body: the cylinders of its latest inspections;
//   - a maker: the archive's cylinders of its name (制造单位) and the media of
//     its latest factory records.
var gasColumns = []struct {
	kind  cyltrace.UnitKind
	exprs [2]string
}{
	{cyltrace.KindFilling, [2]string{gasBitsOfArchive(`c.use_unit_id = u.id`), gasBitsOfSample(`(SELECT x.medium_code
		FROM fillings x WHERE x.unit_id = u.id ORDER BY x.received_at DESC LIMIT ` + gasSampleSize + `) s`)}},
	{cyltrace.KindInspection, [2]string{gasBitsOfSample(`(SELECT c.medium_code FROM (SELECT x.cylinder_id
		FROM inspections x WHERE x.unit_id = u.id ORDER BY x.received_at DESC LIMIT ` + gasSampleSize + `) i
		JOIN cylinders c ON c.id = i.cylinder_id) s`), `0`}},
	{cyltrace.KindManufacturer, [2]string{gasBitsOfArchive(`c.manufacturer = u.name`), gasBitsOfSample(`(SELECT x.medium_code
		FROM factory_records x WHERE x.unit_id = u.id ORDER BY x.received_at DESC LIMIT ` + gasSampleSize + `) s`)}},
}

// kindLike is the condition that a unit has kind k (kinds is ",a,b,").
func kindLike(k cyltrace.UnitKind) string { return `u.kinds LIKE '%,` + string(k) + `,%'` }

// DockingProgress returns every filling unit, inspection body and maker of
// the filter's district (or the one unit), by district and code, with its
// gas profile, deadline, API clients, first and last upload (ever), its
// records of the date range (RecentRange when none; UploadCounts) and its
// state.
// A medium keeps the units of its gas group (GasProfile.Matches).
func (s *Store) DockingProgress(ctx context.Context, f SupervisionFilter) ([]*DockingUnit, error) {
	return s.dockingUnits(ctx, f.RecentRange(s.now()), true)
}

// dockingUnits reads the docking units of f in one statement; counts adds
// the uploads of the range (the credit view needs only the state).
func (s *Store) dockingUnits(ctx context.Context, f SupervisionFilter, counts bool) ([]*DockingUnit, error) {
	query, args := s.dockingSQL(f, counts)
	rows, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read docking progress: %w", err)
	}
	defer rows.Close()
	today := cyltrace.FormatDate(s.now())
	var list []*DockingUnit
	for rows.Next() {
		d, err := scanDockingUnit(rows, today)
		if err != nil {
			return nil, err
		}
		if f.MediumCode == "" || d.Gas.Matches(f.MediumCode) {
			list = append(list, d)
		}
	}
	return list, rows.Err()
}

// dockingSQL is the statement of dockingUnits: one row per unit, each
// figure a correlated subquery that seeks its unit's index range.
func (s *Store) dockingSQL(f SupervisionFilter, counts bool) (string, []any) {
	var cols strings.Builder
	var args []any
	cols.WriteString(`(SELECT COUNT(*) FROM api_clients a WHERE a.unit_id = u.id AND a.disabled_at IS NULL)`)
	for _, src := range uploadSources {
		for _, agg := range []string{"MIN", "MAX"} {
			fmt.Fprintf(&cols, `, (SELECT %s(x.%s) FROM %s x WHERE x.unit_id = u.id%s)`, agg, src.received, src.table, src.extra)
		}
	}
	for _, src := range uploadSources {
		switch {
		case src.dated == "":
		case !counts:
			cols.WriteString(`, 0`)
		default:
			args = append(args, s.rangeCount(&cols, src, f)...)
		}
	}
	for _, g := range gasColumns {
		for _, expr := range g.exprs { // the CASE spares the seeks of a kind the unit is not
			fmt.Fprintf(&cols, `, CASE WHEN %s THEN %s ELSE 0 END`, kindLike(g.kind), expr)
		}
	}
	w := &unitViewWhere{}
	w.add(`(` + kindLike(cyltrace.KindFilling) + ` OR ` + kindLike(cyltrace.KindInspection) + ` OR ` +
		kindLike(cyltrace.KindManufacturer) + `)`)
	if f.RegionCode != "" {
		w.add(`u.region_code = ?`, f.RegionCode)
	}
	if f.UnitID != 0 {
		w.add(`u.id = ?`, f.UnitID)
	}
	return `SELECT u.id, u.code, u.name, u.kinds, u.region_code, ` + cols.String() + `
		FROM units u WHERE 1 = 1` + w.and() + ` ORDER BY u.region_code, u.code`, append(args, w.args...)
}

// rangeCount writes the correlated count of a unit's records of src in the
// filter's date range, and returns its arguments.
func (s *Store) rangeCount(cols *strings.Builder, src uploadSource, f SupervisionFilter) []any {
	var args []any
	from, to := any(nil), any(nil)
	if src.day {
		if f.From != "" {
			from = f.From
		}
		if f.To != "" {
			to = f.To
		}
	} else {
		from, to = instantBounds(f)
	}
	fmt.Fprintf(cols, `, (SELECT COUNT(*) FROM %s x WHERE x.unit_id = u.id`, src.table)
	if from != nil {
		fmt.Fprintf(cols, ` AND x.%s >= ?`, src.dated)
		args = append(args, from)
	}
	if to != nil {
		if src.day {
			fmt.Fprintf(cols, ` AND x.%s <= ?`, src.dated)
		} else {
			fmt.Fprintf(cols, ` AND x.%s < ?`, src.dated)
		}
		args = append(args, to)
	}
	cols.WriteString(`)`)
	return args
}

// scanDockingUnit reads one row of dockingUnits and judges it.
func scanDockingUnit(rows *sql.Rows, today string) (*DockingUnit, error) {
	d := &DockingUnit{}
	var kinds string
	times := make([]any, 2*len(uploadSources))
	var n [countedSources]int
	var gas [2 * 3]int // two per entry of gasColumns
	dest := []any{&d.UnitID, &d.Code, &d.Name, &kinds, &d.RegionCode, &d.ActiveClients}
	for i := range times {
		dest = append(dest, &times[i])
	}
	for i := range n {
		dest = append(dest, &n[i])
	}
	for i := range gas {
		dest = append(dest, &gas[i])
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, fmt.Errorf("read docking unit: %w", err)
	}
	d.Kinds = splitKinds(kinds)
	d.Uploads = UploadCounts{n[0], n[1], n[2], n[3]}
	for i := range times {
		t, err := scanInstant(times[i])
		if err != nil {
			return nil, fmt.Errorf("docking unit %s: %w", d.Code, err)
		}
		switch {
		case t.IsZero():
		case i%2 == 0 && (d.FirstUpload.IsZero() || t.Before(d.FirstUpload)):
			d.FirstUpload = t
		case i%2 == 1 && t.After(d.LastUpload):
			d.LastUpload = t
		}
	}
	for i, g := range gasColumns {
		if !slices.Contains(d.Kinds, g.kind) {
			continue
		}
		profile := GasProfile(gas[2*i] | gas[2*i+1])
		d.Gas |= profile
		if rule := dockingDeadline(g.kind, profile); d.Deadline == "" || rule.Deadline < d.Deadline {
			d.Deadline, d.DeadlineRule = rule.Deadline, rule.Who+"（"+rule.Clause+"）"
		}
	}
	d.Status = dockingStatus(d, today)
	return d, nil
}

// DockingRegion is one district's line of the docking counts.
type DockingRegion struct {
	RegionCode          string
	Units, Docked, Late int // Late: DockMissing
	DockedLate          int // DockLate
}

// DockingTotals counts docking units per district, in district order, and
// the sum of all.
func DockingTotals(units []*DockingUnit) (regions []*DockingRegion, total DockingRegion) {
	byRegion := map[string]*DockingRegion{}
	for _, d := range units {
		r := byRegion[d.RegionCode]
		if r == nil {
			r = &DockingRegion{RegionCode: d.RegionCode}
			byRegion[d.RegionCode] = r
			regions = append(regions, r)
		}
		for _, c := range []*DockingRegion{r, &total} {
			c.Units++
			if d.Docked() {
				c.Docked++
			}
			switch d.Status {
			case DockMissing:
				c.Late++
			case DockLate:
				c.DockedLate++
			}
		}
	}
	sort.Slice(regions, func(i, j int) bool { return regions[i].RegionCode < regions[j].RegionCode })
	return regions, total
}

// ---- Credit supervision (notice §六(四)) ---------------------------------------

// CreditUnit is one unit's facts for credit supervision (信用监管): its
// violations, refusals it filled through, overdue cylinders and docking.
type CreditUnit struct {
	UnitID                     int64
	Code, Name, RegionCode     string
	Kinds                      []cyltrace.UnitKind
	Violations, OpenViolations int // stored violations of fillings in the range
	// RefusedThenFilled counts the cylinders the interlock refused the unit
	// in the range that the unit filled all the same, on or after the day of
	// the refusal.
	RefusedThenFilled int
	Overdue           int          // in-use cylinders it owns past their inspection month, today
	Docking           *DockingUnit // nil for a unit notice §三 does not oblige to dock
}

// dockingRank orders docking states by gravity.
func (c *CreditUnit) dockingRank() int {
	if c.Docking == nil {
		return 0
	}
	switch c.Docking.Status {
	case DockMissing:
		return 2
	case DockLate:
		return 1
	}
	return 0
}

// creditFacts are the facts a credit list sorts by, most telling first.
func (c *CreditUnit) creditFacts() []int {
	return []int{c.OpenViolations, c.Violations, c.RefusedThenFilled, c.Overdue, c.dockingRank()}
}

// creditSorts is the whitelist of credit sort keys: each puts the units
// with the most of its fact first; ties go by the other facts, then code.
var creditSorts = map[string]int{"open": 0, "violations": 1, "refused": 2, "overdue": 3, "docking": 4, "unit": -1}

// CreditSortKeys lists the sort keys UnitCredit accepts; the first is the default.
func CreditSortKeys() []string {
	return []string{"open", "violations", "refused", "overdue", "docking", "unit"}
}

// UnitCredit returns the credit facts of the units of the filter's district
// (or the one unit; regulators are not listed), sorted by sortBy (a
// CreditSortKeys key, the default otherwise), one page of f.Limit from
// f.Offset, and how many units there are. The date range (RecentRange when
// none) bounds the fillings of violations and the refusals; the medium,
// the medium filled, checked or registered; overdue and docking are today's.
func (s *Store) UnitCredit(ctx context.Context, f SupervisionFilter, sortBy string) ([]*CreditUnit, int, error) {
	f = f.RecentRange(s.now())
	units, byID, err := s.creditUnits(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	// Each fact sets its own field of the units: they may run at once.
	var facts []func() error
	for _, fill := range []func(context.Context, SupervisionFilter, map[int64]*CreditUnit) error{
		s.creditViolations, s.creditRefusals, s.creditOverdue, s.creditDocking} {
		facts = append(facts, func() error { return fill(ctx, f, byID) })
	}
	if err := parallelUnitQueries(facts...); err != nil {
		return nil, 0, err
	}
	sortCredit(units, sortBy)
	total := len(units)
	lo := min(max(f.Offset, 0), total)
	hi := min(lo+limitOr(f.Limit, 50), total)
	return units[lo:hi], total, nil
}

func sortCredit(units []*CreditUnit, sortBy string) {
	key, ok := creditSorts[sortBy]
	if !ok {
		key = creditSorts[CreditSortKeys()[0]]
	}
	sort.SliceStable(units, func(i, j int) bool {
		a, b := units[i].creditFacts(), units[j].creditFacts()
		if key >= 0 && a[key] != b[key] {
			return a[key] > b[key]
		}
		if key >= 0 {
			for k := range a {
				if a[k] != b[k] {
					return a[k] > b[k]
				}
			}
		}
		return units[i].Code < units[j].Code
	})
}

// creditUnits lists the units of the filter, regulators left out.
func (s *Store) creditUnits(ctx context.Context, f SupervisionFilter) ([]*CreditUnit, map[int64]*CreditUnit, error) {
	w := &unitViewWhere{}
	w.add(`u.kinds NOT LIKE '%,` + string(cyltrace.KindRegulator) + `,%'`)
	if f.RegionCode != "" {
		w.add(`u.region_code = ?`, f.RegionCode)
	}
	if f.UnitID != 0 {
		w.add(`u.id = ?`, f.UnitID)
	}
	rows, err := s.query(ctx, s.db, `SELECT u.id, u.code, u.name, u.kinds, u.region_code FROM units u
		WHERE 1 = 1`+w.and()+` ORDER BY u.code`, w.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var list []*CreditUnit
	byID := map[int64]*CreditUnit{}
	for rows.Next() {
		c := &CreditUnit{}
		var kinds string
		if err := rows.Scan(&c.UnitID, &c.Code, &c.Name, &kinds, &c.RegionCode); err != nil {
			return nil, nil, fmt.Errorf("read unit: %w", err)
		}
		c.Kinds = splitKinds(kinds)
		list = append(list, c)
		byID[c.UnitID] = c
	}
	return list, byID, rows.Err()
}

// creditCounts runs a GROUP BY unit statement of one or two counts and
// hands each row to set.
func (s *Store) creditCounts(ctx context.Context, what, query string, args []any, set func(id int64, n [2]int)) error {
	rows, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return fmt.Errorf("count %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n [2]int
		if err := rows.Scan(&id, &n[0], &n[1]); err != nil {
			return fmt.Errorf("read %s: %w", what, err)
		}
		set(id, n)
	}
	return rows.Err()
}

func (s *Store) creditViolations(ctx context.Context, f SupervisionFilter, byID map[int64]*CreditUnit) error {
	w := violationWhere(f)
	return s.creditCounts(ctx, "violations", `SELECT f.unit_id, COUNT(*), SUM(CASE WHEN v.handled_at IS NULL THEN 1 ELSE 0 END)
		FROM fillings f`+violationUnitJoin+` WHERE 1 = 1`+w.and()+` GROUP BY f.unit_id`, w.args, func(id int64, n [2]int) {
		if c := byID[id]; c != nil {
			c.Violations, c.OpenViolations = n[0], n[1]
		}
	})
}

// creditRefusals reads the refused checks of the range through the partial
// index filling_checks_refused and, for each, looks for a filling of the
// same cylinder by the same unit on or after the refusal's CST day through
// fillings_cylinder (a cylinder has a few fillings a month).
func (s *Store) creditRefusals(ctx context.Context, f SupervisionFilter, byID map[int64]*CreditUnit) error {
	w := &unitViewWhere{}
	w.add(`k.allowed = 0`)
	w.add(`k.cylinder_id IS NOT NULL`)
	from, to := instantBounds(f)
	if from != nil {
		w.add(`k.checked_at >= ?`, from)
	}
	if to != nil {
		w.add(`k.checked_at < ?`, to)
	}
	if f.RegionCode != "" {
		w.add(`k.unit_id IN (SELECT id FROM units WHERE region_code = ?)`, f.RegionCode)
	}
	if f.UnitID != 0 {
		w.add(`k.unit_id = ?`, f.UnitID)
	}
	if f.MediumCode != "" {
		w.add(`k.medium_code = ?`, f.MediumCode)
	}
	// A scalar subquery with LIMIT, not EXISTS: PostgreSQL would turn EXISTS
	// into a hash join over every filling; this way both databases seek the
	// cylinder's few fillings per refusal. +f.unit_id: see violationWhere.
	w.add(`(SELECT 1 FROM fillings f WHERE f.cylinder_id = k.cylinder_id AND +f.unit_id = k.unit_id
		AND f.filling_date >= ` + s.cstDateOf(`k.checked_at`) + ` LIMIT 1) = 1`)
	return s.creditCounts(ctx, "refusals filled", `SELECT k.unit_id, COUNT(DISTINCT k.cylinder_id), 0
		FROM filling_checks k WHERE 1 = 1`+w.and()+` GROUP BY k.unit_id`, w.args,
		func(id int64, n [2]int) {
			if c := byID[id]; c != nil {
				c.RefusedThenFilled = n[0]
			}
		})
}

// creditOverdue counts each unit's in-use cylinders due before this month
// (a cylinder is in date through its due month, DOMAIN.md §1), from the
// covering index cylinders_due_unit.
func (s *Store) creditOverdue(ctx context.Context, f SupervisionFilter, byID map[int64]*CreditUnit) error {
	w := &unitViewWhere{}
	w.add(`c.status = ?`, cyltrace.StatusInUse)
	w.add(`c.next_inspection_date < ?`, cyltrace.YearMonthOf(s.now()).String())
	if f.MediumCode != "" {
		w.add(`c.medium_code = ?`, f.MediumCode)
	}
	if f.RegionCode != "" {
		w.add(`c.use_unit_id IN (SELECT id FROM units WHERE region_code = ?)`, f.RegionCode)
	}
	if f.UnitID != 0 {
		w.add(`c.use_unit_id = ?`, f.UnitID)
	}
	return s.creditCounts(ctx, "overdue cylinders", `SELECT c.use_unit_id, COUNT(*), 0
		FROM cylinders c WHERE c.use_unit_id IS NOT NULL`+w.and()+` GROUP BY c.use_unit_id`, w.args,
		func(id int64, n [2]int) {
			if c := byID[id]; c != nil {
				c.Overdue = n[0]
			}
		})
}

// creditDocking adds the docking state of the units that must dock; the
// medium does not choose units here, it bounds the other facts.
func (s *Store) creditDocking(ctx context.Context, f SupervisionFilter, byID map[int64]*CreditUnit) error {
	f.MediumCode = ""
	list, err := s.dockingUnits(ctx, f, false)
	if err != nil {
		return err
	}
	for _, d := range list {
		if c := byID[d.UnitID]; c != nil {
			c.Docking = d
		}
	}
	return nil
}
