package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"cyltrace"
)

// The supervision overview (SPEC.md §8, issue 8): what a district bureau,
// or the city bureau for all 42 districts, watches at a glance.
//
// Where things belong: a cylinder to the district of its archive
// (cylinders.region_code); a record — filling, inspection, violation — to
// the district of the unit that submitted it (units.region_code of its
// unit_id). A district bureau supervises the stations in its district; a
// filling of an unknown code has no archive and still belongs somewhere;
// and records reach their district through the small units table, so no
// query joins ten million fillings to a million archives. The unit filter
// follows the same rule: the unit's own cylinders (use_unit_id) and the
// records it submitted (unit_id).

// OverviewDays is the look-back of the overview's records: the last 30
// days, today (China Standard Time) included.
const OverviewDays = 30

// Count is the number of cylinders with one code (a status, medium or variety).
type Count struct {
	Code string
	N    int
}

// DayCount is the number of records of one day (yyyy-mm-dd).
type DayCount struct {
	Day string
	N   int
}

// DistrictRow is one district's line of the overview's table.
type DistrictRow struct {
	RegionCode     string
	Cylinders      int // archives of the district
	InUse          int // of them 在用
	Overdue        int // in use and past 下次检验日期
	Fillings       int // fillings of the district's units in the last 30 days
	OpenViolations int // violations of the district's units not yet handled
}

// Overview is the supervision overview of the filter's scope.
type Overview struct {
	AsOf            string // today, yyyy-mm-dd (CST): the end of the look-back
	Cylinders       int
	InUse           int
	ByStatus        []Count // 在用, 停用, 报废, zeros included
	ByMedium        []Count // the media present, in code-table order
	ByVariety       []Count // the varieties present, in code-table order
	Registered      int     // registration_date in the current month
	Fillings        int     // last 30 days
	Inspections     int     // last 30 days
	Overdue         int     // in use, past 下次检验日期
	Due30, Due90    int     // in use, falling due within 30 / 90 days (Due90 includes Due30)
	OpenViolations  int
	FillingsDaily   []DayCount // the 30 days, oldest first, zeros included
	ViolationsDaily []DayCount // violations by the date of the filling
	// Districts has a row per district in scope: the 42 regions city-wide
	// (and any other code an archive carries), one for a district. The
	// totals above that it has columns for are its sums.
	Districts []DistrictRow
}

// svClock is the store's clock read once for a view, in the terms the
// views compare with: months and days as text (China Standard Time).
type svClock struct {
	today, from  string // the look-back: from … today, yyyy-mm-dd
	fromInstant  time.Time
	month        string // the current month: next_inspection_date < month is overdue
	month30      string // the month of today + 30 days: next < month30 is due within 30 days
	month90      string
	monthStart   string // yyyy-mm-01 of the current month
	nextMonth    string // yyyy-mm-01 of the next month
	currentMonth cyltrace.YearMonth
}

// svClock reads the store's clock. A cylinder is in date through the last
// day of its 下次检验日期 month, so it is overdue on a day whose month is
// later than that month, and falls due within n days when the month of
// today + n days is.
func (s *Store) svClock() svClock {
	now := s.now().In(cyltrace.CST)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, cyltrace.CST)
	from := today.AddDate(0, 0, -(OverviewDays - 1))
	ym := cyltrace.YearMonthOf(today)
	return svClock{
		today: cyltrace.FormatDate(today), from: cyltrace.FormatDate(from), fromInstant: from.UTC(),
		month:      ym.String(),
		month30:    cyltrace.YearMonthOf(today.AddDate(0, 0, 30)).String(),
		month90:    cyltrace.YearMonthOf(today.AddDate(0, 0, 90)).String(),
		monthStart: ym.String() + "-01", nextMonth: ym.AddMonths(1).String() + "-01",
		currentMonth: ym,
	}
}

// days lists the look-back's days, oldest first.
func (k svClock) days() []string {
	t, _ := cyltrace.ParseDate(k.from)
	list := make([]string, OverviewDays)
	for i := range list {
		list[i] = cyltrace.FormatDate(t.AddDate(0, 0, i))
	}
	return list
}

// conds collects the AND-ed conditions of a query and their arguments.
type conds struct {
	where []string
	args  []any
}

func (c *conds) add(cond string, args ...any) {
	c.where, c.args = append(c.where, cond), append(c.args, args...)
}

// and returns the conditions as " AND a AND b", or "".
func (c conds) and() string {
	if len(c.where) == 0 {
		return ""
	}
	return " AND " + strings.Join(c.where, " AND ")
}

// cylinderConds filters archives (alias prefix p, e.g. "c.") by district,
// using unit and medium. A unit id of -1 (a code no unit has) matches none.
func cylinderConds(f SupervisionFilter, p string) conds {
	var c conds
	if f.RegionCode != "" {
		c.add(p+`region_code = ?`, f.RegionCode)
	}
	if f.UnitID != 0 {
		c.add(p+`use_unit_id = ?`, f.UnitID)
	}
	if f.MediumCode != "" {
		c.add(p+`medium_code = ?`, f.MediumCode)
	}
	return c
}

// unitConds filters the units (alias u) whose records count.
func unitConds(f SupervisionFilter) conds {
	var c conds
	if f.RegionCode != "" {
		c.add(`u.region_code = ?`, f.RegionCode)
	}
	if f.UnitID != 0 {
		c.add(`u.id = ?`, f.UnitID)
	}
	return c
}

// SupervisionOverview returns the overview of f's district (all when
// empty), unit and medium; f's dates and paging do not apply: the overview
// looks back 30 days from the store's clock.
func (s *Store) SupervisionOverview(ctx context.Context, f SupervisionFilter) (*Overview, error) {
	k := s.svClock()
	o := &Overview{AsOf: k.today}
	rows := newDistrictRows(f.RegionCode)
	steps := []func(context.Context, SupervisionFilter, svClock, *Overview, *districtRows) error{
		s.overviewCylinders, s.overviewDue, s.overviewRegistered, s.overviewFillings, s.overviewInspections,
		s.overviewViolations,
	}
	for _, step := range steps {
		if err := step(ctx, f, k, o, rows); err != nil {
			return nil, err
		}
	}
	o.Districts = rows.list
	for _, d := range o.Districts {
		o.Cylinders += d.Cylinders
		o.InUse += d.InUse
		o.Overdue += d.Overdue
		o.Fillings += d.Fillings
		o.OpenViolations += d.OpenViolations
	}
	return o, nil
}

// districtRows keeps the table's rows in the region table's order, adding
// a row for a code outside it so that the totals still add up.
type districtRows struct {
	list  []DistrictRow
	index map[string]int
}

func newDistrictRows(region string) *districtRows {
	r := &districtRows{index: map[string]int{}}
	for _, reg := range cyltrace.Regions() {
		if region == "" || reg.Code == region {
			r.row(reg.Code)
		}
	}
	if region != "" {
		r.row(region)
	}
	return r
}

func (r *districtRows) row(code string) *DistrictRow {
	i, ok := r.index[code]
	if !ok {
		i = len(r.list)
		r.index[code] = i
		r.list = append(r.list, DistrictRow{RegionCode: code})
	}
	return &r.list[i]
}

// overviewCylinders counts the archives by district, status, medium and
// variety in one pass over the covering index cylinders_overview. A medium
// filter is applied to the groups, not in SQL: medium_code = ? would still
// read the whole index (medium is its third column) and then sort what it
// kept to group it, three times slower than keeping one medium's groups.
func (s *Store) overviewCylinders(ctx context.Context, f SupervisionFilter, _ svClock, o *Overview, rows *districtRows) error {
	onlyMedium := f.MediumCode
	f.MediumCode = ""
	c := cylinderConds(f, "")
	rs, err := s.query(ctx, s.db, `SELECT region_code, status, medium_code, variety_code, COUNT(*)
		FROM cylinders WHERE 1 = 1`+c.and()+` GROUP BY region_code, status, medium_code, variety_code`, c.args...)
	if err != nil {
		return fmt.Errorf("count cylinders: %w", err)
	}
	defer rs.Close()
	status, medium, variety := map[string]int{}, map[string]int{}, map[string]int{}
	for rs.Next() {
		var region, st, med, vari string
		var n int
		if err := rs.Scan(&region, &st, &med, &vari, &n); err != nil {
			return fmt.Errorf("count cylinders: %w", err)
		}
		if onlyMedium != "" && med != onlyMedium {
			continue
		}
		d := rows.row(region)
		d.Cylinders += n
		status[st] += n
		medium[med] += n
		variety[vari] += n
		if st == cyltrace.StatusInUse {
			d.InUse += n
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("count cylinders: %w", err)
	}
	for _, st := range cyltrace.Statuses() {
		o.ByStatus = append(o.ByStatus, Count{st, status[st]})
	}
	o.ByMedium = countsInOrder(cyltrace.Media(), medium)
	o.ByVariety = countsInOrder(cyltrace.Varieties(), variety)
	return nil
}

// overviewDue counts the in-use archives overdue and falling due within 90
// days per district. They are a small share of the archives, ranges of
// cylinders_region_due: city-wide the query names every district (the
// region table's codes, constants) so that SQLite seeks 42 ranges instead
// of reading the index whole.
func (s *Store) overviewDue(ctx context.Context, f SupervisionFilter, k svClock, o *Overview, rows *districtRows) error {
	c := cylinderConds(f, "")
	if f.RegionCode == "" {
		c.add(`region_code IN (` + regionCodeList() + `)`)
	}
	c.add(`status = ?`, cyltrace.StatusInUse)
	c.add(`next_inspection_date < ?`, k.month90)
	err := s.scanCounts3(ctx, func(region string, overdue, due30, due90 int) {
		rows.row(region).Overdue += overdue
		o.Due30 += due30 - overdue
		o.Due90 += due90 - overdue
	}, `SELECT region_code, SUM(CASE WHEN next_inspection_date < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN next_inspection_date < ? THEN 1 ELSE 0 END), COUNT(*)
		FROM cylinders WHERE 1 = 1`+c.and()+` GROUP BY region_code`, append([]any{k.month, k.month30}, c.args...)...)
	if err != nil {
		return fmt.Errorf("count overdue cylinders: %w", err)
	}
	return nil
}

// regionCodeList is the region table's codes as SQL literals: constants of
// the code, not input.
func regionCodeList() string {
	var codes []string
	for _, r := range cyltrace.Regions() {
		codes = append(codes, "'"+r.Code+"'")
	}
	return strings.Join(codes, ", ")
}

// countsInOrder lists the non-zero counts in the code table's order, then
// any code outside it.
func countsInOrder(table []cyltrace.Code, counts map[string]int) []Count {
	var list []Count
	for _, c := range table {
		if n := counts[c.Code]; n > 0 {
			list = append(list, Count{c.Code, n})
			delete(counts, c.Code)
		}
	}
	for _, code := range slices.Sorted(maps.Keys(counts)) {
		list = append(list, Count{code, counts[code]})
	}
	return list
}

// overviewRegistered counts the archives registered this month (index
// cylinders_registered: a range of one month).
func (s *Store) overviewRegistered(ctx context.Context, f SupervisionFilter, k svClock, o *Overview, _ *districtRows) error {
	c := cylinderConds(f, "")
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM cylinders WHERE registration_date >= ? AND registration_date < ?`+
		c.and(), append([]any{k.monthStart, k.nextMonth}, c.args...)...).Scan(&o.Registered)
	if err != nil {
		return fmt.Errorf("count registrations: %w", err)
	}
	return nil
}
