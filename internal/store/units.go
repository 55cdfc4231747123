package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"cyltrace"
)

const unitColumns = `id, code, name, kinds, region_code, maker_code, created_at`

// CreateUnit stores a new unit and sets its ID and CreatedAt. It returns
// ECONFLICT when the code or maker code is taken. The caller validates u.
func (s *Store) CreateUnit(ctx context.Context, u *cyltrace.Unit) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.createUnit(ctx, tx, u) })
}

func (s *Store) createUnit(ctx context.Context, q querier, u *cyltrace.Unit) error {
	var n int
	err := s.queryRow(ctx, q, `SELECT COUNT(*) FROM units WHERE code = ?`, u.Code).Scan(&n)
	if err != nil {
		return fmt.Errorf("check unit code: %w", err)
	}
	if n > 0 {
		return cyltrace.Errorf(cyltrace.ECONFLICT, "单位代码 %s 已存在", u.Code)
	}
	if u.MakerCode != "" {
		err := s.queryRow(ctx, q, `SELECT COUNT(*) FROM units WHERE maker_code = ?`, u.MakerCode).Scan(&n)
		if err != nil {
			return fmt.Errorf("check maker code: %w", err)
		}
		if n > 0 {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "制造单位代码 %s 已被其他单位使用", u.MakerCode)
		}
	}
	u.CreatedAt = s.timestamp()
	err = s.queryRow(ctx, q, `INSERT INTO units (code, name, kinds, region_code, maker_code, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Code, u.Name, joinKinds(u.Kinds), u.RegionCode, nullString(u.MakerCode), u.CreatedAt).Scan(&u.ID)
	if isUniqueViolation(err) {
		return cyltrace.Errorf(cyltrace.ECONFLICT, "单位代码 %s 已存在", u.Code)
	}
	if err != nil {
		return fmt.Errorf("insert unit: %w", err)
	}
	return s.audit(ctx, q, "unit.create", u.Code, nil, u)
}

// Unit returns the unit with the given id, or ENOTFOUND.
func (s *Store) Unit(ctx context.Context, id int64) (*cyltrace.Unit, error) {
	return s.unitWhere(ctx, `id = ?`, id)
}

// UnitByCode returns the unit with the given credit or organisation code, or ENOTFOUND.
func (s *Store) UnitByCode(ctx context.Context, code string) (*cyltrace.Unit, error) {
	return s.unitWhere(ctx, `code = ?`, code)
}

func (s *Store) unitWhere(ctx context.Context, where string, arg any) (*cyltrace.Unit, error) {
	row := s.queryRow(ctx, s.db, `SELECT `+unitColumns+` FROM units WHERE `+where, arg)
	u, err := scanUnit(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "单位不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("read unit: %w", err)
	}
	return u, nil
}

// UnitFilter selects units for Units. Zero fields do not filter.
type UnitFilter struct {
	RegionCode string
	Kind       cyltrace.UnitKind
	Limit      int // default 100
	Offset     int
}

// Units lists units by code order.
func (s *Store) Units(ctx context.Context, f UnitFilter) ([]*cyltrace.Unit, error) {
	var where []string
	var args []any
	if f.RegionCode != "" {
		where, args = append(where, `region_code = ?`), append(args, f.RegionCode)
	}
	if f.Kind != "" {
		// kinds is ",a,b," matched whole; see joinKinds.
		where, args = append(where, `kinds LIKE ?`), append(args, "%,"+string(f.Kind)+",%")
	}
	query := `SELECT ` + unitColumns + ` FROM units`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY code LIMIT ? OFFSET ?`
	args = append(args, limitOr(f.Limit, 100), f.Offset)
	rows, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var units []*cyltrace.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("read unit: %w", err)
		}
		units = append(units, u)
	}
	return units, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanUnit(row scanner) (*cyltrace.Unit, error) {
	var u cyltrace.Unit
	var kinds string
	var maker sql.NullString
	if err := row.Scan(&u.ID, &u.Code, &u.Name, &kinds, &u.RegionCode, &maker, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.Kinds = splitKinds(kinds)
	u.MakerCode = maker.String
	return &u, nil
}

// joinKinds stores kinds as ",filling,using," so that a LIKE '%,filling,%'
// matches one kind whole and never a prefix of another.
func joinKinds(kinds []cyltrace.UnitKind) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = string(k)
	}
	return "," + strings.Join(parts, ",") + ","
}

func splitKinds(s string) []cyltrace.UnitKind {
	var kinds []cyltrace.UnitKind
	for _, p := range strings.Split(strings.Trim(s, ","), ",") {
		if p != "" {
			kinds = append(kinds, cyltrace.UnitKind(p))
		}
	}
	return kinds
}

func limitOr(limit, def int) int {
	if limit <= 0 {
		return def
	}
	return limit
}

// UpdateUnit changes a unit's name, kinds, region and maker code; its code
// (the login name of its users) never changes. It returns ENOTFOUND for an
// unknown code and ECONFLICT when the maker code belongs to another unit.
// Archives keep the using unit's name as it was registered.
func (s *Store) UpdateUnit(ctx context.Context, u *cyltrace.Unit) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanUnit(s.queryRow(ctx, tx, `SELECT `+unitColumns+` FROM units WHERE code = ?`, u.Code))
		if errors.Is(err, sql.ErrNoRows) {
			return cyltrace.Errorf(cyltrace.ENOTFOUND, "单位不存在")
		}
		if err != nil {
			return fmt.Errorf("read unit: %w", err)
		}
		if u.MakerCode != "" {
			var n int
			if err := s.queryRow(ctx, tx, `SELECT COUNT(*) FROM units WHERE maker_code = ? AND code <> ?`, u.MakerCode, u.Code).
				Scan(&n); err != nil {
				return fmt.Errorf("check maker code: %w", err)
			}
			if n > 0 {
				return cyltrace.Errorf(cyltrace.ECONFLICT, "制造单位代码 %s 已被其他单位使用", u.MakerCode)
			}
		}
		if _, err := s.exec(ctx, tx, `UPDATE units SET name = ?, kinds = ?, region_code = ?, maker_code = ? WHERE code = ?`,
			u.Name, joinKinds(u.Kinds), u.RegionCode, nullString(u.MakerCode), u.Code); err != nil {
			return fmt.Errorf("update unit: %w", err)
		}
		u.ID, u.CreatedAt = before.ID, before.CreatedAt.UTC()
		return s.audit(ctx, tx, "unit.update", u.Code, before, u)
	})
}
