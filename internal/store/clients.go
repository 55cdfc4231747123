package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cyltrace"
)

const clientColumns = `c.id, c.app_key, c.unit_id, u.code, u.name, c.role, c.created_at, c.disabled_at`

// CreateClient stores a new API client with the hash of its secret and sets
// its ID and CreatedAt. It returns ECONFLICT when the app key is taken and
// ENOTFOUND when the unit does not exist.
func (s *Store) CreateClient(ctx context.Context, c *cyltrace.APIClient, secretHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var name, code string
		err := s.queryRow(ctx, tx, `SELECT name, code FROM units WHERE id = ?`, c.UnitID).Scan(&name, &code)
		if errors.Is(err, sql.ErrNoRows) {
			return cyltrace.Errorf(cyltrace.ENOTFOUND, "单位不存在")
		}
		if err != nil {
			return fmt.Errorf("read unit: %w", err)
		}
		var n int
		if err := s.queryRow(ctx, tx, `SELECT COUNT(*) FROM api_clients WHERE app_key = ?`, c.AppKey).Scan(&n); err != nil {
			return fmt.Errorf("check app key: %w", err)
		}
		if n > 0 {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "appKey %s 已存在", c.AppKey)
		}
		c.UnitName, c.UnitCode, c.CreatedAt = name, code, s.timestamp()
		err = s.queryRow(ctx, tx, `INSERT INTO api_clients (app_key, secret_hash, unit_id, role, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, c.AppKey, secretHash, c.UnitID, string(c.Role), c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert api client: %w", err)
		}
		return s.audit(ctx, tx, "client.create", c.AppKey, nil, c)
	})
}

// ClientByAppKey returns a client and the hash of its secret, or ENOTFOUND.
func (s *Store) ClientByAppKey(ctx context.Context, appKey string) (*cyltrace.APIClient, string, error) {
	var hash string
	row := s.queryRow(ctx, s.db, `SELECT `+clientColumns+`, c.secret_hash
		FROM api_clients c JOIN units u ON u.id = c.unit_id WHERE c.app_key = ?`, appKey)
	c, err := scanClient(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", cyltrace.Errorf(cyltrace.ENOTFOUND, "接口账号 %s 不存在", appKey)
	}
	if err != nil {
		return nil, "", fmt.Errorf("read api client: %w", err)
	}
	return c, hash, nil
}

// Clients lists the API clients by app key.
func (s *Store) Clients(ctx context.Context) ([]*cyltrace.APIClient, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+clientColumns+` FROM api_clients c JOIN units u ON u.id = c.unit_id
		ORDER BY c.app_key`)
	if err != nil {
		return nil, fmt.Errorf("list api clients: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.APIClient
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, fmt.Errorf("read api client: %w", err)
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// DisableClient disables a client; its tokens stop working at once. It
// returns ENOTFOUND for an unknown app key; disabling twice is harmless.
func (s *Store) DisableClient(ctx context.Context, appKey string) error {
	if _, _, err := s.ClientByAppKey(ctx, appKey); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		res, err := s.exec(ctx, tx, `UPDATE api_clients SET disabled_at = ? WHERE app_key = ? AND disabled_at IS NULL`,
			now, appKey)
		if err != nil {
			return fmt.Errorf("disable api client: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // already disabled: nothing changed, nothing to record
		}
		return s.audit(ctx, tx, "client.disable", appKey, map[string]any{"disabledAt": nil},
			map[string]any{"disabledAt": now})
	})
}

// CreateToken stores the hash of a bearer token of a client.
func (s *Store) CreateToken(ctx context.Context, clientID int64, tokenHash string, expiresAt time.Time) error {
	now := s.timestamp()
	_, err := s.exec(ctx, s.db, `INSERT INTO api_tokens (token_hash, client_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		tokenHash, clientID, now, expiresAt.UTC().Truncate(time.Microsecond))
	if err != nil {
		return fmt.Errorf("insert token: %w", err)
	}
	// Expired tokens are of no use; sweep the client's old ones now and then.
	_, err = s.exec(ctx, s.db, `DELETE FROM api_tokens WHERE client_id = ? AND expires_at < ?`, clientID, now.Add(-24*time.Hour))
	if err != nil {
		return fmt.Errorf("sweep tokens: %w", err)
	}
	return nil
}

// ClientByToken returns the enabled client whose unexpired token hashes to
// tokenHash, in one indexed read; EUNAUTHORIZED otherwise.
func (s *Store) ClientByToken(ctx context.Context, tokenHash string) (*cyltrace.APIClient, error) {
	row := s.queryRow(ctx, s.db, `SELECT `+clientColumns+` FROM api_tokens t
		JOIN api_clients c ON c.id = t.client_id JOIN units u ON u.id = c.unit_id
		WHERE t.token_hash = ? AND t.expires_at > ? AND c.disabled_at IS NULL`, tokenHash, s.timestamp())
	c, err := scanClient(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cyltrace.Errorf(cyltrace.EUNAUTHORIZED, "访问令牌无效或已过期，请重新获取")
	}
	if err != nil {
		return nil, fmt.Errorf("read token: %w", err)
	}
	return c, nil
}

func scanClient(row scanner, extra ...any) (*cyltrace.APIClient, error) {
	var c cyltrace.APIClient
	var role string
	var disabled sql.NullTime
	dest := append([]any{&c.ID, &c.AppKey, &c.UnitID, &c.UnitCode, &c.UnitName, &role, &c.CreatedAt, &disabled}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.Role = cyltrace.Role(role)
	c.CreatedAt = c.CreatedAt.UTC()
	if disabled.Valid {
		c.DisabledAt = disabled.Time.UTC()
	}
	return &c, nil
}
