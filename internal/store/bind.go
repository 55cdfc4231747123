package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cyltrace"
)

// Binding is one binding of a physical tag to a cylinder's archive.
type Binding struct {
	CylinderID string
	InfoCode   string // issued at the first binding, kept by later ones
	TagType    string
	QRContent  string
	StampImage string // hex SHA-256 of the steel-stamp photo
	UnitID     int64
	ClientID   int64
	BoundAt    time.Time
}

// BindTag binds a tag to a cylinder: it issues the cylinder's infoCode at the
// first binding (newInfoCode draws one) and keeps it afterwards (one
// cylinder, one code), replaces the archive's tag type and QR content, and
// keeps the earlier binding in the history. It returns ENOTFOUND for an
// unknown cylinder and ECONFLICT when the QR content belongs to another.
func (s *Store) BindTag(ctx context.Context, b *Binding, newInfoCode func() (string, error)) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var info, tagType, qr sql.NullString
		err := s.queryRow(ctx, tx, `SELECT info_code, tag_type, qr_content FROM cylinders WHERE id = ?`, b.CylinderID).
			Scan(&info, &tagType, &qr)
		if errors.Is(err, sql.ErrNoRows) {
			return cyltrace.Errorf(cyltrace.ENOTFOUND, "未找到该气瓶的电子档案")
		}
		if err != nil {
			return fmt.Errorf("read cylinder: %w", err)
		}
		if b.QRContent != "" {
			var other string
			err := s.queryRow(ctx, tx, `SELECT id FROM cylinders WHERE qr_hash = ? AND id <> ?`,
				qrHash(b.QRContent), b.CylinderID).Scan(&other)
			if err == nil {
				return cyltrace.Errorf(cyltrace.ECONFLICT, "该二维码已绑定其他气瓶，一瓶一码，不能重复绑定")
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("check qr content: %w", err)
			}
		}
		b.InfoCode = info.String
		if b.InfoCode == "" {
			if b.InfoCode, err = s.freeInfoCode(ctx, tx, newInfoCode); err != nil {
				return err
			}
		}
		b.BoundAt = s.timestamp()
		if _, err := s.exec(ctx, tx, `UPDATE tag_bindings SET replaced_at = ? WHERE cylinder_id = ? AND replaced_at IS NULL`,
			b.BoundAt, b.CylinderID); err != nil {
			return fmt.Errorf("close earlier binding: %w", err)
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO tag_bindings (cylinder_id, info_code, tag_type, qr_content, stamp_image,
			unit_id, client_id, bound_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, b.CylinderID, b.InfoCode, b.TagType,
			nullString(b.QRContent), b.StampImage, b.UnitID, b.ClientID, b.BoundAt); err != nil {
			return fmt.Errorf("insert binding: %w", err)
		}
		_, err = s.exec(ctx, tx, `UPDATE cylinders SET info_code = ?, tag_type = ?, qr_content = ?, qr_hash = ?, updated_at = ?
			WHERE id = ?`, b.InfoCode, b.TagType, nullString(b.QRContent), qrHash(b.QRContent), b.BoundAt, b.CylinderID)
		if isUniqueViolation(err) {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "该二维码已绑定其他气瓶，一瓶一码，不能重复绑定")
		}
		if err != nil {
			return fmt.Errorf("update archive tag: %w", err)
		}
		return s.audit(ctx, tx, "tag.bind", b.CylinderID,
			map[string]any{"infoCode": info.String, "tagType": tagType.String, "qrContent": qr.String},
			map[string]any{"infoCode": b.InfoCode, "tagType": b.TagType, "qrContent": b.QRContent, "stampImage": b.StampImage})
	})
}

// freeInfoCode draws infoCodes until one is unused. With 80 random bits a
// second draw is already a curiosity; the bound only stops a broken source.
func (s *Store) freeInfoCode(ctx context.Context, q querier, draw func() (string, error)) (string, error) {
	for range 5 {
		code, err := draw()
		if err != nil {
			return "", fmt.Errorf("issue info code: %w", err)
		}
		var n int
		if err := s.queryRow(ctx, q, `SELECT COUNT(*) FROM cylinders WHERE info_code = ?`, code).Scan(&n); err != nil {
			return "", fmt.Errorf("check info code: %w", err)
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", errors.New("issue info code: no free code after 5 draws")
}

// Bindings returns a cylinder's tag bindings, the current one first.
func (s *Store) Bindings(ctx context.Context, cylinderID string) ([]*Binding, error) {
	rows, err := s.query(ctx, s.db, `SELECT cylinder_id, info_code, tag_type, qr_content, stamp_image, unit_id, client_id,
		bound_at FROM tag_bindings WHERE cylinder_id = ? ORDER BY bound_at DESC, id DESC`, cylinderID)
	if err != nil {
		return nil, fmt.Errorf("list bindings: %w", err)
	}
	defer rows.Close()
	var list []*Binding
	for rows.Next() {
		var b Binding
		var qr sql.NullString
		if err := rows.Scan(&b.CylinderID, &b.InfoCode, &b.TagType, &qr, &b.StampImage, &b.UnitID, &b.ClientID,
			&b.BoundAt); err != nil {
			return nil, fmt.Errorf("read binding: %w", err)
		}
		b.QRContent, b.BoundAt = qr.String, b.BoundAt.UTC()
		list = append(list, &b)
	}
	return list, rows.Err()
}
