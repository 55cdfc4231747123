package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cyltrace"
)

const userColumns = `u.id, u.username, u.display_name, u.unit_id, u.region_code, u.roles,
	u.must_change_password, u.failed_logins, u.locked_until, u.disabled_at, u.created_at`

// CreateUser stores a new console account with the hash of its password
// and sets its ID and CreatedAt; FailedLogins, LockedUntil and DisabledAt
// start empty. It returns ECONFLICT when the username is taken and
// ENOTFOUND when the unit does not exist. The caller validates u. The audit
// trail records the account, never the hash.
func (s *Store) CreateUser(ctx context.Context, u *cyltrace.User, passwordHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := s.queryRow(ctx, tx, `SELECT COUNT(*) FROM users WHERE username = ?`, u.Username).Scan(&n); err != nil {
			return fmt.Errorf("check username: %w", err)
		}
		if n > 0 {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "用户名 %s 已存在", u.Username)
		}
		if u.UnitID != 0 {
			if err := s.queryRow(ctx, tx, `SELECT COUNT(*) FROM units WHERE id = ?`, u.UnitID).Scan(&n); err != nil {
				return fmt.Errorf("check unit: %w", err)
			}
			if n == 0 {
				return cyltrace.Errorf(cyltrace.ENOTFOUND, "单位不存在")
			}
		}
		u.CreatedAt = s.timestamp()
		u.FailedLogins, u.LockedUntil, u.DisabledAt = 0, time.Time{}, time.Time{}
		err := s.queryRow(ctx, tx, `INSERT INTO users (username, display_name, password_hash, unit_id, region_code,
			roles, must_change_password, failed_logins, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id`,
			u.Username, u.DisplayName, passwordHash, nullInt(u.UnitID), nullString(u.RegionCode),
			joinRoles(u.Roles), boolInt(u.MustChangePassword), u.CreatedAt).Scan(&u.ID)
		if isUniqueViolation(err) {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "用户名 %s 已存在", u.Username)
		}
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		return s.audit(ctx, tx, "user.create", u.Username, nil, u)
	})
}

// User returns the account with the given id, or ENOTFOUND.
func (s *Store) User(ctx context.Context, id int64) (*cyltrace.User, error) {
	u, _, err := s.userWhere(ctx, s.db, `u.id = ?`, id)
	return u, err
}

// UserByUsername returns an account and its password hash (for the login
// to verify), or ENOTFOUND.
func (s *Store) UserByUsername(ctx context.Context, username string) (*cyltrace.User, string, error) {
	return s.userWhere(ctx, s.db, `u.username = ?`, username)
}

func (s *Store) userWhere(ctx context.Context, q querier, where string, arg any) (*cyltrace.User, string, error) {
	var hash string
	row := s.queryRow(ctx, q, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE `+where, arg)
	u, err := scanUser(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", cyltrace.Errorf(cyltrace.ENOTFOUND, "用户不存在")
	}
	if err != nil {
		return nil, "", fmt.Errorf("read user: %w", err)
	}
	return u, hash, nil
}

// UserFilter selects accounts for Users. Zero fields do not filter.
type UserFilter struct {
	RegionCode string
	UnitID     int64
	Limit      int // default 100
	Offset     int
}

// Users lists accounts by username.
func (s *Store) Users(ctx context.Context, f UserFilter) ([]*cyltrace.User, error) {
	var where []string
	var args []any
	if f.RegionCode != "" {
		where, args = append(where, `u.region_code = ?`), append(args, f.RegionCode)
	}
	if f.UnitID != 0 {
		where, args = append(where, `u.unit_id = ?`), append(args, f.UnitID)
	}
	query := `SELECT ` + userColumns + ` FROM users u`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY u.username LIMIT ? OFFSET ?`
	rows, err := s.query(ctx, s.db, query, append(args, limitOr(f.Limit, 100), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("read user: %w", err)
		}
		list = append(list, u)
	}
	return list, rows.Err()
}

// LoginFailed counts a wrong password for the account. When the count
// reaches lockAfter, the account is locked for lockFor from now, its
// sessions end, and the lock is audited; it returns when the lock ends
// (zero while not locked). A wrong password after a lock has run out starts
// the count again; one during a lock changes nothing (the login refuses a
// locked account before checking a password). ENOTFOUND for an unknown id.
func (s *Store) LoginFailed(ctx context.Context, userID int64, lockAfter int, lockFor time.Duration) (time.Time, error) {
	var until time.Time
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		// One UPDATE counts, so that two wrong passwords at once both count
		// (PostgreSQL locks the row; SQLite's transactions are serial).
		var count int
		var username string
		err := s.queryRow(ctx, tx, `UPDATE users
			SET failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END, locked_until = NULL
			WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?) RETURNING failed_logins, username`,
			userID, now).Scan(&count, &username)
		if errors.Is(err, sql.ErrNoRows) { // unknown, or locked now
			u, _, err := s.userWhere(ctx, tx, `u.id = ?`, userID)
			if err != nil {
				return err
			}
			until = u.LockedUntil
			return nil
		}
		if err != nil {
			return fmt.Errorf("count failed login: %w", err)
		}
		if lockAfter <= 0 || count < lockAfter {
			return nil
		}
		until = now.Add(lockFor).Truncate(time.Microsecond)
		if _, err := s.exec(ctx, tx, `UPDATE users SET locked_until = ? WHERE id = ?`, until, userID); err != nil {
			return fmt.Errorf("lock user: %w", err)
		}
		if err := s.deleteSessions(ctx, tx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "user.lock", username, map[string]any{"lockedUntil": nil},
			map[string]any{"failedLogins": count, "lockedUntil": until})
	})
	return until, err
}

// LoginSucceeded clears the account's count of wrong passwords and any
// lock that has run out. ENOTFOUND for an unknown id.
func (s *Store) LoginSucceeded(ctx context.Context, userID int64) error {
	res, err := s.exec(ctx, s.db, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, userID)
	if err != nil {
		return fmt.Errorf("clear failed logins: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return cyltrace.Errorf(cyltrace.ENOTFOUND, "用户不存在")
	}
	return nil
}

// SetPassword replaces the account's password hash, sets whether the
// password must be changed at the next login (true for a reset by an
// admin), clears a lock, and ends every session of the account: whoever
// held the old password is logged out. A user who changed their own
// password gets a new session from the caller. The audit trail records the
// change, never a hash. ENOTFOUND for an unknown id.
func (s *Store) SetPassword(ctx context.Context, userID int64, passwordHash string, mustChange bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, _, err := s.userWhere(ctx, tx, `u.id = ?`, userID)
		if err != nil {
			return err
		}
		now := s.timestamp()
		_, err = s.exec(ctx, tx, `UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?,
			failed_logins = 0, locked_until = NULL WHERE id = ?`, passwordHash, boolInt(mustChange), now, userID)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if err := s.deleteSessions(ctx, tx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "user.password", u.Username, map[string]any{"mustChangePassword": u.MustChangePassword},
			map[string]any{"mustChangePassword": mustChange, "passwordChangedAt": now})
	})
}

// DisableUser disables an account and ends its sessions. ENOTFOUND for an
// unknown id; disabling twice is harmless.
func (s *Store) DisableUser(ctx context.Context, userID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, _, err := s.userWhere(ctx, tx, `u.id = ?`, userID)
		if err != nil {
			return err
		}
		if u.Disabled() {
			return nil // nothing changed, nothing to record
		}
		now := s.timestamp()
		if _, err := s.exec(ctx, tx, `UPDATE users SET disabled_at = ? WHERE id = ?`, now, userID); err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		if err := s.deleteSessions(ctx, tx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "user.disable", u.Username, map[string]any{"disabledAt": nil},
			map[string]any{"disabledAt": now})
	})
}

func scanUser(row scanner, extra ...any) (*cyltrace.User, error) {
	var u cyltrace.User
	var unit sql.NullInt64
	var region sql.NullString
	var roles string
	var mustChange int
	var locked, disabled sql.NullTime
	dest := append([]any{&u.ID, &u.Username, &u.DisplayName, &unit, &region, &roles,
		&mustChange, &u.FailedLogins, &locked, &disabled, &u.CreatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.UnitID, u.RegionCode, u.Roles = unit.Int64, region.String, splitRoles(roles)
	u.MustChangePassword = mustChange != 0
	u.CreatedAt = u.CreatedAt.UTC()
	if locked.Valid {
		u.LockedUntil = locked.Time.UTC()
	}
	if disabled.Valid {
		u.DisabledAt = disabled.Time.UTC()
	}
	return &u, nil
}

// joinRoles stores roles as ",city_admin,unit_user," (see joinKinds).
func joinRoles(roles []cyltrace.UserRole) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return "," + strings.Join(parts, ",") + ","
}

func splitRoles(s string) []cyltrace.UserRole {
	var roles []cyltrace.UserRole
	for _, p := range strings.Split(strings.Trim(s, ","), ",") {
		if p != "" {
			roles = append(roles, cyltrace.UserRole(p))
		}
	}
	return roles
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
