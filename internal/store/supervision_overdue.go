package store

import (
	"context"
	"database/sql"
	"fmt"

	"cyltrace"
)

// OverdueRow is one in-use cylinder past its 下次检验日期.
type OverdueRow struct {
	CylinderID     string
	UnitID         int64  // 0 when the archive names no unit of the system
	UnitName       string // 使用单位 as the archive has it
	UnitCode       string // the unit's credit code; "" without a unit
	ProductNumber  string
	MediumCode     string
	Manufacturer   string
	NextInspection string // yyyy-mm
	MonthsOverdue  int    // 1 in the first month after the one of NextInspection
	RegionCode     string
}

// The orders of the overdue list.
const (
	OverdueByUnit   = "unit"   // by unit, its most overdue first (the default)
	OverdueByNext   = "next"   // the most overdue first
	OverdueByRegion = "region" // by district, then unit
)

// overdueOrders maps each sort key to its ORDER BY; every order ends in
// the primary key, so that pages neither repeat nor skip a row.
var overdueOrders = map[string]string{
	OverdueByUnit:   `COALESCE(c.use_unit_id, 0), c.use_unit_name, c.next_inspection_date, c.id`,
	OverdueByNext:   `c.next_inspection_date, c.id`,
	OverdueByRegion: `c.region_code, COALESCE(c.use_unit_id, 0), c.use_unit_name, c.next_inspection_date, c.id`,
}

// overdueConds selects the in-use archives past their 下次检验日期 (before
// the current month: fixed-width yyyy-mm text compares as months do) in
// f's scope; From and To bound 下次检验日期 by their months.
func overdueConds(f SupervisionFilter, k svClock) conds {
	c := cylinderConds(f, "c.")
	c.add(`c.status = ?`, cyltrace.StatusInUse)
	c.add(`c.next_inspection_date < ?`, k.month)
	if len(f.From) >= 7 {
		c.add(`c.next_inspection_date >= ?`, f.From[:7])
	}
	if len(f.To) >= 7 {
		c.add(`c.next_inspection_date <= ?`, f.To[:7])
	}
	return c
}

// CountOverdue returns how many in-use cylinders in f's scope are overdue.
func (s *Store) CountOverdue(ctx context.Context, f SupervisionFilter) (int, error) {
	c := overdueConds(f, s.svClock())
	var n int
	if err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM cylinders c WHERE 1 = 1`+c.and(), c.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count overdue cylinders: %w", err)
	}
	return n, nil
}

// OverdueCylinders lists a page (f.Limit, default 50, from f.Offset) of
// the in-use cylinders in f's scope that are overdue, in the order sort
// names (OverdueByUnit when unknown).
func (s *Store) OverdueCylinders(ctx context.Context, f SupervisionFilter, sort string) ([]OverdueRow, error) {
	k := s.svClock()
	c := overdueConds(f, k)
	order, ok := overdueOrders[sort]
	if !ok {
		order = overdueOrders[OverdueByUnit]
	}
	rs, err := s.query(ctx, s.db, `SELECT c.id, COALESCE(c.use_unit_id, 0), c.use_unit_name, u.code, c.product_number,
		c.medium_code, c.manufacturer, c.next_inspection_date, c.region_code
		FROM cylinders c LEFT JOIN units u ON u.id = c.use_unit_id WHERE 1 = 1`+c.and()+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(c.args, limitOr(f.Limit, 50), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("list overdue cylinders: %w", err)
	}
	defer rs.Close()
	var list []OverdueRow
	for rs.Next() {
		var r OverdueRow
		var code sql.NullString
		if err := rs.Scan(&r.CylinderID, &r.UnitID, &r.UnitName, &code, &r.ProductNumber, &r.MediumCode,
			&r.Manufacturer, &r.NextInspection, &r.RegionCode); err != nil {
			return nil, fmt.Errorf("read overdue cylinder: %w", err)
		}
		r.UnitCode = code.String
		r.MonthsOverdue = monthsBetween(r.NextInspection, k.currentMonth)
		list = append(list, r)
	}
	return list, rs.Err()
}

// monthsBetween counts the months from next to now: how long a cylinder
// due in next has been overdue in month now.
func monthsBetween(next string, now cyltrace.YearMonth) int {
	ym, ok := cyltrace.ParseYearMonth(next)
	if !ok {
		return 0
	}
	return (now.Year-ym.Year)*12 + int(now.Month) - int(ym.Month)
}
