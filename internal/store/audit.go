package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Actor is who makes a change: an API client, a command-line operator, the
// system itself; the audit trail records it with every change.
type Actor struct {
	Who     string // "client:<appKey>", "cli:<os user>", "system"
	UnitID  int64
	Address string // the client address, or "cli"
}

type actorKey struct{}

// WithActor returns a context that attributes the store's changes to a.
// The actor is request-scoped data, like a request id.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

func actorOf(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Who: "system", Address: "-"}
}

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID      int64           `json:"id"`
	At      time.Time       `json:"at"`
	Actor   string          `json:"actor"`
	UnitID  int64           `json:"unitId"`
	Address string          `json:"address"`
	Action  string          `json:"action"`
	Object  string          `json:"object"`
	Before  json.RawMessage `json:"before,omitempty"`
	After   json.RawMessage `json:"after,omitempty"`
}

// audit appends a line to the audit trail inside the change's own
// transaction: the change and its record commit together or not at all.
func (s *Store) audit(ctx context.Context, q querier, action, object string, before, after any) error {
	a := actorOf(ctx)
	b, err := jsonOrNil(before)
	if err != nil {
		return err
	}
	af, err := jsonOrNil(after)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, q, `INSERT INTO audit_log (at, actor, unit_id, address, action, object, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.timestamp(), a.Who, a.UnitID, a.Address, action, object, b, af)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func jsonOrNil(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit value: %w", err)
	}
	return string(b), nil
}

// AuditFilter selects audit lines; zero fields do not filter.
type AuditFilter struct {
	Action string
	Object string
	Limit  int // default 100
	Offset int
}

// AuditLog returns audit lines, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]*AuditEntry, error) {
	query := `SELECT id, at, actor, unit_id, address, action, object, before, after FROM audit_log WHERE 1 = 1`
	var args []any
	if f.Action != "" {
		query += ` AND action = ?`
		args = append(args, f.Action)
	}
	if f.Object != "" {
		query += ` AND object = ?`
		args = append(args, f.Object)
	}
	rows, err := s.query(ctx, s.db, query+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limitOr(f.Limit, 100), f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var list []*AuditEntry
	for rows.Next() {
		var e AuditEntry
		var before, after *string
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.UnitID, &e.Address, &e.Action, &e.Object, &before, &after); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		if before != nil {
			e.Before = json.RawMessage(*before)
		}
		if after != nil {
			e.After = json.RawMessage(*after)
		}
		list = append(list, &e)
	}
	return list, rows.Err()
}
