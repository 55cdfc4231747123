package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

func testClientsAndTokens(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	unit := mustUnit(t, s, "91500107MA5UG4925L", "500107", cyltrace.KindFilling)
	c := &cyltrace.APIClient{AppKey: "ak_test", UnitID: unit.ID, Role: cyltrace.RoleFilling}
	if err := s.CreateClient(ctx(t), c, "hash-of-secret"); err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.UnitName != unit.Name {
		t.Errorf("created client %+v", c)
	}
	wantCode(t, s.CreateClient(ctx(t), &cyltrace.APIClient{AppKey: "ak_test", UnitID: unit.ID, Role: cyltrace.RoleFilling}, "x"),
		cyltrace.ECONFLICT)
	wantCode(t, s.CreateClient(ctx(t), &cyltrace.APIClient{AppKey: "ak_other", UnitID: 9999, Role: cyltrace.RoleFilling}, "x"),
		cyltrace.ENOTFOUND)

	got, hash, err := s.ClientByAppKey(ctx(t), "ak_test")
	if err != nil || hash != "hash-of-secret" || got.Role != cyltrace.RoleFilling || got.UnitCode != unit.Code {
		t.Fatalf("ClientByAppKey = %+v, %q, %v", got, hash, err)
	}

	if err := s.CreateToken(ctx(t), c.ID, "tok-live", fixedNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx(t), c.ID, "tok-expired", fixedNow.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	byToken, err := s.ClientByToken(ctx(t), "tok-live")
	if err != nil || byToken.ID != c.ID || byToken.UnitName != unit.Name {
		t.Fatalf("ClientByToken(live) = %+v, %v", byToken, err)
	}
	_, err = s.ClientByToken(ctx(t), "tok-expired")
	wantCode(t, err, cyltrace.EUNAUTHORIZED)
	_, err = s.ClientByToken(ctx(t), "tok-unknown")
	wantCode(t, err, cyltrace.EUNAUTHORIZED)

	if err := s.DisableClient(ctx(t), "ak_test"); err != nil {
		t.Fatal(err)
	}
	_, err = s.ClientByToken(ctx(t), "tok-live")
	wantCode(t, err, cyltrace.EUNAUTHORIZED)
	wantCode(t, s.DisableClient(ctx(t), "ak_nobody"), cyltrace.ENOTFOUND)
	list, _ := s.Clients(ctx(t))
	if len(list) != 1 || !list[0].Disabled() {
		t.Errorf("clients after disabling: %+v", list)
	}
}

func testBindTag(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	c := sampleCylinder(1, nil)
	c.TagType, c.InfoCode, c.QRContent = "", "", ""
	mustCylinder(t, s, c)
	other := mustCylinder(t, s, sampleCylinder(2, nil))
	n := 0
	draw := func() (string, error) { n++; return fmt.Sprintf("CQ%016d", 500+n), nil }

	b := &store.Binding{CylinderID: c.ID, TagType: cyltrace.TagQR, QRContent: "https://label.example.cn/a1",
		StampImage: strings.Repeat("a", 64), UnitID: 1, ClientID: 1}
	if err := s.BindTag(ctx(t), b, draw); err != nil {
		t.Fatal(err)
	}
	if b.InfoCode != "CQ0000000000000501" {
		t.Errorf("issued info code %q", b.InfoCode)
	}
	got, err := s.CylinderByQRContent(ctx(t), "https://label.example.cn/a1")
	if err != nil || got.ID != c.ID || got.InfoCode != b.InfoCode || got.TagType != cyltrace.TagQR {
		t.Fatalf("archive after binding: %+v, %v", got, err)
	}

	// Re-binding the same cylinder: same code, new label, history kept.
	b2 := &store.Binding{CylinderID: c.ID, TagType: cyltrace.TagQR, QRContent: "https://label.example.cn/a2",
		StampImage: strings.Repeat("b", 64), UnitID: 1, ClientID: 1}
	if err := s.BindTag(ctx(t), b2, draw); err != nil {
		t.Fatal(err)
	}
	if b2.InfoCode != b.InfoCode {
		t.Errorf("re-binding changed the info code from %s to %s", b.InfoCode, b2.InfoCode)
	}
	if _, err := s.CylinderByQRContent(ctx(t), "https://label.example.cn/a1"); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("the replaced label still resolves: %v", err)
	}
	history, _ := s.Bindings(ctx(t), c.ID)
	if len(history) != 2 || history[0].QRContent != "https://label.example.cn/a2" {
		t.Errorf("binding history = %d entries", len(history))
	}

	// A label bound to another cylinder is a conflict; nothing changes.
	b3 := &store.Binding{CylinderID: c.ID, TagType: cyltrace.TagQR, QRContent: other.QRContent,
		StampImage: strings.Repeat("c", 64), UnitID: 1, ClientID: 1}
	wantCode(t, s.BindTag(ctx(t), b3, draw), cyltrace.ECONFLICT)
	wantCode(t, s.BindTag(ctx(t), &store.Binding{CylinderID: "CY9999999999999999", TagType: cyltrace.TagRFID,
		StampImage: strings.Repeat("d", 64)}, draw), cyltrace.ENOTFOUND)
	if got, _ := s.Cylinder(ctx(t), c.ID); got.QRContent != "https://label.example.cn/a2" {
		t.Errorf("a refused binding changed the archive's label to %q", got.QRContent)
	}
}
