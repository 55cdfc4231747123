package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"cyltrace"
)

// CylinderForCheck returns the archive a station's code names and its
// active locks, in one indexed read: the interlock's hot path. by is "id",
// "infoCode" or "qrContent". It returns ENOTFOUND when the code names none.
func (s *Store) CylinderForCheck(ctx context.Context, by, value string) (*cyltrace.Cylinder, []ActiveLock, error) {
	where := map[string]string{"id": `id = ?`, "infoCode": `info_code = ?`, "qrContent": `qr_hash = ?`}[by]
	if where == "" {
		return nil, nil, fmt.Errorf("check by %q: unknown reference", by)
	}
	var arg any = value
	if by == "qrContent" {
		arg = qrHash(value)
	}
	return s.cylinderWithLocks(ctx, s.db, where, arg)
}

func (s *Store) cylinderWithLocks(ctx context.Context, q querier, where string, arg any) (*cyltrace.Cylinder, []ActiveLock, error) {
	var raw sql.NullString
	row := s.queryRow(ctx, q, `SELECT `+cylinderColumns+`, locks FROM cylinders WHERE `+where, arg)
	c, err := scanCylinder(row, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "未找到该气瓶的电子档案")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read cylinder: %w", err)
	}
	locks, err := decodeLocks(raw)
	return c, locks, err
}

// CheckLog is one answer of the interlock, kept so that a bureau sees which
// stations asked, were refused, and filled anyway.
type CheckLog struct {
	UnitID, ClientID int64
	CylinderID       string // "" when the code named no archive
	Reference        string
	MediumCode       string
	Allowed          bool
	Reasons          []string // reason codes
	RuleVersion      int
	CheckedAt        time.Time
}

// LogChecks stores a batch of check answers in one statement.
func (s *Store) LogChecks(ctx context.Context, logs []CheckLog) error {
	if len(logs) == 0 {
		return nil
	}
	const cols = 9
	args := make([]any, 0, len(logs)*cols)
	for _, l := range logs {
		allowed := 0
		if l.Allowed {
			allowed = 1
		}
		args = append(args, l.UnitID, l.ClientID, nullString(l.CylinderID), l.Reference, l.MediumCode, allowed,
			strings.Join(l.Reasons, ","), l.RuleVersion, l.CheckedAt.UTC().Truncate(time.Microsecond))
	}
	row := "(" + placeholders(cols) + ")"
	// The text varies with the batch size: not a cached statement.
	_, err := s.db.ExecContext(ctx, s.d.rebind(`INSERT INTO filling_checks (unit_id, client_id, cylinder_id, reference, medium_code,
		allowed, reasons, rule_version, checked_at) VALUES `+strings.TrimSuffix(strings.Repeat(row+", ", len(logs)), ", ")), args...)
	if err != nil {
		return fmt.Errorf("log checks: %w", err)
	}
	return nil
}

// CheckCount returns how many checks of a unit were logged, and how many refused.
func (s *Store) CheckCount(ctx context.Context, unitID int64) (all, refused int, err error) {
	err = s.queryRow(ctx, s.db, `SELECT COUNT(*), COALESCE(SUM(1 - allowed), 0) FROM filling_checks WHERE unit_id = ?`, unitID).
		Scan(&all, &refused)
	return all, refused, err
}

// Judge decides whether a filling breaks the interlock: it gets the archive
// (nil for an unknown code) and its active locks, and returns the reasons
// and the rule version it applied. Nil reasons: no violation.
type Judge func(c *cyltrace.Cylinder, locks []ActiveLock, f *cyltrace.Filling) ([]cyltrace.Reason, int)

// flagViolation marks a stored filling as a violation and files it for the
// supervision views.
func (s *Store) flagViolation(ctx context.Context, tx *sql.Tx, f *cyltrace.Filling, cylinderID string,
	reasons []cyltrace.Reason, version int) error {
	b, _ := json.Marshal(reasons)
	if _, err := s.exec(ctx, tx, `UPDATE fillings SET violation = 1, violation_reasons = ?, rule_version = ? WHERE id = ?`,
		string(b), version, f.ID); err != nil {
		return fmt.Errorf("flag filling: %w", err)
	}
	if _, err := s.exec(ctx, tx, `INSERT INTO violations (filling_id, unit_id, cylinder_id, reasons, created_at)
		VALUES (?, ?, ?, ?, ?)`, f.ID, f.UnitID, nullString(cylinderID), string(b), s.timestamp()); err != nil {
		return fmt.Errorf("file violation: %w", err)
	}
	return nil
}

// Violation is a filling the interlock would have refused.
type Violation struct {
	ID         int64             `json:"id"`
	FillingID  int64             `json:"fillingId"`
	UnitID     int64             `json:"unitId"`
	CylinderID string            `json:"cylinderId"`
	Reasons    []cyltrace.Reason `json:"reasons"`
	CreatedAt  time.Time         `json:"createdAt"`
}

// Violations lists a unit's violations, newest first (0: every unit).
func (s *Store) Violations(ctx context.Context, unitID int64, limit int) ([]*Violation, error) {
	query := `SELECT id, filling_id, unit_id, cylinder_id, reasons, created_at FROM violations`
	var args []any
	if unitID != 0 {
		query += ` WHERE unit_id = ?`
		args = append(args, unitID)
	}
	rows, err := s.query(ctx, s.db, query+` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limitOr(limit, 100))...)
	if err != nil {
		return nil, fmt.Errorf("list violations: %w", err)
	}
	defer rows.Close()
	var list []*Violation
	for rows.Next() {
		var v Violation
		var cyl sql.NullString
		var reasons string
		if err := rows.Scan(&v.ID, &v.FillingID, &v.UnitID, &cyl, &reasons, &v.CreatedAt); err != nil {
			return nil, err
		}
		v.CylinderID = cyl.String
		json.Unmarshal([]byte(reasons), &v.Reasons)
		list = append(list, &v)
	}
	return list, rows.Err()
}
