package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cyltrace"
)

// Outcome statuses of one submitted record.
const (
	Accepted  = "accepted"  // stored now
	Duplicate = "duplicate" // the same unit and client sent its sourceId before; nothing stored
	NotFound  = "not_found" // it names no archive and its kind needs one; nothing stored
	Conflict  = "conflict"  // it takes a key another record holds (Message says which); nothing stored
)

// Outcome is what became of one submitted record.
type Outcome struct {
	Status     string
	RecordID   int64  // the stored record, or the earlier one of a duplicate
	CylinderID string // the archive it names; "" for an unknown cylinder
	// Violation lists why the interlock would have refused an accepted
	// filling (SubmitFillingsJudged); the record is stored all the same.
	Violation []cyltrace.Reason
	// Message says why a Conflict record was not stored.
	Message string
}

// SubmitFillings stores validated filling records in one transaction and
// returns one outcome per record; see SubmitFillingsJudged.
func (s *Store) SubmitFillings(ctx context.Context, recs []*cyltrace.Filling) ([]Outcome, error) {
	return s.SubmitFillingsJudged(ctx, recs, nil)
}

// SubmitFillingsJudged stores validated filling records in one transaction.
// A filling of an unknown cylinder is stored all the same, with no archive:
// it is evidence. An accepted filling of a known cylinder also becomes a 充装
// node of its trail. When judge finds reasons the interlock would have
// refused the filling, the record is flagged and filed as a violation.
func (s *Store) SubmitFillingsJudged(ctx context.Context, recs []*cyltrace.Filling, judge Judge) ([]Outcome, error) {
	return submit(ctx, s, recs, submitKind[*cyltrace.Filling]{
		table: "fillings", columns: fillingColumns, ncols: fillingColumnCount, keepUnknown: true,
		key: func(f *cyltrace.Filling) recordKey {
			return recordKey{f.UnitID, f.ClientID, f.SourceID, f.CylinderID, f.InfoCode}
		},
		args:  fillingArgs,
		stamp: func(f *cyltrace.Filling, now time.Time) { f.ReceivedAt = now },
		setID: func(f *cyltrace.Filling, id int64) { f.ID = id },
		after: func(ctx context.Context, tx *sql.Tx, f *cyltrace.Filling, cylinderID string) ([]cyltrace.Reason, error) {
			if cylinderID != "" {
				at, ok := cyltrace.ParseDateTime(f.FillingTime)
				if !ok {
					at, _ = cyltrace.ParseDate(f.FillingDate)
				}
				if err := s.addDerivedTrail(ctx, tx, f.UnitID, f.ClientID, "充装:"+f.SourceID, cylinderID, at,
					cyltrace.NodeFilling, f.FillingUnitName, f.ReceivedAt); err != nil {
					return nil, err
				}
			}
			if judge == nil {
				return nil, nil
			}
			return s.judgeFilling(ctx, tx, f, cylinderID, judge)
		},
	})
}

// judgeFilling asks judge about one stored filling and flags it when the
// interlock would have refused it.
func (s *Store) judgeFilling(ctx context.Context, tx *sql.Tx, f *cyltrace.Filling, cylinderID string, judge Judge) ([]cyltrace.Reason, error) {
	var c *cyltrace.Cylinder
	var locks []ActiveLock
	if cylinderID != "" {
		var err error
		if c, locks, err = s.archiveAt(ctx, tx, cylinderID, f.At()); err != nil {
			return nil, err
		}
	}
	reasons, version := judge(c, locks, f)
	if len(reasons) == 0 {
		return nil, nil
	}
	return reasons, s.flagViolation(ctx, tx, f, cylinderID, reasons, version)
}

// SubmitInspections stores validated inspection records in one transaction.
// An inspection of an unknown cylinder is not stored (NotFound). An accepted
// one moves the archive's inspection dates forward, a 报废处置 scraps the
// cylinder, and it becomes a 检验 node of the trail.
func (s *Store) SubmitInspections(ctx context.Context, recs []*cyltrace.Inspection) ([]Outcome, error) {
	return submit(ctx, s, recs, submitKind[*cyltrace.Inspection]{
		table: "inspections", columns: inspectionColumns, ncols: inspectionColumnCount,
		key: func(in *cyltrace.Inspection) recordKey {
			return recordKey{in.UnitID, in.ClientID, in.SourceID, in.CylinderID, in.InfoCode}
		},
		args:  inspectionArgs,
		stamp: func(in *cyltrace.Inspection, now time.Time) { in.ReceivedAt = now },
		setID: func(in *cyltrace.Inspection, id int64) { in.ID = id },
		after: func(ctx context.Context, tx *sql.Tx, in *cyltrace.Inspection, cylinderID string) ([]cyltrace.Reason, error) {
			if err := s.applyInspection(ctx, tx, in, cylinderID); err != nil {
				return nil, err
			}
			at, _ := cyltrace.ParseDate(in.InspectionDate)
			return nil, s.addDerivedTrail(ctx, tx, in.UnitID, in.ClientID, "检验:"+in.SourceID, cylinderID, at,
				cyltrace.NodeInspection, in.InspectionAgency, in.ReceivedAt)
		},
	})
}

// SubmitTrail stores validated trail events in one transaction; an event of
// an unknown cylinder is not stored (NotFound).
func (s *Store) SubmitTrail(ctx context.Context, recs []*cyltrace.TrailEvent) ([]Outcome, error) {
	return submit(ctx, s, recs, submitKind[*cyltrace.TrailEvent]{
		table: "trail_events", columns: trailColumns, ncols: trailColumnCount,
		key: func(t *cyltrace.TrailEvent) recordKey {
			return recordKey{t.UnitID, t.ClientID, t.SourceID, t.CylinderID, t.InfoCode}
		},
		args:  trailArgs,
		stamp: func(t *cyltrace.TrailEvent, now time.Time) { t.ReceivedAt = now },
		setID: func(t *cyltrace.TrailEvent, id int64) { t.ID = id },
	})
}

// AddFilling submits one filling; duplicate reports an earlier one.
func (s *Store) AddFilling(ctx context.Context, f *cyltrace.Filling) (duplicate bool, err error) {
	return one(s.SubmitFillings(ctx, []*cyltrace.Filling{f}))
}

// AddInspection submits one inspection; see SubmitInspections.
func (s *Store) AddInspection(ctx context.Context, in *cyltrace.Inspection) (duplicate bool, err error) {
	return one(s.SubmitInspections(ctx, []*cyltrace.Inspection{in}))
}

// AddTrail submits one trail event; see SubmitTrail.
func (s *Store) AddTrail(ctx context.Context, t *cyltrace.TrailEvent) (duplicate bool, err error) {
	return one(s.SubmitTrail(ctx, []*cyltrace.TrailEvent{t}))
}

func one(outcomes []Outcome, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	if outcomes[0].Status == NotFound {
		return false, cyltrace.Errorf(cyltrace.ENOTFOUND, "未找到该气瓶的电子档案")
	}
	return outcomes[0].Status == Duplicate, nil
}

// recordKey is what identifies a submitted record and the archive it names.
type recordKey struct {
	unitID, clientID     int64
	sourceID             string
	cylinderRef, infoRef string
}

// submitKind is what differs between the kinds of submitted records.
type submitKind[R any] struct {
	table, columns string
	ncols          int
	keepUnknown    bool // store a record of an unknown cylinder
	key            func(R) recordKey
	args           func(R, string) []any
	stamp          func(R, time.Time)
	setID          func(R, int64)
	// after runs the side effects of an accepted record ("" cylinderID for an
	// unknown cylinder) and returns the interlock reasons it found, if any.
	after func(ctx context.Context, tx *sql.Tx, r R, cylinderID string) ([]cyltrace.Reason, error)
}

func submit[R any](ctx context.Context, s *Store, recs []R, k submitKind[R]) ([]Outcome, error) {
	outcomes := make([]Outcome, len(recs))
	now := s.timestamp()
	insert := `INSERT INTO ` + k.table + ` (` + k.columns + `) VALUES (` + placeholders(k.ncols) + `)
		ON CONFLICT (unit_id, client_id, source_id) DO NOTHING RETURNING id`
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for i, r := range recs {
			key := k.key(r)
			o, err := submitOne(ctx, s, tx, k, r, key, insert, now)
			if err != nil {
				return fmt.Errorf("record %d (%s): %w", i, key.sourceID, err)
			}
			outcomes[i] = o
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// submitOne stores one record: a duplicate is found first by its key (and
// again by ON CONFLICT, should a concurrent request insert it meanwhile).
func submitOne[R any](ctx context.Context, s *Store, tx *sql.Tx, k submitKind[R], r R, key recordKey,
	insert string, now time.Time) (Outcome, error) {
	if id, found, err := s.existingRecord(ctx, tx, k.table, key); err != nil || found {
		return Outcome{Status: Duplicate, RecordID: id}, err
	}
	cylinderID, err := s.resolveCylinder(ctx, tx, key.cylinderRef, key.infoRef)
	if err != nil {
		return Outcome{}, err
	}
	if cylinderID == "" && !k.keepUnknown {
		return Outcome{Status: NotFound}, nil
	}
	k.stamp(r, now)
	var id int64
	err = s.queryRow(ctx, tx, insert, k.args(r, cylinderID)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		id, _, err = s.existingRecord(ctx, tx, k.table, key)
		return Outcome{Status: Duplicate, RecordID: id, CylinderID: cylinderID}, err
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("insert into %s: %w", k.table, err)
	}
	k.setID(r, id)
	var violation []cyltrace.Reason
	if k.after != nil {
		if violation, err = k.after(ctx, tx, r, cylinderID); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{Status: Accepted, RecordID: id, CylinderID: cylinderID, Violation: violation}, nil
}

func (s *Store) existingRecord(ctx context.Context, q querier, table string, key recordKey) (int64, bool, error) {
	var id int64
	err := s.queryRow(ctx, q, `SELECT id FROM `+table+` WHERE unit_id = ? AND client_id = ? AND source_id = ?`,
		key.unitID, key.clientID, key.sourceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("look up %s: %w", table, err)
	}
	return id, true, nil
}

// addDerivedTrail records an accepted filling or inspection as a node of the
// cylinder's trail. Its sourceId carries a Chinese prefix, which a platform's
// own sourceIds (visible ASCII) can never collide with.
func (s *Store) addDerivedTrail(ctx context.Context, tx *sql.Tx, unitID, clientID int64, sourceID, cylinderID string,
	at time.Time, node, actor string, received time.Time) error {
	_, err := s.exec(ctx, tx, `INSERT INTO trail_events (`+trailColumns+`) VALUES (`+placeholders(trailColumnCount)+`)
		ON CONFLICT (unit_id, client_id, source_id) DO NOTHING`,
		unitID, clientID, sourceID, cylinderID, cylinderID, nil, at.UTC(), node, actor, received)
	if err != nil {
		return fmt.Errorf("add %s to the trail: %w", node, err)
	}
	return nil
}

// applyInspection brings the archive up to date with an accepted inspection:
// a newer periodic inspection moves the last and next inspection dates, a
// 报废处置 scraps the cylinder. An older inspection arriving late changes
// nothing but is kept.
func (s *Store) applyInspection(ctx context.Context, tx *sql.Tx, in *cyltrace.Inspection, cylinderID string) error {
	now := s.timestamp()
	var err error
	if in.InspectionType == cyltrace.InspectionScrap {
		_, err = s.exec(ctx, tx, `UPDATE cylinders SET status = ?, updated_at = ? WHERE id = ?`,
			cyltrace.StatusScrapped, now, cylinderID)
	} else if in.NextInspectionDate != "" {
		// Keep what the archive said before, for judging late fillings.
		if _, err = s.exec(ctx, tx, `UPDATE inspections SET prev_last_inspection_date = (SELECT last_inspection_date
			FROM cylinders WHERE id = ?), prev_next_inspection_date = (SELECT next_inspection_date FROM cylinders WHERE id = ?)
			WHERE id = ?`, cylinderID, cylinderID, in.ID); err != nil {
			return fmt.Errorf("remember archive before inspection: %w", err)
		}
		_, err = s.exec(ctx, tx, `UPDATE cylinders SET last_inspection_date = ?, next_inspection_date = ?, updated_at = ?
			WHERE id = ? AND (last_inspection_date IS NULL OR last_inspection_date <= ?)`,
			in.InspectionDate, in.NextInspectionDate, now, cylinderID, in.InspectionDate)
	}
	if err != nil {
		return fmt.Errorf("update archive after inspection: %w", err)
	}
	return nil
}
