package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"cyltrace"
)

const cylinderColumns = `id, use_unit_id, use_unit_name, region_code, variety_code, product_number,
	medium_code, manufacturer, manufacture_date, nominal_pressure_x100, volume_x100,
	last_inspection_date, next_inspection_date, unit_internal_number, status, tag_type,
	info_code, qr_content, qr_hash, registration_cert_number, registration_date,
	registration_authority, created_at, updated_at`

// cylinderColumnCount is the number of columns in cylinderColumns.
const cylinderColumnCount = 24

// qrHash is the key qrContent is unique by.
func qrHash(qr string) any {
	if qr == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(qr))
	return hex.EncodeToString(sum[:])
}

// cylinderArgs returns the values of cylinderColumns for c.
func cylinderArgs(c *cyltrace.Cylinder) []any {
	return []any{c.ID, nullInt(c.UseUnitID), c.UseUnitName, c.RegionCode, c.VarietyCode, c.ProductNumber,
		c.MediumCode, c.Manufacturer, c.ManufactureDate, c.NominalPressureMPa.Hundredths(), c.VolumeL.Hundredths(),
		nullString(c.LastInspectionDate), c.NextInspectionDate, nullString(c.UnitInternalNumber), c.Status,
		nullString(c.TagType), nullString(c.InfoCode), nullString(c.QRContent), qrHash(c.QRContent),
		nullString(c.RegistrationCertNumber), nullString(c.RegistrationDate), nullString(c.RegistrationAuthority),
		c.CreatedAt, c.UpdatedAt}
}

// CreateCylinder stores a new archive. An empty ID is issued by the store.
// It returns ECONFLICT, naming what is taken, when the registration triple
// (manufacturer + productNumber + manufactureDate), the infoCode or the
// qrContent already belongs to another cylinder. The caller validates c.
func (s *Store) CreateCylinder(ctx context.Context, c *cyltrace.Cylinder) error {
	if c.ID == "" {
		id, err := cyltrace.NewCylinderID(s.rand)
		if err != nil {
			return fmt.Errorf("issue cylinder id: %w", err)
		}
		c.ID = id
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.checkCylinderUnique(ctx, tx, c); err != nil {
			return err
		}
		c.CreatedAt = s.timestamp()
		c.UpdatedAt = c.CreatedAt
		_, err := s.exec(ctx, tx, `INSERT INTO cylinders (`+cylinderColumns+`) VALUES (`+
			placeholders(cylinderColumnCount)+`)`, cylinderArgs(c)...)
		if isUniqueViolation(err) {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "该气瓶已存在于电子档案中")
		}
		if err != nil {
			return fmt.Errorf("insert cylinder: %w", err)
		}
		if err := s.linkFactory(ctx, tx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, "cylinder.create", c.ID, nil, c)
	})
}

// checkCylinderUnique names the first unique key of a new archive that
// another archive holds. It runs inside the writing transaction, so that on
// SQLite no one takes the key between check and insert; on PostgreSQL the
// unique indexes are the last word and a race ends in a plain conflict.
func (s *Store) checkCylinderUnique(ctx context.Context, q querier, c *cyltrace.Cylinder) error {
	type check struct {
		where string
		args  []any
		msg   string
	}
	checks := []check{
		{`id = ?`, []any{c.ID}, "气瓶档案ID " + c.ID + " 已存在"},
		{`manufacturer = ? AND product_number = ? AND manufacture_date = ?`,
			[]any{c.Manufacturer, c.ProductNumber, c.ManufactureDate},
			fmt.Sprintf("该气瓶（制造单位 %s、产品编号 %s、制造年月 %s）已登记，不能重复登记",
				c.Manufacturer, c.ProductNumber, c.ManufactureDate)},
	}
	if c.InfoCode != "" {
		checks = append(checks, check{`info_code = ?`, []any{c.InfoCode}, "信息化编码 " + c.InfoCode + " 已绑定其他气瓶"})
	}
	if c.QRContent != "" {
		checks = append(checks, check{`qr_hash = ?`, []any{qrHash(c.QRContent)}, "该二维码已绑定其他气瓶"})
	}
	for _, ch := range checks {
		var other string
		err := s.queryRow(ctx, q, `SELECT id FROM cylinders WHERE `+ch.where+` LIMIT 1`, ch.args...).Scan(&other)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("check cylinder keys: %w", err)
		}
		return cyltrace.Errorf(cyltrace.ECONFLICT, "%s", ch.msg)
	}
	return nil
}

// Cylinder returns the archive with the given id, or ENOTFOUND.
func (s *Store) Cylinder(ctx context.Context, id string) (*cyltrace.Cylinder, error) {
	return s.cylinderWhere(ctx, `id = ?`, id)
}

// CylinderByInfoCode returns the archive bound to an infoCode, or ENOTFOUND.
func (s *Store) CylinderByInfoCode(ctx context.Context, infoCode string) (*cyltrace.Cylinder, error) {
	return s.cylinderWhere(ctx, `info_code = ?`, infoCode)
}

// CylinderByQRContent returns the archive whose label encodes qr, or ENOTFOUND.
func (s *Store) CylinderByQRContent(ctx context.Context, qr string) (*cyltrace.Cylinder, error) {
	return s.cylinderWhere(ctx, `qr_hash = ?`, qrHash(qr))
}

// CylinderByTriple returns the archive of a registration triple, or ENOTFOUND.
func (s *Store) CylinderByTriple(ctx context.Context, manufacturer, productNumber, manufactureDate string) (*cyltrace.Cylinder, error) {
	return s.cylinderWhere(ctx, `manufacturer = ? AND product_number = ? AND manufacture_date = ?`,
		manufacturer, productNumber, manufactureDate)
}

func (s *Store) cylinderWhere(ctx context.Context, where string, args ...any) (*cyltrace.Cylinder, error) {
	row := s.queryRow(ctx, s.db, `SELECT `+cylinderColumns+` FROM cylinders WHERE `+where, args...)
	c, err := scanCylinder(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "未找到该气瓶的电子档案")
	}
	if err != nil {
		return nil, fmt.Errorf("read cylinder: %w", err)
	}
	return c, nil
}

// CylinderFilter selects archives for Cylinders. Zero fields do not filter.
type CylinderFilter struct {
	Status        string
	RegionCode    string
	UseUnitID     int64
	Manufacturer  string
	ProductNumber string
	Limit         int // default 100
	Offset        int
}

// Cylinders lists archives ordered by id.
func (s *Store) Cylinders(ctx context.Context, f CylinderFilter) ([]*cyltrace.Cylinder, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.Status != "" {
		add(`status = ?`, f.Status)
	}
	if f.RegionCode != "" {
		add(`region_code = ?`, f.RegionCode)
	}
	if f.UseUnitID != 0 {
		add(`use_unit_id = ?`, f.UseUnitID)
	}
	if f.Manufacturer != "" {
		add(`manufacturer = ?`, f.Manufacturer)
	}
	if f.ProductNumber != "" {
		add(`product_number = ?`, f.ProductNumber)
	}
	query := `SELECT ` + cylinderColumns + ` FROM cylinders`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY id LIMIT ? OFFSET ?`
	args = append(args, limitOr(f.Limit, 100), f.Offset)
	rows, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list cylinders: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.Cylinder
	for rows.Next() {
		c, err := scanCylinder(rows)
		if err != nil {
			return nil, fmt.Errorf("read cylinder: %w", err)
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// CountCylinders returns the number of archives per status.
func (s *Store) CountCylinders(ctx context.Context) (map[string]int, error) {
	rows, err := s.query(ctx, s.db, `SELECT status, COUNT(*) FROM cylinders GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count cylinders: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, err
		}
		counts[status] = n
	}
	return counts, rows.Err()
}

func scanCylinder(row scanner, extra ...any) (*cyltrace.Cylinder, error) {
	var c cyltrace.Cylinder
	var unitID sql.NullInt64
	var pressure, volume int64
	var last, internal, tag, info, qr, qrh, cert, regDate, auth sql.NullString
	dest := []any{&c.ID, &unitID, &c.UseUnitName, &c.RegionCode, &c.VarietyCode, &c.ProductNumber,
		&c.MediumCode, &c.Manufacturer, &c.ManufactureDate, &pressure, &volume,
		&last, &c.NextInspectionDate, &internal, &c.Status, &tag,
		&info, &qr, &qrh, &cert, &regDate, &auth, &c.CreatedAt, &c.UpdatedAt}
	err := row.Scan(append(dest, extra...)...)
	if err != nil {
		return nil, err
	}
	c.UseUnitID = unitID.Int64
	c.NominalPressureMPa = cyltrace.DecimalFromHundredths(pressure)
	c.VolumeL = cyltrace.DecimalFromHundredths(volume)
	c.LastInspectionDate, c.UnitInternalNumber, c.TagType = last.String, internal.String, tag.String
	c.InfoCode, c.QRContent = info.String, qr.String
	c.RegistrationCertNumber, c.RegistrationDate, c.RegistrationAuthority = cert.String, regDate.String, auth.String
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
