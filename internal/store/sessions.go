package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cyltrace"
)

// Session is one console login, kept server-side. The cookie carries a
// random token; the store knows only its hash.
type Session struct {
	TokenHash  string // hex SHA-256 of the cookie's token (auth.Hash)
	UserID     int64
	CSRF       string // the token every form of the session carries
	Address    string // the client address at login
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

// touchEvery is how stale last_seen_at may get before a read refreshes it:
// a write on every request would queue every page behind SQLite's one writer.
const touchEvery = time.Minute

// CreateSession stores a new session of a user and sets its CreatedAt and
// LastSeenAt; the login is audited with the address, never the token. The
// user's expired sessions are swept on the way.
func (s *Store) CreateSession(ctx context.Context, sess Session) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, _, err := s.userWhere(ctx, tx, `u.id = ?`, sess.UserID)
		if err != nil {
			return err
		}
		now := s.timestamp()
		sess.CreatedAt, sess.LastSeenAt = now, now
		sess.ExpiresAt = sess.ExpiresAt.UTC().Truncate(time.Microsecond)
		_, err = s.exec(ctx, tx, `INSERT INTO sessions (token_hash, user_id, csrf_token, address, created_at, expires_at, last_seen_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, sess.TokenHash, sess.UserID, sess.CSRF, sess.Address, now, sess.ExpiresAt, now)
		if isUniqueViolation(err) {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "会话已存在")
		}
		if err != nil {
			return fmt.Errorf("insert session: %w", err)
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`, sess.UserID, now); err != nil {
			return fmt.Errorf("sweep sessions: %w", err)
		}
		return s.audit(ctx, tx, "user.login", u.Username, nil,
			map[string]any{"address": sess.Address, "expiresAt": sess.ExpiresAt})
	})
}

// SessionUser returns the user of the session whose token hashes to
// tokenHash, and the session's CSRF token, in one indexed read. It returns
// EUNAUTHORIZED when there is no such session, it has expired, or its user
// is disabled or locked. A read refreshes the session's last_seen_at when it
// is older than a minute.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (*cyltrace.User, string, error) {
	now := s.timestamp()
	var csrf string
	var seen time.Time
	row := s.queryRow(ctx, s.db, `SELECT `+userColumns+`, s.csrf_token, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL
			AND (u.locked_until IS NULL OR u.locked_until <= ?)`, tokenHash, now, now)
	u, err := scanUser(row, &csrf, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", cyltrace.Errorf(cyltrace.EUNAUTHORIZED, "登录已失效，请重新登录")
	}
	if err != nil {
		return nil, "", fmt.Errorf("read session: %w", err)
	}
	if now.Sub(seen) >= touchEvery {
		if _, err := s.exec(ctx, s.db, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now, tokenHash); err != nil {
			return nil, "", fmt.Errorf("touch session: %w", err)
		}
	}
	return u, csrf, nil
}

// DeleteSession ends a session (logout) and audits it; an unknown or
// already ended session is no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var username string
		err := s.queryRow(ctx, tx, `SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.token_hash = ?`, tokenHash).Scan(&username)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read session: %w", err)
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return s.audit(ctx, tx, "user.logout", username, nil, nil)
	})
}

// deleteSessions ends every session of a user, inside the change that
// calls for it (a password change, a lock, disabling).
func (s *Store) deleteSessions(ctx context.Context, q querier, userID int64) error {
	if _, err := s.exec(ctx, q, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("delete sessions: %w", err)
	}
	return nil
}
