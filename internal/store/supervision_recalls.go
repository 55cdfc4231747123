package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Recall candidates (notice §六(四)): gas cylinders (G13 液化石油气, G14 液化
// 二甲醚) made from 2021-01 on without a bound electronic mark — no
// 信息化编码 or no tag type — and not scrapped; the district bureaus ask
// their makers to recall them.
//
// recallWhere is written with constants, the very terms of the partial
// index cylinders_recall: SQLite and PostgreSQL use a partial index only
// when the query's WHERE repeats its condition, and both can then read the
// few candidates without touching the million other archives.
const recallWhere = `c.medium_code IN ('G13', 'G14') AND c.manufacture_date >= '2021-01' AND c.status <> '报废'
	AND (c.info_code IS NULL OR c.tag_type IS NULL)`

// noFactoryWhere is the second kind of candidate (issue 9): the same gas
// cylinders whose maker published no factory data for them (factory_id,
// linked at registration or when the data arrive) and that carry no
// permanent mark; the very terms of the partial index cylinders_nofactory.
const noFactoryWhere = `c.medium_code IN ('G13', 'G14') AND c.manufacture_date >= '2021-01' AND c.status <> '报废'
	AND c.factory_id IS NULL AND c.qr_content IS NULL`

// The kinds of recall candidate.
const (
	RecallNoMark    = "mark"    // no bound electronic mark (notice §六(四))
	RecallNoFactory = "factory" // no factory data and no permanent mark
)

// recallWhereOf returns the condition of a kind of candidate.
func recallWhereOf(kind string) string {
	if kind == RecallNoFactory {
		return noFactoryWhere
	}
	return recallWhere
}

// RecallMaker is one manufacturer's recall candidates.
type RecallMaker struct {
	Manufacturer string
	Count        int
	First, Last  string // the earliest and latest 制造年月 among them
}

// RecallRow is one recall candidate.
type RecallRow struct {
	CylinderID      string
	Manufacturer    string
	ProductNumber   string
	ManufactureDate string // yyyy-mm
	MediumCode      string
	UnitName        string
	UnitCode        string
	RegionCode      string
	Status          string
	InfoCode        string // "" when none was issued
	TagType         string // "" when no tag is bound
}

// recallConds selects the candidates in f's scope, of one manufacturer
// unless it is ""; From and To bound 制造年月 by their months.
func recallConds(f SupervisionFilter, manufacturer string) conds {
	c := cylinderConds(f, "c.")
	if manufacturer != "" {
		c.add(`c.manufacturer = ?`, manufacturer)
	}
	if len(f.From) >= 7 {
		c.add(`c.manufacture_date >= ?`, f.From[:7])
	}
	if len(f.To) >= 7 {
		c.add(`c.manufacture_date <= ?`, f.To[:7])
	}
	return c
}

// RecallMakers returns, for a kind of candidate, the manufacturers of the candidates in f's scope
// with their counts, the most candidates first; f's paging does not apply.
func (s *Store) RecallMakers(ctx context.Context, f SupervisionFilter, kind string) ([]RecallMaker, error) {
	c := recallConds(f, "")
	rs, err := s.query(ctx, s.db, `SELECT c.manufacturer, COUNT(*), MIN(c.manufacture_date), MAX(c.manufacture_date)
		FROM cylinders c WHERE `+recallWhereOf(kind)+c.and()+` GROUP BY c.manufacturer ORDER BY COUNT(*) DESC, c.manufacturer`,
		c.args...)
	if err != nil {
		return nil, fmt.Errorf("count recall candidates: %w", err)
	}
	defer rs.Close()
	var list []RecallMaker
	for rs.Next() {
		var m RecallMaker
		if err := rs.Scan(&m.Manufacturer, &m.Count, &m.First, &m.Last); err != nil {
			return nil, fmt.Errorf("read recall maker: %w", err)
		}
		list = append(list, m)
	}
	return list, rs.Err()
}

// CountRecallCandidates returns how many candidates in f's scope there
// are, of one manufacturer unless it is "".
func (s *Store) CountRecallCandidates(ctx context.Context, f SupervisionFilter, kind, manufacturer string) (int, error) {
	c := recallConds(f, manufacturer)
	var n int
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM cylinders c WHERE `+recallWhereOf(kind)+c.and(), c.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count recall candidates: %w", err)
	}
	return n, nil
}

// RecallCandidates lists a page (f.Limit, default 50) of the candidates in
// f's scope, of one manufacturer unless it is "", by manufacturer, 制造年月
// and product number.
func (s *Store) RecallCandidates(ctx context.Context, f SupervisionFilter, kind, manufacturer string) ([]RecallRow, error) {
	c := recallConds(f, manufacturer)
	rs, err := s.query(ctx, s.db, `SELECT c.id, c.manufacturer, c.product_number, c.manufacture_date, c.medium_code,
		c.use_unit_name, u.code, c.region_code, c.status, c.info_code, c.tag_type
		FROM cylinders c LEFT JOIN units u ON u.id = c.use_unit_id WHERE `+recallWhereOf(kind)+c.and()+`
		ORDER BY c.manufacturer, c.manufacture_date, c.product_number, c.id LIMIT ? OFFSET ?`,
		append(c.args, limitOr(f.Limit, 50), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("list recall candidates: %w", err)
	}
	defer rs.Close()
	var list []RecallRow
	for rs.Next() {
		var r RecallRow
		var code, info, tag sql.NullString
		if err := rs.Scan(&r.CylinderID, &r.Manufacturer, &r.ProductNumber, &r.ManufactureDate, &r.MediumCode,
			&r.UnitName, &code, &r.RegionCode, &r.Status, &info, &tag); err != nil {
			return nil, fmt.Errorf("read recall candidate: %w", err)
		}
		r.UnitCode, r.InfoCode, r.TagType = code.String, info.String, tag.String
		list = append(list, r)
	}
	return list, rs.Err()
}
