package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"cyltrace"
)

// ImportResult counts the rows of one import.
type ImportResult struct {
	Imported int // rows that joined the application
	Refused  int // rows kept for 下载错误数据
	Matched  int // imported rows that agree with their maker's factory data
	NotFound int // imported rows whose maker published no factory data (marked)
}

// ImportRow is one row handed to the import: its cylinder, and the reasons
// the caller already found to refuse it (none for a row that passed the
// domain rules).
type ImportRow struct {
	Line     int
	Cylinder cyltrace.Cylinder
	Reasons  []string
}

// RejectedRow is a row of the last import that did not join the application.
type RejectedRow struct {
	Line     int
	Cylinder cyltrace.Cylinder
	Reasons  []string
}

// ImportRegistration adds imported rows to a draft in one transaction. feed
// calls add for each row, in order, as it reads them, so a large workbook
// is never held whole. A row without reasons joins the application unless
// its registration triple (制造单位 + 产品编号 + 制造年月) is already in the
// archive, in another open application, or earlier in this one (the same
// file or an earlier import); such a row, and every row with reasons, is
// refused and kept for 下载错误数据, which then lists exactly this import's
// refusals. An error from feed rolls the whole import back.
func (s *Store) ImportRegistration(ctx context.Context, regID int64, by *cyltrace.User,
	feed func(add func(ImportRow) error) error) (ImportResult, error) {
	var res ImportResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res = ImportResult{}
		r, err := s.draft(ctx, tx, regID, by)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM registration_rejects WHERE registration_id = ?`, regID); err != nil {
			return fmt.Errorf("clear rejects: %w", err)
		}
		add := func(row ImportRow) error {
			check, err := s.checkRow(ctx, tx, regID, &row)
			if err != nil {
				return err
			}
			if len(row.Reasons) > 0 {
				res.Refused++
				return s.insertReject(ctx, tx, regID, row)
			}
			res.Imported++
			if check == cyltrace.FactoryMatched {
				res.Matched++
			} else {
				res.NotFound++
			}
			return s.insertItem(ctx, tx, regID, row, check)
		}
		if err := feed(add); err != nil {
			return err
		}
		return s.step(ctx, tx, r, "导入", by, r.State, r.State,
			fmt.Sprintf("导入气瓶 %d 只，未导入 %d 只", res.Imported, res.Refused))
	})
	return res, err
}

// checkRow runs the store's checks of a row the caller found sound: the
// factory cross-check (a match takes the maker's values, a mismatch is a
// reason to refuse) and then the duplicate checks on the final values. It
// returns the factory outcome; reasons go into row.Reasons.
func (s *Store) checkRow(ctx context.Context, q querier, regID int64, row *ImportRow) (string, error) {
	if len(row.Reasons) > 0 {
		return "", nil
	}
	check, reasons, err := s.factoryCheck(ctx, q, &row.Cylinder)
	if err != nil || len(reasons) > 0 {
		row.Reasons = reasons
		return check, err
	}
	reason, err := s.duplicateReason(ctx, q, regID, &row.Cylinder)
	if reason != "" {
		row.Reasons = []string{reason}
	}
	return check, err
}

// duplicateReason names where the cylinder's triple is already held, or "".
func (s *Store) duplicateReason(ctx context.Context, q querier, regID int64, c *cyltrace.Cylinder) (string, error) {
	triple := []any{c.Manufacturer, c.ProductNumber, c.ManufactureDate}
	var id string
	err := s.queryRow(ctx, q, `SELECT id FROM cylinders WHERE manufacturer = ? AND product_number = ?
		AND manufacture_date = ?`, triple...).Scan(&id)
	switch {
	case err == nil:
		return "该气瓶（制造单位、产品编号、制造年月相同）已登记，不能重复办理登记申请", nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("check archive: %w", err)
	}
	if c.QRContent != "" {
		err = s.queryRow(ctx, q, `SELECT id FROM cylinders WHERE qr_hash = ?`, qrHash(c.QRContent)).Scan(&id)
		switch {
		case err == nil:
			return "该二维码已绑定电子档案中的其他气瓶", nil
		case !errors.Is(err, sql.ErrNoRows):
			return "", fmt.Errorf("check qr: %w", err)
		}
	}
	var other int64
	err = s.queryRow(ctx, q, `SELECT registration_id FROM registration_items WHERE manufacturer = ?
		AND product_number = ? AND manufacture_date = ? AND open = 1`, triple...).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("check open applications: %w", err)
	case other == regID:
		return "该气瓶（制造单位、产品编号、制造年月相同）在本申请中重复", nil
	default:
		return "该气瓶（制造单位、产品编号、制造年月相同）已在另一份未办结的使用登记申请中", nil
	}
}

func (s *Store) insertItem(ctx context.Context, q querier, regID int64, row ImportRow, factory string) error {
	c := row.Cylinder
	b, err := json.Marshal(&c)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, q, `INSERT INTO registration_items (registration_id, line, manufacturer, product_number,
		manufacture_date, cylinder, factory_check) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		regID, row.Line, c.Manufacturer, c.ProductNumber, c.ManufactureDate, string(b), factory)
	if err != nil {
		return fmt.Errorf("insert registration item: %w", err)
	}
	return nil
}

func (s *Store) insertReject(ctx context.Context, q querier, regID int64, row ImportRow) error {
	b, err := json.Marshal(&row.Cylinder)
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, q, `INSERT INTO registration_rejects (registration_id, line, cylinder, reasons)
		VALUES (?, ?, ?, ?)`, regID, row.Line, string(b), strings.Join(row.Reasons, "\n"))
	if err != nil {
		return fmt.Errorf("insert rejected row: %w", err)
	}
	return nil
}

// RegistrationRejects returns the refused rows of the application's last
// import, in sheet order.
func (s *Store) RegistrationRejects(ctx context.Context, regID int64) ([]RejectedRow, error) {
	rows, err := s.query(ctx, s.db, `SELECT line, cylinder, reasons FROM registration_rejects
		WHERE registration_id = ? ORDER BY line, id`, regID)
	if err != nil {
		return nil, fmt.Errorf("list rejects: %w", err)
	}
	defer rows.Close()
	var list []RejectedRow
	for rows.Next() {
		var r RejectedRow
		var cyl, reasons string
		if err := rows.Scan(&r.Line, &cyl, &reasons); err != nil {
			return nil, fmt.Errorf("read reject: %w", err)
		}
		if err := json.Unmarshal([]byte(cyl), &r.Cylinder); err != nil {
			return nil, fmt.Errorf("read reject: %w", err)
		}
		r.Reasons = strings.Split(reasons, "\n")
		list = append(list, r)
	}
	return list, rows.Err()
}

// ItemFilter selects the cylinders of one application.
type ItemFilter struct {
	RegistrationID int64
	Photos         string // "yes": with all photos (at least MinPhotos), "no": without, "": all (是否上传附件)
	ProductNumber  string // exact
	Limit          int    // default 20
	Offset         int
}

const itemColumns = `id, registration_id, line, cylinder, photos, review, review_note, excluded, cylinder_id, factory_check`

// RegistrationItems lists an application's cylinders in import order and
// counts all that match.
func (s *Store) RegistrationItems(ctx context.Context, f ItemFilter) ([]*cyltrace.RegistrationItem, int, error) {
	where, args := `registration_id = ?`, []any{f.RegistrationID}
	switch f.Photos {
	case "yes":
		where, args = where+` AND photos >= ?`, append(args, cyltrace.MinPhotos)
	case "no":
		where, args = where+` AND photos < ?`, append(args, cyltrace.MinPhotos)
	}
	if f.ProductNumber != "" {
		where, args = where+` AND product_number = ?`, append(args, f.ProductNumber)
	}
	var total int
	if err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM registration_items WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count items: %w", err)
	}
	list, err := s.items(ctx, s.db, `SELECT `+itemColumns+` FROM registration_items WHERE `+where+
		` ORDER BY id LIMIT ? OFFSET ?`, append(args, limitOr(f.Limit, 20), f.Offset)...)
	return list, total, err
}

// RegistrationItem returns one cylinder of an application, or ENOTFOUND.
func (s *Store) RegistrationItem(ctx context.Context, regID, itemID int64) (*cyltrace.RegistrationItem, error) {
	return s.item(ctx, s.db, regID, itemID)
}

func (s *Store) item(ctx context.Context, q querier, regID, itemID int64) (*cyltrace.RegistrationItem, error) {
	list, err := s.items(ctx, q, `SELECT `+itemColumns+` FROM registration_items WHERE registration_id = ? AND id = ?`,
		regID, itemID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "该气瓶不在此申请中")
	}
	return list[0], nil
}

func (s *Store) items(ctx context.Context, q querier, query string, args ...any) ([]*cyltrace.RegistrationItem, error) {
	rows, err := s.query(ctx, q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list items: %w", err)
	}
	defer rows.Close()
	var list []*cyltrace.RegistrationItem
	for rows.Next() {
		var it cyltrace.RegistrationItem
		var cyl string
		var excluded int
		var cylID sql.NullString
		if err := rows.Scan(&it.ID, &it.RegistrationID, &it.Line, &cyl, &it.Photos, &it.Review, &it.ReviewNote,
			&excluded, &cylID, &it.FactoryCheck); err != nil {
			return nil, fmt.Errorf("read item: %w", err)
		}
		if err := json.Unmarshal([]byte(cyl), &it.Cylinder); err != nil {
			return nil, fmt.Errorf("read item: %w", err)
		}
		it.Excluded, it.Cylinder.ID = excluded == 1, cylID.String
		list = append(list, &it)
	}
	return list, rows.Err()
}

// DeleteRegistrationItem removes a cylinder, and its photos, from a draft.
func (s *Store) DeleteRegistrationItem(ctx context.Context, regID, itemID int64, by *cyltrace.User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.draft(ctx, tx, regID, by); err != nil {
			return err
		}
		it, err := s.item(ctx, tx, regID, itemID)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM registration_photos WHERE item_id = ?`, itemID); err != nil {
			return fmt.Errorf("delete photos: %w", err)
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM registration_items WHERE id = ?`, itemID); err != nil {
			return fmt.Errorf("delete item: %w", err)
		}
		return s.audit(ctx, tx, "registration.item.delete", fmt.Sprint(regID), it, nil)
	})
}

// AddRegistrationPhoto attaches a stored image to a cylinder of a draft.
// At most MaxPhotos per cylinder; the same image twice is refused.
func (s *Store) AddRegistrationPhoto(ctx context.Context, regID, itemID int64, p *cyltrace.RegistrationPhoto,
	by *cyltrace.User) error {
	if p.Kind != cyltrace.PhotoStamp && p.Kind != cyltrace.PhotoCertificate {
		return cyltrace.FieldErrors{{Field: "kind", Rule: cyltrace.RuleCode,
			Message: "照片类型应为 钢印 或 监检证书"}}.Err()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.draft(ctx, tx, regID, by); err != nil {
			return err
		}
		it, err := s.item(ctx, tx, regID, itemID)
		if err != nil {
			return err
		}
		if it.Photos >= cyltrace.MaxPhotos {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "产品编号 %s 已有 %d 张照片，每只气瓶最多 %d 张，请先删除再上传",
				it.Cylinder.ProductNumber, it.Photos, cyltrace.MaxPhotos)
		}
		var n int
		if err := s.queryRow(ctx, tx, `SELECT COUNT(*) FROM registration_photos WHERE item_id = ? AND sha256 = ?`,
			itemID, p.SHA256).Scan(&n); err != nil {
			return fmt.Errorf("check photo: %w", err)
		}
		if n > 0 {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "产品编号 %s 已上传过这张照片", it.Cylinder.ProductNumber)
		}
		p.ItemID = itemID
		if err := s.queryRow(ctx, tx, `INSERT INTO registration_photos (item_id, kind, sha256, format, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, itemID, p.Kind, p.SHA256, p.Format, s.timestamp()).Scan(&p.ID); err != nil {
			return fmt.Errorf("insert photo: %w", err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE registration_items SET photos = photos + 1 WHERE id = ?`, itemID); err != nil {
			return fmt.Errorf("count photo: %w", err)
		}
		return s.audit(ctx, tx, "registration.photo.add", fmt.Sprint(regID), nil, p)
	})
}

// DeleteRegistrationPhoto removes a photo from a cylinder of a draft.
func (s *Store) DeleteRegistrationPhoto(ctx context.Context, regID, photoID int64, by *cyltrace.User) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.draft(ctx, tx, regID, by); err != nil {
			return err
		}
		p, err := s.photo(ctx, tx, regID, photoID)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM registration_photos WHERE id = ?`, photoID); err != nil {
			return fmt.Errorf("delete photo: %w", err)
		}
		if _, err := s.exec(ctx, tx, `UPDATE registration_items SET photos = photos - 1 WHERE id = ?`, p.ItemID); err != nil {
			return fmt.Errorf("count photo: %w", err)
		}
		return s.audit(ctx, tx, "registration.photo.delete", fmt.Sprint(regID), p, nil)
	})
}

// RegistrationPhoto returns a photo of the application, or ENOTFOUND.
func (s *Store) RegistrationPhoto(ctx context.Context, regID, photoID int64) (*cyltrace.RegistrationPhoto, error) {
	return s.photo(ctx, s.db, regID, photoID)
}

func (s *Store) photo(ctx context.Context, q querier, regID, photoID int64) (*cyltrace.RegistrationPhoto, error) {
	var p cyltrace.RegistrationPhoto
	err := s.queryRow(ctx, q, `SELECT p.id, p.item_id, p.kind, p.sha256, p.format FROM registration_photos p
		JOIN registration_items i ON i.id = p.item_id WHERE p.id = ? AND i.registration_id = ?`, photoID, regID).
		Scan(&p.ID, &p.ItemID, &p.Kind, &p.SHA256, &p.Format)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "照片不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("read photo: %w", err)
	}
	return &p, nil
}

// RegistrationPhotos returns the photos of the given cylinders of one
// application, by item id, in upload order.
func (s *Store) RegistrationPhotos(ctx context.Context, regID int64, itemIDs []int64) (map[int64][]*cyltrace.RegistrationPhoto, error) {
	out := make(map[int64][]*cyltrace.RegistrationPhoto)
	if len(itemIDs) == 0 {
		return out, nil
	}
	args := []any{regID}
	for _, id := range itemIDs {
		args = append(args, id)
	}
	rows, err := s.query(ctx, s.db, `SELECT p.id, p.item_id, p.kind, p.sha256, p.format FROM registration_photos p
		JOIN registration_items i ON i.id = p.item_id WHERE i.registration_id = ? AND p.item_id IN (`+
		placeholders(len(itemIDs))+`) ORDER BY p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list photos: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p cyltrace.RegistrationPhoto
		if err := rows.Scan(&p.ID, &p.ItemID, &p.Kind, &p.SHA256, &p.Format); err != nil {
			return nil, fmt.Errorf("read photo: %w", err)
		}
		out[p.ItemID] = append(out[p.ItemID], &p)
	}
	return out, rows.Err()
}

// RegistrationRejectCount counts the refused rows of the last import.
func (s *Store) RegistrationRejectCount(ctx context.Context, regID int64) (int, error) {
	var n int
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM registration_rejects WHERE registration_id = ?`, regID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count rejects: %w", err)
	}
	return n, nil
}
