package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cyltrace"
)

// Submitted records: fillings, inspections and trail events. Each keeps the
// reference as it was sent and the archive it resolved to; one that names an
// unknown cylinder is stored all the same (it is evidence), with no archive.

const (
	fillingColumns = `unit_id, client_id, source_id, cylinder_id, cylinder_ref, info_code_ref,
		medium_code, filler, filling_date, filling_unit_name, filling_time, received_at`
	fillingColumnCount = 12

	inspectionColumns = `unit_id, client_id, source_id, cylinder_id, cylinder_ref, info_code_ref,
		inspection_date, inspection_agency, next_inspection_date, conclusion, inspection_type, received_at`
	inspectionColumnCount = 12

	trailColumns = `unit_id, client_id, source_id, cylinder_id, cylinder_ref, info_code_ref,
		event_time, node, actor_name, received_at`
	trailColumnCount = 10
)

func fillingArgs(f *cyltrace.Filling, cylinderID string) []any {
	return []any{f.UnitID, f.ClientID, f.SourceID, nullString(cylinderID), nullString(f.CylinderID),
		nullString(f.InfoCode), f.MediumCode, f.Filler, f.FillingDate, f.FillingUnitName,
		nullTime(f.FillingTime), f.ReceivedAt}
}

func inspectionArgs(in *cyltrace.Inspection, cylinderID string) []any {
	return []any{in.UnitID, in.ClientID, in.SourceID, nullString(cylinderID), nullString(in.CylinderID),
		nullString(in.InfoCode), in.InspectionDate, in.InspectionAgency, nullString(in.NextInspectionDate),
		in.Conclusion, in.InspectionType, in.ReceivedAt}
}

func trailArgs(t *cyltrace.TrailEvent, cylinderID string) []any {
	at, _ := cyltrace.ParseDateTime(t.Time)
	return []any{t.UnitID, t.ClientID, t.SourceID, nullString(cylinderID), nullString(t.CylinderID),
		nullString(t.InfoCode), at.UTC(), t.Node, t.ActorName, t.ReceivedAt}
}

// nullTime turns a validated "yyyy-MM-dd HH:mm:ss" (CST) into a UTC instant,
// and "" into NULL.
func nullTime(s string) any {
	t, ok := cyltrace.ParseDateTime(s)
	if !ok {
		return nil
	}
	return t.UTC()
}

// resolveCylinder returns the archive id a record names by cylinderId or
// infoCode, or "" when it names none.
func (s *Store) resolveCylinder(ctx context.Context, q querier, cylinderRef, infoCode string) (string, error) {
	var id string
	var err error
	switch {
	case cylinderRef != "":
		err = s.queryRow(ctx, q, `SELECT id FROM cylinders WHERE id = ?`, cylinderRef).Scan(&id)
	case infoCode != "":
		err = s.queryRow(ctx, q, `SELECT id FROM cylinders WHERE info_code = ?`, infoCode).Scan(&id)
	default:
		return "", nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("resolve cylinder: %w", err)
	}
	return id, nil
}

// Fillings returns the newest fillings of a cylinder first, at most limit.
func (s *Store) Fillings(ctx context.Context, cylinderID string, limit int) ([]*cyltrace.Filling, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, `+fillingColumns+` FROM fillings WHERE cylinder_id = ?
		ORDER BY filling_date DESC, id DESC LIMIT ?`, cylinderID, limitOr(limit, 100))
	if err != nil {
		return nil, fmt.Errorf("list fillings: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.Filling
	for rows.Next() {
		var f cyltrace.Filling
		var resolved, ref, info sql.NullString
		var at sql.NullTime
		if err := rows.Scan(&f.ID, &f.UnitID, &f.ClientID, &f.SourceID, &resolved, &ref, &info, &f.MediumCode,
			&f.Filler, &f.FillingDate, &f.FillingUnitName, &at, &f.ReceivedAt); err != nil {
			return nil, fmt.Errorf("read filling: %w", err)
		}
		f.CylinderID, f.InfoCode = orString(resolved, ref), info.String
		if at.Valid {
			f.FillingTime = cyltrace.FormatDateTime(at.Time)
		}
		f.ReceivedAt = f.ReceivedAt.UTC()
		list = append(list, &f)
	}
	return list, rows.Err()
}

// Inspections returns the newest inspections of a cylinder first, at most limit.
func (s *Store) Inspections(ctx context.Context, cylinderID string, limit int) ([]*cyltrace.Inspection, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, `+inspectionColumns+` FROM inspections WHERE cylinder_id = ?
		ORDER BY inspection_date DESC, id DESC LIMIT ?`, cylinderID, limitOr(limit, 100))
	if err != nil {
		return nil, fmt.Errorf("list inspections: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.Inspection
	for rows.Next() {
		var in cyltrace.Inspection
		var resolved, ref, info, next sql.NullString
		if err := rows.Scan(&in.ID, &in.UnitID, &in.ClientID, &in.SourceID, &resolved, &ref, &info,
			&in.InspectionDate, &in.InspectionAgency, &next, &in.Conclusion, &in.InspectionType,
			&in.ReceivedAt); err != nil {
			return nil, fmt.Errorf("read inspection: %w", err)
		}
		in.CylinderID, in.InfoCode, in.NextInspectionDate = orString(resolved, ref), info.String, next.String
		in.ReceivedAt = in.ReceivedAt.UTC()
		list = append(list, &in)
	}
	return list, rows.Err()
}

// Trail returns the newest trail events of a cylinder first, at most limit.
func (s *Store) Trail(ctx context.Context, cylinderID string, limit int) ([]*cyltrace.TrailEvent, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, `+trailColumns+` FROM trail_events WHERE cylinder_id = ?
		ORDER BY event_time DESC, id DESC LIMIT ?`, cylinderID, limitOr(limit, 100))
	if err != nil {
		return nil, fmt.Errorf("list trail: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.TrailEvent
	for rows.Next() {
		var t cyltrace.TrailEvent
		var resolved, ref, info sql.NullString
		var at time.Time
		if err := rows.Scan(&t.ID, &t.UnitID, &t.ClientID, &t.SourceID, &resolved, &ref, &info, &at,
			&t.Node, &t.ActorName, &t.ReceivedAt); err != nil {
			return nil, fmt.Errorf("read trail event: %w", err)
		}
		t.CylinderID, t.InfoCode, t.Time = orString(resolved, ref), info.String, cyltrace.FormatDateTime(at)
		t.ReceivedAt = t.ReceivedAt.UTC()
		list = append(list, &t)
	}
	return list, rows.Err()
}

// TableCounts returns the number of rows of each archive table.
func (s *Store) TableCounts(ctx context.Context) (map[string]int, error) {
	counts := map[string]int{}
	for _, table := range []string{"units", "cylinders", "inspections", "fillings", "trail_events"} {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", table, err)
		}
		counts[table] = n
	}
	return counts, nil
}

// orString returns the resolved archive id, or the reference as submitted
// when it resolved to none.
func orString(resolved, ref sql.NullString) string {
	if resolved.Valid {
		return resolved.String
	}
	return ref.String
}
