package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cyltrace"
)

// archiveAt returns a cylinder's archive and locks as they stood at a past
// instant, as far as the records tell: a filling that arrives late is judged
// by the cylinder it filled, not by what inspections, scrapping or locks
// later made of it.
//   - inspection dates: those of the last periodic inspection on or before
//     the day, or, when none is on record by then, what the first later
//     inspection replaced on the archive;
//   - 报废: only when the 报废处置 inspection came on or before the day
//     (a status set without one is taken as it is);
//   - locks: those in force at that instant.
func (s *Store) archiveAt(ctx context.Context, tx *sql.Tx, cylinderID string, at time.Time) (*cyltrace.Cylinder, []ActiveLock, error) {
	c, _, err := s.cylinderWithLocks(ctx, tx, `id = ?`, cylinderID)
	if err != nil {
		return nil, nil, err
	}
	day := cyltrace.FormatDate(at)
	if c.LastInspectionDate > day {
		var last, next string
		err := s.queryRow(ctx, tx, `SELECT inspection_date, next_inspection_date FROM inspections
			WHERE cylinder_id = ? AND inspection_type = ? AND inspection_date <= ? AND next_inspection_date IS NOT NULL
			ORDER BY inspection_date DESC, id DESC LIMIT 1`, cylinderID, cyltrace.InspectionPeriodic, day).Scan(&last, &next)
		switch {
		case err == nil:
			c.LastInspectionDate, c.NextInspectionDate = last, next
		case errors.Is(err, sql.ErrNoRows):
			// None on record by then: the archive as the first later
			// inspection found it.
			var prevLast, prevNext sql.NullString
			err := s.queryRow(ctx, tx, `SELECT prev_last_inspection_date, prev_next_inspection_date FROM inspections
				WHERE cylinder_id = ? AND inspection_type = ? AND inspection_date > ? AND prev_next_inspection_date IS NOT NULL
				ORDER BY inspection_date, id LIMIT 1`, cylinderID, cyltrace.InspectionPeriodic, day).Scan(&prevLast, &prevNext)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, nil, fmt.Errorf("inspection history: %w", err)
			}
			if prevNext.Valid {
				c.LastInspectionDate, c.NextInspectionDate = prevLast.String, prevNext.String
			}
		default:
			return nil, nil, fmt.Errorf("inspection history: %w", err)
		}
	}
	if c.Status == cyltrace.StatusScrapped {
		var scrapped sql.NullString
		if err := s.queryRow(ctx, tx, `SELECT MIN(inspection_date) FROM inspections WHERE cylinder_id = ? AND inspection_type = ?`,
			cylinderID, cyltrace.InspectionScrap).Scan(&scrapped); err != nil {
			return nil, nil, fmt.Errorf("scrap history: %w", err)
		}
		if scrapped.Valid && scrapped.String > day {
			c.Status = cyltrace.StatusInUse
		}
	}
	locks, err := s.locksAt(ctx, tx, cylinderID, at)
	return c, locks, err
}

// locksAt returns the locks of a cylinder in force at an instant.
func (s *Store) locksAt(ctx context.Context, q querier, cylinderID string, at time.Time) ([]ActiveLock, error) {
	at = at.UTC()
	rows, err := s.query(ctx, q, `SELECT id, reason, locked_by, locked_at FROM cylinder_locks
		WHERE cylinder_id = ? AND locked_at <= ? AND (unlocked_at IS NULL OR unlocked_at > ?) ORDER BY locked_at, id`,
		cylinderID, at, at)
	if err != nil {
		return nil, fmt.Errorf("lock history: %w", err)
	}
	defer rows.Close()
	var locks []ActiveLock
	for rows.Next() {
		var l ActiveLock
		if err := rows.Scan(&l.ID, &l.Reason, &l.LockedBy, &l.LockedAt); err != nil {
			return nil, err
		}
		l.LockedAt = l.LockedAt.UTC()
		locks = append(locks, l)
	}
	return locks, rows.Err()
}
