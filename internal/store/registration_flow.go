package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"cyltrace"
)

// SubmitRegistration sends a draft to its district bureau (待受理): the
// blocks must be complete and every cylinder must have its photos.
func (s *Store) SubmitRegistration(ctx context.Context, regID int64, by *cyltrace.User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.draft(ctx, tx, regID, by)
		if err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		var items, missing int
		if err := s.queryRow(ctx, tx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN photos < ? THEN 1 ELSE 0 END), 0)
			FROM registration_items WHERE registration_id = ?`, cyltrace.MinPhotos, regID).Scan(&items, &missing); err != nil {
			return fmt.Errorf("count items: %w", err)
		}
		if items == 0 {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "申请中还没有气瓶，请先导入气瓶信息")
		}
		if missing > 0 {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "还有 %d 只气瓶未上传钢印及监检证书照片（每只至少 %d 张），不能提交",
				missing, cyltrace.MinPhotos)
		}
		now := s.timestamp()
		if _, err := s.exec(ctx, tx, `UPDATE registrations SET state = ?, submitted_at = ?, updated_at = ? WHERE id = ?`,
			cyltrace.RegSubmitted, now, now, regID); err != nil {
			return fmt.Errorf("submit registration: %w", err)
		}
		return s.step(ctx, tx, r, "提交", by, r.State, cyltrace.RegSubmitted, fmt.Sprintf("共 %d 只气瓶", items))
	})
}

// stepRule is who may move an application out of a state, and which
// earlier steps' people must not take this one.
type stepRule struct {
	role   cyltrace.UserRole
	action string
	next   string
	others []string // actions whose person may not take this step
}

var stepRules = map[string]stepRule{
	cyltrace.RegSubmitted: {cyltrace.DistrictAcceptor, "受理", cyltrace.RegAccepted, nil},
	cyltrace.RegAccepted:  {cyltrace.DistrictReviewer, "审核", cyltrace.RegReviewed, []string{"受理"}},
	cyltrace.RegReviewed:  {cyltrace.DistrictApprover, "审批", cyltrace.RegApproved, []string{"受理", "审核"}},
}

// mayHandle checks that by holds role in the application's region.
func mayHandle(r *cyltrace.Registration, by *cyltrace.User, role cyltrace.UserRole) error {
	if !by.HasRole(role) || by.RegionCode != r.RegionCode {
		reg, _ := cyltrace.LookupRegion(r.RegionCode)
		return cyltrace.Errorf(cyltrace.EFORBIDDEN, "该步骤须由%s的%s办理", reg.Name, cyltrace.UserRoleName(role))
	}
	return nil
}

// MayView reports whether by may open the application: its unit's users,
// the district staff of its region, and the city bureau.
func MayView(r *cyltrace.Registration, by *cyltrace.User) bool {
	switch {
	case by.HasRole(cyltrace.CityAdmin):
		return r.State != cyltrace.RegDraft
	case by.HasRole(cyltrace.UnitUser) && by.UnitID == r.UnitID:
		return true
	default:
		return by.RegionCode == r.RegionCode && r.State != cyltrace.RegDraft &&
			(by.HasRole(cyltrace.DistrictAcceptor) || by.HasRole(cyltrace.DistrictReviewer) || by.HasRole(cyltrace.DistrictApprover))
	}
}

// handle runs one forward step: the application must be in state from, by
// must hold the step's role in its region and must not have taken an
// earlier step named in the rule. fn does the step's own work inside the
// same transaction and may return more work to do after the step is
// recorded, still in the transaction.
func (s *Store) handle(ctx context.Context, regID int64, from, opinion string, by *cyltrace.User,
	fn func(tx *sql.Tx, r *cyltrace.Registration) (after func() error, err error)) error {
	rule := stepRules[from]
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.registration(ctx, tx, regID)
		if err != nil {
			return err
		}
		if r.State != from {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "申请当前状态为%s，不能%s", r.State, rule.action)
		}
		if err := mayHandle(r, by, rule.role); err != nil {
			return err
		}
		for _, other := range rule.others {
			if took, err := s.tookStep(ctx, tx, regID, other, by.ID); err != nil {
				return err
			} else if took {
				return cyltrace.Errorf(cyltrace.EFORBIDDEN, "您已办理该申请的%s，%s须由另一人办理", other, rule.action)
			}
		}
		var after func() error
		if fn != nil {
			if after, err = fn(tx, r); err != nil {
				return err
			}
		}
		if _, err := s.exec(ctx, tx, `UPDATE registrations SET state = ?, updated_at = ? WHERE id = ?`,
			rule.next, s.timestamp(), regID); err != nil {
			return fmt.Errorf("move registration: %w", err)
		}
		if err := s.step(ctx, tx, r, rule.action, by, from, rule.next, opinion); err != nil {
			return err
		}
		if after != nil {
			return after()
		}
		return nil
	})
}

func (s *Store) tookStep(ctx context.Context, q querier, regID int64, action string, userID int64) (bool, error) {
	var n int
	err := s.queryRow(ctx, q, `SELECT COUNT(*) FROM registration_steps WHERE registration_id = ? AND action = ?
		AND user_id = ?`, regID, action, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check steps: %w", err)
	}
	return n > 0, nil
}

// ReviewItem saves the acceptor's verdict on one cylinder's photos (审核附件):
// 正确 or 错误, with a note for the unit when wrong.
func (s *Store) ReviewItem(ctx context.Context, regID, itemID int64, verdict, note string, by *cyltrace.User) error {
	if verdict != cyltrace.ReviewCorrect && verdict != cyltrace.ReviewWrong {
		return cyltrace.FieldErrors{{Field: "review", Rule: cyltrace.RuleCode, Message: "图片是否正确应选择 正确 或 错误"}}.Err()
	}
	if verdict == cyltrace.ReviewCorrect {
		note = ""
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.registration(ctx, tx, regID)
		if err != nil {
			return err
		}
		if r.State != cyltrace.RegSubmitted {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "申请当前状态为%s，不能审核附件", r.State)
		}
		if err := mayHandle(r, by, cyltrace.DistrictAcceptor); err != nil {
			return err
		}
		it, err := s.item(ctx, tx, regID, itemID)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `UPDATE registration_items SET review = ?, review_note = ? WHERE id = ?`,
			verdict, note, itemID); err != nil {
			return fmt.Errorf("save review: %w", err)
		}
		return s.audit(ctx, tx, "registration.review", fmt.Sprint(regID),
			map[string]any{"item": itemID, "review": it.Review},
			map[string]any{"item": itemID, "review": verdict, "note": note, "user": by.Username})
	})
}

// ReviewCounts are the counts of figure 9.
type ReviewCounts struct {
	Total, Reviewed, Passed, Failed int
}

// RegistrationReviewCounts counts the reviewed, passed and failed cylinders.
func (s *Store) RegistrationReviewCounts(ctx context.Context, regID int64) (ReviewCounts, error) {
	var c ReviewCounts
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN review <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN review = ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN review = ? THEN 1 ELSE 0 END), 0)
		FROM registration_items WHERE registration_id = ?`, cyltrace.ReviewCorrect, cyltrace.ReviewWrong, regID).
		Scan(&c.Total, &c.Reviewed, &c.Passed, &c.Failed)
	if err != nil {
		return c, fmt.Errorf("count reviews: %w", err)
	}
	return c, nil
}

// AcceptRegistration is 受理: every cylinder's photos must be reviewed; those
// judged 错误 are left out (their triple freed for a new application) and
// the rest go on to 审核. With none left, the acceptor must 驳回 instead.
func (s *Store) AcceptRegistration(ctx context.Context, regID int64, opinion string, by *cyltrace.User) error {
	return s.handle(ctx, regID, cyltrace.RegSubmitted, opinion, by, func(tx *sql.Tx, r *cyltrace.Registration) (func() error, error) {
		var total, unreviewed, wrong int
		err := s.queryRow(ctx, tx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN review = '' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN review = ? THEN 1 ELSE 0 END), 0)
			FROM registration_items WHERE registration_id = ?`, cyltrace.ReviewWrong, regID).Scan(&total, &unreviewed, &wrong)
		if err != nil {
			return nil, fmt.Errorf("count reviews: %w", err)
		}
		if unreviewed > 0 {
			return nil, cyltrace.Errorf(cyltrace.ECONFLICT, "还有 %d 只气瓶的附件未审核，请先完成审核附件", unreviewed)
		}
		if wrong == total {
			return nil, cyltrace.Errorf(cyltrace.ECONFLICT, "全部气瓶的附件均被判为错误，没有可受理的气瓶，请驳回(退件)")
		}
		_, err = s.exec(ctx, tx, `UPDATE registration_items SET excluded = 1, open = 0 WHERE registration_id = ? AND review = ?`,
			regID, cyltrace.ReviewWrong)
		if err != nil {
			return nil, fmt.Errorf("leave out items: %w", err)
		}
		return nil, nil
	})
}

// ReviewRegistration is 审核, by a reviewer who did not accept it.
func (s *Store) ReviewRegistration(ctx context.Context, regID int64, opinion string, by *cyltrace.User) error {
	return s.handle(ctx, regID, cyltrace.RegAccepted, opinion, by, nil)
}

// RejectRegistration is 驳回(退件): it voids the whole application, from any
// state between submission and approval, by the person whose step it is.
// Its cylinders' triples are freed for a new application.
func (s *Store) RejectRegistration(ctx context.Context, regID int64, opinion string, by *cyltrace.User) error {
	if opinion == "" {
		return cyltrace.FieldErrors{{Field: "opinion", Rule: cyltrace.RuleRequired, Message: "驳回(退件)须填写意见，说明退件原因"}}.Err()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := s.registration(ctx, tx, regID)
		if err != nil {
			return err
		}
		rule, ok := stepRules[r.State]
		if !ok {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "申请当前状态为%s，不能驳回(退件)", r.State)
		}
		if err := mayHandle(r, by, rule.role); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `UPDATE registration_items SET open = 0 WHERE registration_id = ?`, regID); err != nil {
			return fmt.Errorf("void items: %w", err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE registrations SET state = ?, updated_at = ? WHERE id = ?`,
			cyltrace.RegRejected, s.timestamp(), regID); err != nil {
			return fmt.Errorf("void registration: %w", err)
		}
		return s.step(ctx, tx, r, "驳回(退件)", by, r.State, cyltrace.RegRejected, opinion)
	})
}

// ApproveRegistration is 审批 and 证书生成 in one transaction: each
// cylinder not left out enters the archive, status 在用, with the unit's
// certificate number in the application's district (issued now from
// certTemplate, or the one it already holds), today's date and the
// district's registration authority.
func (s *Store) ApproveRegistration(ctx context.Context, regID int64, opinion, certTemplate string, by *cyltrace.User) error {
	if err := cyltrace.CertTemplateValid(certTemplate); err != nil {
		return err
	}
	return s.handle(ctx, regID, cyltrace.RegReviewed, opinion, by, func(tx *sql.Tx, r *cyltrace.Registration) (func() error, error) {
		cert, err := s.certificateFor(ctx, tx, r, certTemplate)
		if err != nil {
			return nil, err
		}
		n, err := s.registerItems(ctx, tx, r, cert)
		if err != nil {
			return nil, err
		}
		if _, err := s.exec(ctx, tx, `UPDATE registrations SET cert_number = ? WHERE id = ?`, cert.Number, regID); err != nil {
			return nil, fmt.Errorf("record certificate: %w", err)
		}
		// 证书生成 is its own line of 流转详情, after 审批, in the same transaction.
		return func() error {
			return s.step(ctx, tx, r, "证书生成", by, cyltrace.RegApproved, cyltrace.RegApproved,
				fmt.Sprintf("使用登记证编号 %s，登记气瓶 %d 只", cert.Number, n))
		}, nil
	})
}

// Certificate is a unit's use-registration certificate in one district.
type Certificate struct {
	ID         int64
	Number     string
	UnitID     int64
	RegionCode string
	Authority  string
	IssuedAt   string // yyyy-mm-dd of the first issue
}

// certificateFor returns the unit's certificate in the application's
// district, issuing it with the next serial when it has none.
func (s *Store) certificateFor(ctx context.Context, tx *sql.Tx, r *cyltrace.Registration, tmpl string) (*Certificate, error) {
	c := Certificate{UnitID: r.UnitID, RegionCode: r.RegionCode}
	err := s.queryRow(ctx, tx, `SELECT id, number, authority, issued_at FROM certificates WHERE unit_id = ? AND region_code = ?`,
		r.UnitID, r.RegionCode).Scan(&c.ID, &c.Number, &c.Authority, &c.IssuedAt)
	if err == nil {
		return &c, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read certificate: %w", err)
	}
	today := s.now().In(cyltrace.CST)
	year := cyltrace.CertSerialYear(tmpl, today.Year())
	var serial int
	err = s.queryRow(ctx, tx, `UPDATE cert_serials SET last = last + 1 WHERE year = ? RETURNING last`, year).Scan(&serial)
	if errors.Is(err, sql.ErrNoRows) {
		serial = 1
		_, err = s.exec(ctx, tx, `INSERT INTO cert_serials (year, last) VALUES (?, 1)`, year)
	}
	if err != nil {
		return nil, fmt.Errorf("next certificate serial: %w", err)
	}
	region, _ := cyltrace.LookupRegion(r.RegionCode)
	c.Number = cyltrace.FormatCertNumber(tmpl, serial, today.Year())
	c.Authority, c.IssuedAt = region.Authority, cyltrace.FormatDate(today)
	err = s.queryRow(ctx, tx, `INSERT INTO certificates (number, unit_id, region_code, authority, issued_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, c.Number, c.UnitID, c.RegionCode, c.Authority, c.IssuedAt).Scan(&c.ID)
	if isUniqueViolation(err) {
		return nil, cyltrace.Errorf(cyltrace.ECONFLICT, "使用登记证编号 %s 已被占用，请检查编号模板", c.Number)
	}
	if err != nil {
		return nil, fmt.Errorf("issue certificate: %w", err)
	}
	return &c, s.audit(ctx, tx, "certificate.issue", c.Number, nil, c)
}

// registerItems creates the archives of an approved application's
// cylinders and returns how many.
func (s *Store) registerItems(ctx context.Context, tx *sql.Tx, r *cyltrace.Registration, cert *Certificate) (int, error) {
	items, err := s.items(ctx, tx, `SELECT `+itemColumns+` FROM registration_items WHERE registration_id = ? AND excluded = 0
		ORDER BY id`, r.ID)
	if err != nil {
		return 0, err
	}
	today := cyltrace.FormatDate(s.now())
	for _, it := range items {
		c := it.Cylinder
		id, err := cyltrace.NewCylinderID(s.rand)
		if err != nil {
			return 0, fmt.Errorf("issue cylinder id: %w", err)
		}
		c.ID, c.UseUnitID, c.UseUnitName, c.RegionCode = id, r.UnitID, r.UnitName, r.RegionCode
		c.Status = cyltrace.StatusInUse
		if c.TagType != "" {
			// A tagged cylinder gets its 信息化编码 now, so that it has a
			// scan page at once; an untagged one gets it at its binding.
			if c.InfoCode, err = s.freeInfoCode(ctx, tx, func() (string, error) { return cyltrace.NewInfoCode(s.rand) }); err != nil {
				return 0, err
			}
		}
		c.RegistrationCertNumber, c.RegistrationDate, c.RegistrationAuthority = cert.Number, today, cert.Authority
		if err := s.checkCylinderUnique(ctx, tx, &c); err != nil {
			var e *cyltrace.Error
			if errors.As(err, &e) {
				return 0, cyltrace.Errorf(e.Code, "产品编号 %s：%s", c.ProductNumber, e.Message)
			}
			return 0, err
		}
		c.CreatedAt = s.timestamp()
		c.UpdatedAt = c.CreatedAt
		if _, err := s.exec(ctx, tx, `INSERT INTO cylinders (`+cylinderColumns+`) VALUES (`+
			placeholders(cylinderColumnCount)+`)`, cylinderArgs(&c)...); err != nil {
			return 0, fmt.Errorf("insert cylinder: %w", err)
		}
		if err := s.linkFactory(ctx, tx, &c); err != nil {
			return 0, err
		}
		if _, err := s.exec(ctx, tx, `UPDATE registration_items SET cylinder_id = ?, open = 0 WHERE id = ?`, c.ID, it.ID); err != nil {
			return 0, fmt.Errorf("link item: %w", err)
		}
		if err := s.audit(ctx, tx, "cylinder.register", c.ID, nil, c); err != nil {
			return 0, err
		}
	}
	return len(items), nil
}

// CertificateOf returns the certificate an approved application was
// registered under, and every cylinder the certificate covers (of this and
// earlier applications of the unit in the district), in registration order.
func (s *Store) CertificateOf(ctx context.Context, regID int64) (*Certificate, []*cyltrace.Cylinder, error) {
	r, err := s.Registration(ctx, regID)
	if err != nil {
		return nil, nil, err
	}
	if r.CertNumber == "" {
		return nil, nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "该申请尚未审批，没有使用登记证")
	}
	c := Certificate{Number: r.CertNumber}
	err = s.queryRow(ctx, s.db, `SELECT id, unit_id, region_code, authority, issued_at FROM certificates WHERE number = ?`,
		r.CertNumber).Scan(&c.ID, &c.UnitID, &c.RegionCode, &c.Authority, &c.IssuedAt)
	if err != nil {
		return nil, nil, fmt.Errorf("read certificate: %w", err)
	}
	rows, err := s.query(ctx, s.db, `SELECT `+cylinderColumns+` FROM cylinders WHERE registration_cert_number = ?
		ORDER BY registration_date, created_at, id`, c.Number)
	if err != nil {
		return nil, nil, fmt.Errorf("list certificate cylinders: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.Cylinder
	for rows.Next() {
		cy, err := scanCylinder(rows)
		if err != nil {
			return nil, nil, fmt.Errorf("read cylinder: %w", err)
		}
		list = append(list, cy)
	}
	return &c, list, rows.Err()
}

// linkFactory records the factory data a newly registered archive was
// checked against, if its maker published any.
func (s *Store) linkFactory(ctx context.Context, tx *sql.Tx, c *cyltrace.Cylinder) error {
	f, err := s.factoryFor(ctx, tx, c)
	if err != nil || f == nil {
		return err
	}
	if _, err := s.exec(ctx, tx, `UPDATE cylinders SET factory_id = ? WHERE id = ?`, f.ID, c.ID); err != nil {
		return fmt.Errorf("link factory data: %w", err)
	}
	return nil
}
