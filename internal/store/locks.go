package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"cyltrace"
)

// LockCylinder locks a cylinder against filling, with a reason (翻新, 护罩螺纹
// 连接, 举报 …). It returns ENOTFOUND for an unknown cylinder.
func (s *Store) LockCylinder(ctx context.Context, cylinderID, reason, by string) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.mustExist(ctx, tx, cylinderID); err != nil {
			return err
		}
		err := s.queryRow(ctx, tx, `INSERT INTO cylinder_locks (cylinder_id, reason, locked_by, locked_at)
			VALUES (?, ?, ?, ?) RETURNING id`, cylinderID, reason, by, s.timestamp()).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert lock: %w", err)
		}
		if err := s.audit(ctx, tx, "cylinder.lock", cylinderID, nil, map[string]any{"lockId": id, "reason": reason}); err != nil {
			return err
		}
		return s.refreshLocks(ctx, tx, cylinderID)
	})
	return id, err
}

// UnlockCylinder lifts one lock. It returns ENOTFOUND when the cylinder has
// no such active lock.
func (s *Store) UnlockCylinder(ctx context.Context, cylinderID string, lockID int64, by, note string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE cylinder_locks SET unlocked_by = ?, unlock_note = ?, unlocked_at = ?
			WHERE id = ? AND cylinder_id = ? AND unlocked_at IS NULL`, by, note, s.timestamp(), lockID, cylinderID)
		if err != nil {
			return fmt.Errorf("unlock: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return cyltrace.Errorf(cyltrace.ENOTFOUND, "该气瓶没有编号为 %d 的有效锁定", lockID)
		}
		if err := s.audit(ctx, tx, "cylinder.unlock", cylinderID, map[string]any{"lockId": lockID},
			map[string]any{"lockId": lockID, "note": note}); err != nil {
			return err
		}
		return s.refreshLocks(ctx, tx, cylinderID)
	})
}

// ActiveLock is a lock in force, with its id for unlocking.
type ActiveLock struct {
	ID int64 `json:"id"`
	cyltrace.Lock
	LockedBy string `json:"lockedBy"`
}

// refreshLocks copies the cylinder's active locks onto its archive row, so
// that the interlock reads the cylinder and its locks in one read.
func (s *Store) refreshLocks(ctx context.Context, tx *sql.Tx, cylinderID string) error {
	rows, err := s.query(ctx, tx, `SELECT id, reason, locked_by, locked_at FROM cylinder_locks
		WHERE cylinder_id = ? AND unlocked_at IS NULL ORDER BY locked_at, id`, cylinderID)
	if err != nil {
		return fmt.Errorf("read locks: %w", err)
	}
	var active []ActiveLock
	for rows.Next() {
		var l ActiveLock
		if err := rows.Scan(&l.ID, &l.Reason, &l.LockedBy, &l.LockedAt); err != nil {
			rows.Close()
			return err
		}
		l.LockedAt = l.LockedAt.UTC()
		active = append(active, l)
	}
	rows.Close()
	var value any
	if len(active) > 0 {
		b, _ := json.Marshal(active)
		value = string(b)
	}
	_, err = s.exec(ctx, tx, `UPDATE cylinders SET locks = ?, updated_at = ? WHERE id = ?`, value, s.timestamp(), cylinderID)
	return err
}

func (s *Store) mustExist(ctx context.Context, q querier, cylinderID string) error {
	var id string
	err := s.queryRow(ctx, q, `SELECT id FROM cylinders WHERE id = ?`, cylinderID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return cyltrace.Errorf(cyltrace.ENOTFOUND, "未找到该气瓶的电子档案")
	}
	return err
}

// decodeLocks reads the archive's locks column.
func decodeLocks(v sql.NullString) ([]ActiveLock, error) {
	if !v.Valid || v.String == "" {
		return nil, nil
	}
	var locks []ActiveLock
	if err := json.Unmarshal([]byte(v.String), &locks); err != nil {
		return nil, fmt.Errorf("decode locks: %w", err)
	}
	return locks, nil
}
