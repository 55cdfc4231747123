package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cyltrace"
)

const factoryColumns = `id, unit_id, client_id, source_id, maker_name, product_number, trace_code, variety_code,
	medium_code, manufacture_date, nominal_pressure_x100, volume_x100, supervision_cert_no, qr_content, trace_url,
	received_at`

func scanFactory(row scanner) (*cyltrace.FactoryRecord, error) {
	var f cyltrace.FactoryRecord
	var trace, qr, url sql.NullString
	var pressure, volume int64
	err := row.Scan(&f.ID, &f.UnitID, &f.ClientID, &f.SourceID, &f.MakerName, &f.ProductNumber, &trace, &f.VarietyCode,
		&f.MediumCode, &f.ManufactureDate, &pressure, &volume, &f.SupervisionCertNo, &qr, &url, &f.ReceivedAt)
	if err != nil {
		return nil, err
	}
	f.TraceCode, f.QRContent, f.TraceURL = trace.String, qr.String, url.String
	f.NominalPressureMPa, f.VolumeL = cyltrace.DecimalFromHundredths(pressure), cyltrace.DecimalFromHundredths(volume)
	f.ReceivedAt = f.ReceivedAt.UTC()
	return &f, nil
}

// SubmitFactory stores validated factory records of one maker in one
// transaction, one outcome per record: Duplicate for a sourceId the maker's
// client sent before; Conflict when the traceCode was issued before (by
// any maker: a 镂空码 is issued once, ever) or the maker already published
// the same product number and month under another sourceId. The caller has
// set UnitID, ClientID and MakerName and checked the maker code.
func (s *Store) SubmitFactory(ctx context.Context, recs []*cyltrace.FactoryRecord) ([]Outcome, error) {
	out := make([]Outcome, len(recs))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		for i, f := range recs {
			o, err := s.submitFactoryOne(ctx, tx, f, now)
			if err != nil {
				return fmt.Errorf("factory record %d: %w", i, err)
			}
			out[i] = o
		}
		return nil
	})
	return out, err
}

func (s *Store) submitFactoryOne(ctx context.Context, tx *sql.Tx, f *cyltrace.FactoryRecord, now time.Time) (Outcome, error) {
	var id int64
	err := s.queryRow(ctx, tx, `SELECT id FROM factory_records WHERE unit_id = ? AND client_id = ? AND source_id = ?`,
		f.UnitID, f.ClientID, f.SourceID).Scan(&id)
	if err == nil {
		return Outcome{Status: Duplicate, RecordID: id}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Outcome{}, err
	}
	if msg, err := s.factoryConflict(ctx, tx, f); err != nil || msg != "" {
		return Outcome{Status: Conflict, Message: msg}, err
	}
	f.ReceivedAt = now
	err = s.queryRow(ctx, tx, `INSERT INTO factory_records (unit_id, client_id, source_id, maker_name, product_number,
		trace_code, variety_code, medium_code, manufacture_date, nominal_pressure_x100, volume_x100, supervision_cert_no,
		qr_content, trace_url, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.UnitID, f.ClientID, f.SourceID, f.MakerName, f.ProductNumber, nullString(f.TraceCode), f.VarietyCode,
		f.MediumCode, f.ManufactureDate, f.NominalPressureMPa.Hundredths(), f.VolumeL.Hundredths(), f.SupervisionCertNo,
		nullString(f.QRContent), nullString(f.TraceURL), now).Scan(&f.ID)
	if err != nil {
		return Outcome{}, err
	}
	// A cylinder registered before its maker published its data gets them
	// now: it leaves the recall candidates of the second kind.
	_, err = s.exec(ctx, tx, `UPDATE cylinders SET factory_id = ? WHERE manufacturer = ? AND manufacture_date = ?
		AND product_number IN (?, ?) AND factory_id IS NULL`, f.ID, f.MakerName, f.ManufactureDate, f.ProductNumber,
		cmp.Or(f.TraceCode, f.ProductNumber))
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Status: Accepted, RecordID: f.ID}, nil
}

// factoryConflict names the key of f another factory record holds, or "".
func (s *Store) factoryConflict(ctx context.Context, q querier, f *cyltrace.FactoryRecord) (string, error) {
	var n int
	if f.TraceCode != "" {
		if err := s.queryRow(ctx, q, `SELECT COUNT(*) FROM factory_records WHERE trace_code = ?`, f.TraceCode).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			return "镂空码 " + f.TraceCode + " 已发布过，同一镂空码不能重复使用", nil
		}
	}
	err := s.queryRow(ctx, q, `SELECT COUNT(*) FROM factory_records WHERE maker_name = ? AND product_number = ?
		AND manufacture_date = ?`, f.MakerName, f.ProductNumber, f.ManufactureDate).Scan(&n)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return fmt.Sprintf("产品编号 %s（制造年月 %s）的出厂信息已发布过（来源记录ID不同）", f.ProductNumber, f.ManufactureDate), nil
	}
	return "", nil
}

// FactoryOf returns the factory data an archive is linked to (at its
// creation, its registration, or when its maker published later), or nil:
// one primary-key read, for the scan page and the query API.
func (s *Store) FactoryOf(ctx context.Context, cylinderID string) (*cyltrace.FactoryRecord, error) {
	f, err := scanFactory(s.queryRow(ctx, s.db, `SELECT `+factoryColumns+` FROM factory_records
		WHERE id = (SELECT factory_id FROM cylinders WHERE id = ?)`, cylinderID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read factory record: %w", err)
	}
	return f, nil
}

// FactoryFor finds the maker's data of a cylinder: by its product number
// as a 12-digit traceCode first, else by maker name and product number
// (the same manufacture month preferred). nil when the maker published
// nothing for it.
func (s *Store) FactoryFor(ctx context.Context, c *cyltrace.Cylinder) (*cyltrace.FactoryRecord, error) {
	return s.factoryFor(ctx, s.db, c)
}

func (s *Store) factoryFor(ctx context.Context, q querier, c *cyltrace.Cylinder) (*cyltrace.FactoryRecord, error) {
	if _, err := cyltrace.ParseTraceCode(c.ProductNumber); err == nil {
		f, err := scanFactory(s.queryRow(ctx, q, `SELECT `+factoryColumns+` FROM factory_records WHERE trace_code = ?`,
			c.ProductNumber))
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("read factory record: %w", err)
		}
	}
	f, err := scanFactory(s.queryRow(ctx, q, `SELECT `+factoryColumns+` FROM factory_records WHERE maker_name = ?
		AND product_number = ? ORDER BY CASE WHEN manufacture_date = ? THEN 0 ELSE 1 END, id LIMIT 1`,
		c.Manufacturer, c.ProductNumber, c.ManufactureDate))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read factory record: %w", err)
	}
	return f, nil
}

// factoryCheck cross-checks an imported row with the maker's data
// (出厂信息核对): matched rows take the factory values, a mismatch returns
// its reasons (the row is refused), not found is allowed and marked.
func (s *Store) factoryCheck(ctx context.Context, q querier, c *cyltrace.Cylinder) (string, []string, error) {
	f, err := s.factoryFor(ctx, q, c)
	if err != nil || f == nil {
		return cyltrace.FactoryNotFound, nil, err
	}
	if diff := cyltrace.FactoryMismatches(c, f); len(diff) > 0 {
		return cyltrace.FactoryMismatched, []string{"与制造单位发布的出厂信息不符：" + strings.Join(diff, "；")}, nil
	}
	cyltrace.ApplyFactory(c, f)
	return cyltrace.FactoryMatched, nil, nil
}

// FactoryRow is a maker's factory record with where its cylinder is
// registered, if it is: the archive of the same maker and month whose
// product number is the record's, or its traceCode.
type FactoryRow struct {
	Record      *cyltrace.FactoryRecord
	CylinderID  string
	RegionCode  string
	UseUnitName string
	CertNumber  string
	Status      string
}

// FactoryRecords lists a maker's records, newest first, with where each
// cylinder is registered, and counts them.
func (s *Store) FactoryRecords(ctx context.Context, unitID int64, limit, offset int) ([]FactoryRow, int, error) {
	var total int
	if err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM factory_records WHERE unit_id = ?`, unitID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count factory records: %w", err)
	}
	cols := prefixed(factoryColumns, "f.")
	rows, err := s.query(ctx, s.db, `SELECT `+cols+`, c.id, c.region_code, c.use_unit_name, c.registration_cert_number, c.status
		FROM factory_records f LEFT JOIN cylinders c ON c.manufacturer = f.maker_name
		AND (c.product_number = f.product_number OR c.product_number = f.trace_code)
		AND c.manufacture_date = f.manufacture_date WHERE f.unit_id = ? ORDER BY f.id DESC LIMIT ? OFFSET ?`,
		unitID, limitOr(limit, 50), offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list factory records: %w", err)
	}
	defer rows.Close()
	var list []FactoryRow
	for rows.Next() {
		var r FactoryRow
		var id, region, unit, cert, status sql.NullString
		f, err := scanFactory(multiScanner{rows, []any{&id, &region, &unit, &cert, &status}})
		if err != nil {
			return nil, 0, fmt.Errorf("read factory record: %w", err)
		}
		r.Record, r.CylinderID, r.RegionCode, r.UseUnitName, r.CertNumber, r.Status =
			f, id.String, region.String, unit.String, cert.String, status.String
		list = append(list, r)
	}
	return list, total, rows.Err()
}

// prefixed qualifies each column of a column list with a table alias.
func prefixed(columns, alias string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// multiScanner scans a row's leading columns into a record and the rest
// into extra.
type multiScanner struct {
	rows  *sql.Rows
	extra []any
}

func (m multiScanner) Scan(dest ...any) error { return m.rows.Scan(append(dest, m.extra...)...) }

// MakerCoverage is one maker's factory-data coverage: records published,
// cylinders of its make in the archive, and how many of those have data.
type MakerCoverage struct {
	UnitID              int64
	Name, Code          string
	Records             int
	Cylinders, WithData int
}

// MakerCoverages lists every maker with its coverage, by name.
func (s *Store) MakerCoverages(ctx context.Context) ([]MakerCoverage, error) {
	rows, err := s.query(ctx, s.db, `SELECT u.id, u.name, u.code,
		(SELECT COUNT(*) FROM factory_records f WHERE f.unit_id = u.id),
		(SELECT COUNT(*) FROM cylinders c WHERE c.manufacturer = u.name),
		(SELECT COUNT(*) FROM cylinders c WHERE c.manufacturer = u.name AND EXISTS (SELECT 1 FROM factory_records f
			WHERE f.maker_name = c.manufacturer AND f.manufacture_date = c.manufacture_date
			AND (f.product_number = c.product_number OR f.trace_code = c.product_number)))
		FROM units u WHERE u.kinds LIKE ? ORDER BY u.name`, "%,"+string(cyltrace.KindManufacturer)+",%")
	if err != nil {
		return nil, fmt.Errorf("maker coverage: %w", err)
	}
	defer rows.Close()
	var list []MakerCoverage
	for rows.Next() {
		var m MakerCoverage
		if err := rows.Scan(&m.UnitID, &m.Name, &m.Code, &m.Records, &m.Cylinders, &m.WithData); err != nil {
			return nil, fmt.Errorf("read maker coverage: %w", err)
		}
		list = append(list, m)
	}
	return list, rows.Err()
}
