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

// Use registration (Attachment 2). Every state change is one transaction
// that also appends its step to 流转详情 (registration_steps) and a line to
// the audit trail: a crash in the middle leaves the application as it was.
// Who may take a step is checked here, not only in the console: a district
// role of the application's region, and a different person at each of
// 受理, 审核 and 审批.

const registrationColumns = `id, unit_id, region_code, equipment_type, state, unit_name, unit_code, legal_rep,
	phone, fax, postcode, dept_name, address, manager_name, manager_mobile, manager_phone,
	handler_name, handler_mobile, handler_phone, cert_number, created_at, submitted_at, updated_at`

func scanRegistration(row scanner) (*cyltrace.Registration, error) {
	var r cyltrace.Registration
	var cert sql.NullString
	var submitted sql.NullTime
	err := row.Scan(&r.ID, &r.UnitID, &r.RegionCode, &r.EquipmentType, &r.State, &r.UnitName, &r.UnitCode,
		&r.LegalRep, &r.Phone, &r.Fax, &r.Postcode, &r.DeptName, &r.Address, &r.ManagerName, &r.ManagerMobile,
		&r.ManagerPhone, &r.HandlerName, &r.HandlerMobile, &r.HandlerPhone, &cert, &r.CreatedAt, &submitted, &r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	r.CertNumber, r.SubmittedAt = cert.String, submitted.Time
	r.CreatedAt, r.UpdatedAt, r.SubmittedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC(), r.SubmittedAt.UTC()
	if !submitted.Valid {
		r.SubmittedAt = time.Time{}
	}
	return &r, nil
}

// CreateRegistration stores a new application in state 草稿 for by's unit
// and records the step 创建. The caller fills the blocks it knows; they are
// validated at each save and at submission, not here, so that a unit can
// start with the blocks empty.
func (s *Store) CreateRegistration(ctx context.Context, r *cyltrace.Registration, by *cyltrace.User) error {
	if by.UnitID == 0 || !by.HasRole(cyltrace.UnitUser) {
		return cyltrace.Errorf(cyltrace.EFORBIDDEN, "只有使用单位的用户可以申请使用登记")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		r.UnitID, r.State, r.EquipmentType = by.UnitID, cyltrace.RegDraft, cyltrace.EquipmentCylinder
		r.CreatedAt, r.UpdatedAt, r.SubmittedAt, r.CertNumber = now, now, time.Time{}, ""
		err := s.queryRow(ctx, tx, `INSERT INTO registrations (unit_id, region_code, equipment_type, state, unit_name,
			unit_code, legal_rep, phone, fax, postcode, dept_name, address, manager_name, manager_mobile, manager_phone,
			handler_name, handler_mobile, handler_phone, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.UnitID, r.RegionCode, r.EquipmentType, r.State, r.UnitName, r.UnitCode, r.LegalRep, r.Phone, r.Fax,
			r.Postcode, r.DeptName, r.Address, r.ManagerName, r.ManagerMobile, r.ManagerPhone, r.HandlerName,
			r.HandlerMobile, r.HandlerPhone, now, now).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("insert registration: %w", err)
		}
		return s.step(ctx, tx, r, "创建", by, "", r.State, "")
	})
}

// Registration returns the application with the given id, or ENOTFOUND.
func (s *Store) Registration(ctx context.Context, id int64) (*cyltrace.Registration, error) {
	return s.registration(ctx, s.db, id)
}

func (s *Store) registration(ctx context.Context, q querier, id int64) (*cyltrace.Registration, error) {
	r, err := scanRegistration(s.queryRow(ctx, q, `SELECT `+registrationColumns+` FROM registrations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "使用登记申请不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("read registration: %w", err)
	}
	return r, nil
}

// RegistrationFilter selects applications. Zero fields do not filter.
type RegistrationFilter struct {
	UnitID     int64
	RegionCode string
	State      string
	UnitName   string // part of the unit's name
	From, To   string // yyyy-mm-dd: 申请时间 (submission, CST) on or after From, on or before To
	Drafts     bool   // include applications never submitted (the unit's own list)
	Limit      int    // default 20
	Offset     int
}

// Registrations lists applications, the newest first, and counts all that
// match.
func (s *Store) Registrations(ctx context.Context, f RegistrationFilter) ([]*cyltrace.Registration, int, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) { where, args = append(where, cond), append(args, arg) }
	if f.UnitID != 0 {
		add(`unit_id = ?`, f.UnitID)
	}
	if f.RegionCode != "" {
		add(`region_code = ?`, f.RegionCode)
	}
	if f.State != "" {
		add(`state = ?`, f.State)
	}
	if !f.Drafts {
		add(`state <> ?`, cyltrace.RegDraft)
	}
	if f.UnitName != "" {
		add(`unit_name LIKE ? ESCAPE '!'`, "%"+likeEscape(f.UnitName)+"%")
	}
	if t, ok := cyltrace.ParseDate(f.From); ok {
		add(`submitted_at >= ?`, t.UTC())
	}
	if t, ok := cyltrace.ParseDate(f.To); ok {
		add(`submitted_at < ?`, t.AddDate(0, 0, 1).UTC())
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	var total int
	if err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM registrations`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count registrations: %w", err)
	}
	rows, err := s.query(ctx, s.db, `SELECT `+registrationColumns+` FROM registrations`+cond+
		` ORDER BY COALESCE(submitted_at, created_at) DESC, id DESC LIMIT ? OFFSET ?`,
		append(args, limitOr(f.Limit, 20), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list registrations: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.Registration
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("read registration: %w", err)
		}
		list = append(list, r)
	}
	return list, total, rows.Err()
}

// likeEscape keeps % and _ typed by a user from acting as wildcards: they
// match themselves (ESCAPE '!', a character both dialects take as is).
func likeEscape(s string) string {
	return strings.NewReplacer(`!`, `!!`, `%`, `!%`, `_`, `!_`).Replace(s)
}

// UpdateRegistration saves the unit and safety-department blocks of a
// draft. Its region is fixed once cylinders are imported into it.
func (s *Store) UpdateRegistration(ctx context.Context, r *cyltrace.Registration, by *cyltrace.User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.registration(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if err := mayEdit(old, by); err != nil {
			return err
		}
		if old.RegionCode != r.RegionCode {
			if n, err := s.countItems(ctx, tx, old.ID); err != nil {
				return err
			} else if n > 0 {
				return cyltrace.FieldErrors{{Field: "regionCode", Rule: cyltrace.RuleNotAllowed,
					Message: "已导入气瓶后不能更改所在区县；请先删除已导入的气瓶"}}.Err()
			}
		}
		now := s.timestamp()
		_, err = s.exec(ctx, tx, `UPDATE registrations SET region_code = ?, unit_name = ?, unit_code = ?, legal_rep = ?,
			phone = ?, fax = ?, postcode = ?, dept_name = ?, address = ?, manager_name = ?, manager_mobile = ?,
			manager_phone = ?, handler_name = ?, handler_mobile = ?, handler_phone = ?, updated_at = ? WHERE id = ?`,
			r.RegionCode, r.UnitName, r.UnitCode, r.LegalRep, r.Phone, r.Fax, r.Postcode, r.DeptName, r.Address,
			r.ManagerName, r.ManagerMobile, r.ManagerPhone, r.HandlerName, r.HandlerMobile, r.HandlerPhone, now, r.ID)
		if err != nil {
			return fmt.Errorf("update registration: %w", err)
		}
		return s.audit(ctx, tx, "registration.update", fmt.Sprint(r.ID), old, r)
	})
}

// draft reads an application that by may change: a draft of by's unit.
func (s *Store) draft(ctx context.Context, q querier, regID int64, by *cyltrace.User) (*cyltrace.Registration, error) {
	r, err := s.registration(ctx, q, regID)
	if err != nil {
		return nil, err
	}
	return r, mayEdit(r, by)
}

// mayEdit allows changes to a draft by a user of its unit.
func mayEdit(r *cyltrace.Registration, by *cyltrace.User) error {
	if by.UnitID != r.UnitID || !by.HasRole(cyltrace.UnitUser) {
		return cyltrace.Errorf(cyltrace.EFORBIDDEN, "只有申请单位的用户可以修改该申请")
	}
	if r.State != cyltrace.RegDraft {
		return cyltrace.Errorf(cyltrace.ECONFLICT, "申请已提交（当前状态：%s），不能再修改", r.State)
	}
	return nil
}

func (s *Store) countItems(ctx context.Context, q querier, regID int64) (int, error) {
	var n int
	err := s.queryRow(ctx, q, `SELECT COUNT(*) FROM registration_items WHERE registration_id = ?`, regID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count registration items: %w", err)
	}
	return n, nil
}

// step appends one line to 流转详情.
func (s *Store) step(ctx context.Context, q querier, r *cyltrace.Registration, action string, by *cyltrace.User,
	from, to, opinion string) error {
	name := by.DisplayName
	if name == "" {
		name = by.Username
	}
	_, err := s.exec(ctx, q, `INSERT INTO registration_steps (registration_id, action, user_id, user_name,
		from_state, to_state, opinion, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, action, by.ID, name, from, to, opinion, s.timestamp())
	if err != nil {
		return fmt.Errorf("record step %s: %w", action, err)
	}
	return s.audit(ctx, q, "registration."+action, fmt.Sprint(r.ID), map[string]any{"state": from},
		map[string]any{"state": to, "opinion": opinion, "user": by.Username})
}

// RegistrationSteps returns 流转详情 of an application, oldest first.
func (s *Store) RegistrationSteps(ctx context.Context, regID int64) ([]*cyltrace.RegistrationStep, error) {
	rows, err := s.query(ctx, s.db, `SELECT id, action, user_id, user_name, from_state, to_state, opinion, at
		FROM registration_steps WHERE registration_id = ? ORDER BY id`, regID)
	if err != nil {
		return nil, fmt.Errorf("list steps: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.RegistrationStep
	for rows.Next() {
		var st cyltrace.RegistrationStep
		if err := rows.Scan(&st.ID, &st.Action, &st.UserID, &st.UserName, &st.FromState, &st.ToState,
			&st.Opinion, &st.At); err != nil {
			return nil, fmt.Errorf("read step: %w", err)
		}
		st.At = st.At.UTC()
		list = append(list, &st)
	}
	return list, rows.Err()
}
