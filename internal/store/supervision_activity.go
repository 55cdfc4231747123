package store

import (
	"context"
	"fmt"
)

// The overview's records of the last 30 days: fillings, inspections and
// violations, each counted in the district of the unit that submitted it.
// The queries start from the units (a few thousand rows) and read each
// unit's records of the look-back from an index led by unit_id and the
// date (fillings_unit_date, inspections_unit_date, violations_unit,
// violations_open): a district's counts touch only its own units' index
// ranges. CROSS JOIN keeps SQLite, which has no statistics to go by, from
// starting at the ten-million-row side; PostgreSQL treats it as a plain
// join and plans it itself.

// overviewFillings counts the fillings of the look-back per district and
// per day in one pass: grouped by unit and day, which is the order the
// loop over units (by id) and each unit's range of fillings_unit_date
// deliver, so that SQLite groups as it reads instead of sorting up to a
// million rows; a few thousand (unit, day) counts come back to be summed.
func (s *Store) overviewFillings(ctx context.Context, f SupervisionFilter, k svClock, o *Overview, rows *districtRows) error {
	u := unitConds(f)
	if f.MediumCode != "" {
		u.add(`f.medium_code = ?`, f.MediumCode)
	}
	rs, err := s.query(ctx, s.db, `SELECT u.region_code, f.filling_date, COUNT(*) FROM units u CROSS JOIN fillings f
		WHERE f.unit_id = u.id AND f.filling_date >= ? AND f.filling_date <= ?`+u.and()+
		` GROUP BY u.id, f.filling_date`, append([]any{k.from, k.today}, u.args...)...)
	if err != nil {
		return fmt.Errorf("count fillings: %w", err)
	}
	defer rs.Close()
	daily := map[string]int{}
	for rs.Next() {
		var region, day string
		var n int
		if err := rs.Scan(&region, &day, &n); err != nil {
			return fmt.Errorf("count fillings: %w", err)
		}
		rows.row(region).Fillings += n
		daily[day] += n
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("count fillings: %w", err)
	}
	o.FillingsDaily = dailySeries(k, daily)
	return nil
}

// overviewInspections counts the inspections of the look-back. Inspections
// carry no medium: under a medium filter they count by their archive's.
func (s *Store) overviewInspections(ctx context.Context, f SupervisionFilter, k svClock, o *Overview, _ *districtRows) error {
	u := unitConds(f)
	from, med := `units u CROSS JOIN inspections i`, conds{}
	if f.MediumCode != "" {
		from += ` CROSS JOIN cylinders c`
		med.add(`c.id = i.cylinder_id AND c.medium_code = ?`, f.MediumCode)
	}
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM `+from+`
		WHERE i.unit_id = u.id AND i.inspection_date >= ? AND i.inspection_date <= ?`+u.and()+med.and(),
		append(append([]any{k.from, k.today}, u.args...), med.args...)...).Scan(&o.Inspections)
	if err != nil {
		return fmt.Errorf("count inspections: %w", err)
	}
	return nil
}

// overviewViolations counts the open violations per district (whenever
// filed) and the violations of the look-back per day of their filling. A
// violation is filed when its filling is received, never before the
// filling's day: created_at bounds the scan to the look-back.
func (s *Store) overviewViolations(ctx context.Context, f SupervisionFilter, k svClock, o *Overview, rows *districtRows) error {
	u := unitConds(f)
	from, med := `units u CROSS JOIN violations v`, conds{}
	if f.MediumCode != "" {
		from += ` CROSS JOIN fillings f`
		med.add(`f.id = v.filling_id AND f.medium_code = ?`, f.MediumCode)
	}
	err := s.scanCounts(ctx, func(region string, n int) { rows.row(region).OpenViolations += n },
		`SELECT u.region_code, COUNT(*) FROM `+from+` WHERE v.unit_id = u.id AND v.handled_at IS NULL`+
			u.and()+med.and()+` GROUP BY u.region_code`, append(u.args, med.args...)...)
	if err != nil {
		return fmt.Errorf("count open violations: %w", err)
	}
	daily := map[string]int{}
	m := conds{}
	if f.MediumCode != "" {
		m.add(`f.medium_code = ?`, f.MediumCode)
	}
	err = s.scanCounts(ctx, func(day string, n int) { daily[day] += n },
		`SELECT f.filling_date, COUNT(*) FROM units u CROSS JOIN violations v CROSS JOIN fillings f
		WHERE v.unit_id = u.id AND f.id = v.filling_id AND v.created_at >= ?
		AND f.filling_date >= ? AND f.filling_date <= ?`+u.and()+m.and()+` GROUP BY f.filling_date`,
		append(append([]any{k.fromInstant, k.from, k.today}, u.args...), m.args...)...)
	if err != nil {
		return fmt.Errorf("count violations by day: %w", err)
	}
	o.ViolationsDaily = dailySeries(k, daily)
	return nil
}

// scanCounts runs a query of (key, count) rows and hands each to fn.
func (s *Store) scanCounts(ctx context.Context, fn func(key string, n int), query string, args ...any) error {
	rs, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var key string
		var n int
		if err := rs.Scan(&key, &n); err != nil {
			return err
		}
		fn(key, n)
	}
	return rs.Err()
}

// scanCounts3 runs a query of (key, a, b, c) rows and hands each to fn.
func (s *Store) scanCounts3(ctx context.Context, fn func(key string, a, b, c int), query string, args ...any) error {
	rs, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var key string
		var a, b, c int
		if err := rs.Scan(&key, &a, &b, &c); err != nil {
			return err
		}
		fn(key, a, b, c)
	}
	return rs.Err()
}

// dailySeries lists the look-back's days with their counts, zeros included.
func dailySeries(k svClock, counts map[string]int) []DayCount {
	days := k.days()
	list := make([]DayCount, len(days))
	for i, d := range days {
		list[i] = DayCount{d, counts[d]}
	}
	return list
}
