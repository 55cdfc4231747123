package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"cyltrace"
)

// RuleVersion is one version of the safety rule table.
type RuleVersion struct {
	Rules     cyltrace.RuleTable
	ChangedBy string
	Note      string
	CreatedAt string // yyyy-MM-dd HH:mm:ss CST
}

// CurrentRules returns the rule table in force: the highest version. An
// empty table history is seeded with DOMAIN.md's defaults as version 1, so
// that every decision can name the version it applied.
func (s *Store) CurrentRules(ctx context.Context) (*RuleVersion, error) {
	rv, err := s.latestRules(ctx, s.db)
	if cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		return rv, err
	}
	defaults := cyltrace.DefaultRuleTable()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.latestRules(ctx, tx); err == nil {
			return nil // another process seeded it meanwhile
		}
		if err := s.insertRules(ctx, tx, &defaults, "system", "DOMAIN.md 默认规则（首次启动时写入）"); err != nil {
			return err
		}
		return s.audit(ctx, tx, "rules.seed", "v1", nil, defaults)
	})
	if err != nil {
		return nil, err
	}
	return s.latestRules(ctx, s.db)
}

// SaveRules stores a new version of the rule table (the caller validated
// it). t.Version names the version the change was made from: when another
// change came first, SaveRules returns ECONFLICT instead of overwriting it.
// On success t.Version is the new version.
func (s *Store) SaveRules(ctx context.Context, t *cyltrace.RuleTable, changedBy, note string) error {
	if _, err := s.CurrentRules(ctx); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		latest, err := s.latestRules(ctx, tx)
		if err != nil {
			return err
		}
		if t.Version != latest.Rules.Version {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "规则表已被修改（现行版本 %d，本次修改基于版本 %d），请基于现行版本重新提交",
				latest.Rules.Version, t.Version)
		}
		t.Version = latest.Rules.Version + 1
		if err := s.insertRules(ctx, tx, t, changedBy, note); err != nil {
			return err
		}
		return s.audit(ctx, tx, "rules.update", fmt.Sprintf("v%d", t.Version), latest.Rules,
			map[string]any{"rules": t, "note": note})
	})
}

// RuleHistory returns every version, newest first.
func (s *Store) RuleHistory(ctx context.Context) ([]*RuleVersion, error) {
	rows, err := s.query(ctx, s.db, `SELECT rules, changed_by, note, created_at FROM rule_versions ORDER BY version DESC`)
	if err != nil {
		return nil, fmt.Errorf("list rule versions: %w", err)
	}
	defer rows.Close()
	var list []*RuleVersion
	for rows.Next() {
		rv, err := scanRules(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, rv)
	}
	return list, rows.Err()
}

func (s *Store) insertRules(ctx context.Context, q querier, t *cyltrace.RuleTable, changedBy, note string) error {
	if t.Version == 0 {
		t.Version = 1
	}
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode rules: %w", err)
	}
	_, err = s.exec(ctx, q, `INSERT INTO rule_versions (version, rules, changed_by, note, created_at) VALUES (?, ?, ?, ?, ?)`,
		t.Version, string(b), changedBy, note, s.timestamp())
	if isUniqueViolation(err) {
		return cyltrace.Errorf(cyltrace.ECONFLICT, "规则表已被他人同时修改，请刷新后重试")
	}
	if err != nil {
		return fmt.Errorf("insert rule version: %w", err)
	}
	return nil
}

func (s *Store) latestRules(ctx context.Context, q querier) (*RuleVersion, error) {
	row := s.queryRow(ctx, q, `SELECT rules, changed_by, note, created_at FROM rule_versions ORDER BY version DESC LIMIT 1`)
	rv, err := scanRules(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "尚无规则表")
	}
	return rv, err
}

func scanRules(row scanner) (*RuleVersion, error) {
	var rv RuleVersion
	var body string
	var at time.Time
	if err := row.Scan(&body, &rv.ChangedBy, &rv.Note, &at); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &rv.Rules); err != nil {
		return nil, fmt.Errorf("decode rule version: %w", err)
	}
	rv.CreatedAt = cyltrace.FormatDateTime(at)
	return &rv, nil
}
