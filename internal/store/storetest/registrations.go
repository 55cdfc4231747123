package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

// regPeople are the accounts of one registration: the unit's user and the
// district's three roles, each a different person, plus one who holds all
// three roles (to show a second person is required) and one of another
// district.
type regPeople struct {
	unit                         *cyltrace.Unit
	applicant                    *cyltrace.User
	acceptor, reviewer, approver *cyltrace.User
	allRoles, otherDistrict      *cyltrace.User
}

func staff(t *testing.T, s *store.Store, name, region string, roles ...cyltrace.UserRole) *cyltrace.User {
	t.Helper()
	u := &cyltrace.User{Username: name, DisplayName: name, RegionCode: region, Roles: roles}
	// The hash is never verified here: the suite tests the workflow, not logins.
	if err := s.CreateUser(ctx(t), u, "unused-hash"); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func newRegPeople(t *testing.T, s *store.Store) regPeople {
	unit := mustUnit(t, s, "91500107MA5UG4925L", "500107", cyltrace.KindUsing, cyltrace.KindFilling)
	applicant := &cyltrace.User{Username: unit.Code, DisplayName: "经办人老刘", UnitID: unit.ID,
		Roles: []cyltrace.UserRole{cyltrace.UnitUser}}
	if err := s.CreateUser(ctx(t), applicant, "unused-hash"); err != nil {
		t.Fatal(err)
	}
	return regPeople{
		unit: unit, applicant: applicant,
		acceptor:      staff(t, s, "jlp-accept", "500107", cyltrace.DistrictAcceptor),
		reviewer:      staff(t, s, "jlp-review", "500107", cyltrace.DistrictReviewer),
		approver:      staff(t, s, "jlp-approve", "500107", cyltrace.DistrictApprover),
		allRoles:      staff(t, s, "jlp-all", "500107", cyltrace.DistrictAcceptor, cyltrace.DistrictReviewer, cyltrace.DistrictApprover),
		otherDistrict: staff(t, s, "yz-all", "500103", cyltrace.DistrictAcceptor, cyltrace.DistrictReviewer, cyltrace.DistrictApprover),
	}
}

func sampleRegistration(unit *cyltrace.Unit) *cyltrace.Registration {
	return &cyltrace.Registration{
		UnitName: unit.Name, UnitCode: unit.Code, LegalRep: "高仲", Phone: "023-62765799", Postcode: "400039",
		DeptName: "安全管理部", RegionCode: unit.RegionCode, Address: "建胜镇建桥大道 1 号",
		ManagerName: "王乐乐", ManagerMobile: "13110150747", ManagerPhone: "13110150747",
		HandlerName: "老刘", HandlerMobile: "15117067203", HandlerPhone: "023-62765799",
	}
}

// importRows imports the rows into the application and fails the test on error.
func importRows(t *testing.T, s *store.Store, regID int64, by *cyltrace.User, rows ...store.ImportRow) store.ImportResult {
	t.Helper()
	res, err := s.ImportRegistration(ctx(t), regID, by, func(add func(store.ImportRow) error) error {
		for _, r := range rows {
			if err := add(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res
}

func regRow(line, n int, unit *cyltrace.Unit) store.ImportRow {
	c := sampleCylinder(n, unit)
	c.InfoCode, c.RegistrationCertNumber, c.RegistrationDate, c.RegistrationAuthority = "", "", "", ""
	c.RegionCode = unit.RegionCode
	return store.ImportRow{Line: line, Cylinder: *c}
}

func addPhotos(t *testing.T, s *store.Store, regID int64, by *cyltrace.User, items ...*cyltrace.RegistrationItem) {
	t.Helper()
	for _, it := range items {
		for i, kind := range []string{cyltrace.PhotoStamp, cyltrace.PhotoCertificate} {
			p := &cyltrace.RegistrationPhoto{Kind: kind, SHA256: fmt.Sprintf("%062d%02d", it.ID, i), Format: "jpeg"}
			if err := s.AddRegistrationPhoto(ctx(t), regID, it.ID, p, by); err != nil {
				t.Fatalf("photo: %v", err)
			}
		}
	}
}

func regItems(t *testing.T, s *store.Store, regID int64) []*cyltrace.RegistrationItem {
	t.Helper()
	items, _, err := s.RegistrationItems(ctx(t), store.ItemFilter{RegistrationID: regID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// submitted creates an application with the given rows, all with photos,
// and submits it.
func submitted(t *testing.T, s *store.Store, p regPeople, rows ...store.ImportRow) *cyltrace.Registration {
	t.Helper()
	r := sampleRegistration(p.unit)
	if err := s.CreateRegistration(ctx(t), r, p.applicant); err != nil {
		t.Fatal(err)
	}
	importRows(t, s, r.ID, p.applicant, rows...)
	addPhotos(t, s, r.ID, p.applicant, regItems(t, s, r.ID)...)
	if err := s.SubmitRegistration(ctx(t), r.ID, p.applicant); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return r
}

func testRegistrationFlow(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	p := newRegPeople(t, s)
	archived := mustCylinder(t, s, sampleCylinder(900, p.unit))

	r := sampleRegistration(p.unit)
	if err := s.CreateRegistration(ctx(t), r, p.applicant); err != nil {
		t.Fatal(err)
	}
	if r.State != cyltrace.RegDraft {
		t.Fatalf("new application state %q", r.State)
	}
	bad := regRow(5, 3, p.unit)
	bad.Reasons = []string{"容积最多两位小数"}
	dupArchive := regRow(6, 4, p.unit)
	dupArchive.Cylinder.Manufacturer, dupArchive.Cylinder.ProductNumber, dupArchive.Cylinder.ManufactureDate =
		archived.Manufacturer, archived.ProductNumber, archived.ManufactureDate
	res := importRows(t, s, r.ID, p.applicant, regRow(2, 1, p.unit), regRow(3, 2, p.unit), regRow(4, 1, p.unit), bad, dupArchive)
	if res.Imported != 2 || res.Refused != 3 {
		t.Fatalf("import = %+v, want 2 imported and 3 refused (bad row, duplicate in file, duplicate of archive)", res)
	}
	rejects, err := s.RegistrationRejects(ctx(t), r.ID)
	if err != nil || len(rejects) != 3 {
		t.Fatalf("rejects = %v, %v", rejects, err)
	}
	if !strings.Contains(rejects[0].Reasons[0], "本申请中重复") || !strings.Contains(rejects[2].Reasons[0], "已登记") {
		t.Errorf("duplicate reasons: %q / %q", rejects[0].Reasons, rejects[2].Reasons)
	}

	// Submitting needs the photos of every cylinder.
	wantCode(t, s.SubmitRegistration(ctx(t), r.ID, p.applicant), cyltrace.ECONFLICT)
	items := regItems(t, s, r.ID)
	addPhotos(t, s, r.ID, p.applicant, items...)
	for i := 0; i < 3; i++ { // up to four photos a cylinder: the third and fourth go in, the fifth does not
		photo := &cyltrace.RegistrationPhoto{Kind: cyltrace.PhotoStamp, SHA256: fmt.Sprintf("%064d", 700+i), Format: "png"}
		err := s.AddRegistrationPhoto(ctx(t), r.ID, items[0].ID, photo, p.applicant)
		if i < 2 && err != nil {
			t.Fatalf("photo %d: %v", i+3, err)
		}
		if i == 2 {
			wantCode(t, err, cyltrace.ECONFLICT)
		}
	}
	same := &cyltrace.RegistrationPhoto{Kind: cyltrace.PhotoStamp, SHA256: fmt.Sprintf("%062d%02d", items[1].ID, 0), Format: "jpeg"}
	wantCode(t, s.AddRegistrationPhoto(ctx(t), r.ID, items[1].ID, same, p.applicant), cyltrace.ECONFLICT)
	wantCode(t, s.AddRegistrationPhoto(ctx(t), r.ID, items[1].ID, &cyltrace.RegistrationPhoto{Kind: "x", SHA256: "y"}, p.applicant), cyltrace.EINVALID)
	if without, n, _ := s.RegistrationItems(ctx(t), store.ItemFilter{RegistrationID: r.ID, Photos: "no"}); n != 0 {
		t.Fatalf("items without photos: %d %v", n, without)
	}
	if err := s.SubmitRegistration(ctx(t), r.ID, p.applicant); err != nil {
		t.Fatalf("submit: %v", err)
	}
	wantCode(t, s.UpdateRegistration(ctx(t), r, p.applicant), cyltrace.ECONFLICT) // no edits after submission

	// 审核附件 and 受理: the second cylinder's photos are wrong.
	wantCode(t, s.AcceptRegistration(ctx(t), r.ID, "", p.acceptor), cyltrace.ECONFLICT) // not reviewed yet
	wantCode(t, s.ReviewItem(ctx(t), r.ID, items[0].ID, cyltrace.ReviewCorrect, "", p.otherDistrict), cyltrace.EFORBIDDEN)
	if err := s.ReviewItem(ctx(t), r.ID, items[0].ID, cyltrace.ReviewCorrect, "", p.allRoles); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewItem(ctx(t), r.ID, items[1].ID, cyltrace.ReviewWrong, "钢印照片模糊", p.allRoles); err != nil {
		t.Fatal(err)
	}
	counts, _ := s.RegistrationReviewCounts(ctx(t), r.ID)
	if counts != (store.ReviewCounts{Total: 2, Reviewed: 2, Passed: 1, Failed: 1}) {
		t.Errorf("review counts %+v", counts)
	}
	wantCode(t, s.AcceptRegistration(ctx(t), r.ID, "", p.reviewer), cyltrace.EFORBIDDEN) // not an acceptor
	if err := s.AcceptRegistration(ctx(t), r.ID, "资料齐全，予以受理", p.allRoles); err != nil {
		t.Fatalf("accept: %v", err)
	}
	// A second person for each step: whoever accepted may not review or approve.
	wantCode(t, s.ReviewRegistration(ctx(t), r.ID, "", p.allRoles), cyltrace.EFORBIDDEN)
	wantCode(t, s.ReviewRegistration(ctx(t), r.ID, "", p.otherDistrict), cyltrace.EFORBIDDEN)
	if err := s.ReviewRegistration(ctx(t), r.ID, "同意", p.reviewer); err != nil {
		t.Fatalf("review: %v", err)
	}
	wantCode(t, s.ApproveRegistration(ctx(t), r.ID, "", cyltrace.DefaultCertTemplate, p.allRoles), cyltrace.EFORBIDDEN)
	if err := s.ApproveRegistration(ctx(t), r.ID, "准予登记", cyltrace.DefaultCertTemplate, p.approver); err != nil {
		t.Fatalf("approve: %v", err)
	}

	got, _ := s.Registration(ctx(t), r.ID)
	if got.State != cyltrace.RegApproved || got.CertNumber != "瓶32渝A1(26)" {
		t.Fatalf("approved application: state %q cert %q", got.State, got.CertNumber)
	}
	accepted, err := s.CylinderByTriple(ctx(t), items[0].Cylinder.Manufacturer, items[0].Cylinder.ProductNumber, items[0].Cylinder.ManufactureDate)
	if err != nil {
		t.Fatalf("accepted cylinder not in the archive: %v", err)
	}
	if accepted.Status != cyltrace.StatusInUse || accepted.RegistrationCertNumber != got.CertNumber ||
		accepted.RegistrationDate != "2026-11-25" || accepted.RegistrationAuthority != "重庆市九龙坡区市场监督管理局" ||
		accepted.UseUnitID != p.unit.ID || !cyltrace.ValidInfoCode(accepted.InfoCode) {
		t.Errorf("registered archive: %+v", accepted)
	}
	_, err = s.CylinderByTriple(ctx(t), items[1].Cylinder.Manufacturer, items[1].Cylinder.ProductNumber, items[1].Cylinder.ManufactureDate)
	wantCode(t, err, cyltrace.ENOTFOUND) // the refused one is not in the archive

	steps, _ := s.RegistrationSteps(ctx(t), r.ID)
	var actions []string
	for _, st := range steps {
		actions = append(actions, st.Action+"/"+st.UserName)
	}
	want := "创建/经办人老刘 导入/经办人老刘 提交/经办人老刘 受理/jlp-all 审核/jlp-review 审批/jlp-approve 证书生成/jlp-approve"
	if strings.Join(actions, " ") != want {
		t.Errorf("流转详情 = %v\nwant %s", actions, want)
	}

	// A later application of the unit adds cylinders under the same
	// certificate; the cylinder left out may be applied for again.
	again := items[1].Cylinder
	r2 := submitted(t, s, p, store.ImportRow{Line: 2, Cylinder: again})
	items2 := regItems(t, s, r2.ID)
	if err := s.ReviewItem(ctx(t), r2.ID, items2[0].ID, cyltrace.ReviewCorrect, "", p.acceptor); err != nil {
		t.Fatal(err)
	}
	for _, step := range []error{
		s.AcceptRegistration(ctx(t), r2.ID, "", p.acceptor),
		s.ReviewRegistration(ctx(t), r2.ID, "", p.reviewer),
		s.ApproveRegistration(ctx(t), r2.ID, "", cyltrace.DefaultCertTemplate, p.approver),
	} {
		if step != nil {
			t.Fatalf("second application: %v", step)
		}
	}
	cert, cyls, err := s.CertificateOf(ctx(t), r2.ID)
	if err != nil || cert.Number != got.CertNumber || len(cyls) != 2 {
		t.Fatalf("certificate of the second application: %+v, %d cylinders, %v", cert, len(cyls), err)
	}
}

func testRegistrationReject(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	p := newRegPeople(t, s)
	r := submitted(t, s, p, regRow(2, 1, p.unit), regRow(3, 2, p.unit))

	// The same cylinder cannot be in two open applications.
	r2 := sampleRegistration(p.unit)
	if err := s.CreateRegistration(ctx(t), r2, p.applicant); err != nil {
		t.Fatal(err)
	}
	if res := importRows(t, s, r2.ID, p.applicant, regRow(2, 1, p.unit)); res.Refused != 1 {
		t.Fatalf("duplicate of an open application imported: %+v", res)
	}

	wantCode(t, s.RejectRegistration(ctx(t), r.ID, "", p.acceptor), cyltrace.EINVALID) // an opinion is required
	wantCode(t, s.RejectRegistration(ctx(t), r.ID, "照片不全", p.otherDistrict), cyltrace.EFORBIDDEN)
	wantCode(t, s.RejectRegistration(ctx(t), r.ID, "照片不全", p.reviewer), cyltrace.EFORBIDDEN) // not the reviewer's step yet
	if err := s.RejectRegistration(ctx(t), r.ID, "照片与气瓶不符", p.acceptor); err != nil {
		t.Fatalf("reject: %v", err)
	}
	got, _ := s.Registration(ctx(t), r.ID)
	if got.State != cyltrace.RegRejected {
		t.Fatalf("state after 驳回 = %q", got.State)
	}
	for _, step := range []error{
		s.AcceptRegistration(ctx(t), r.ID, "", p.acceptor),
		s.ReviewRegistration(ctx(t), r.ID, "", p.reviewer),
		s.ApproveRegistration(ctx(t), r.ID, "", cyltrace.DefaultCertTemplate, p.approver),
	} {
		wantCode(t, step, cyltrace.ECONFLICT)
	}
	if n, _ := s.CountCylinders(ctx(t)); n[cyltrace.StatusInUse] != 0 {
		t.Errorf("a voided batch put cylinders in the archive: %v", n)
	}
	// Voiding frees the triples for a new application.
	if res := importRows(t, s, r2.ID, p.applicant, regRow(3, 1, p.unit)); res.Imported != 1 {
		t.Fatalf("triple of a voided application still held: %+v", res)
	}
	// The unit-name filter takes % and _ literally.
	for text, want := range map[string]int{"测试单位": 1, "%": 0, "_": 0} {
		if _, n, err := s.Registrations(ctx(t), store.RegistrationFilter{UnitName: text}); err != nil || n != want {
			t.Errorf("unit name filter %q: %d applications (%v), want %d", text, n, err, want)
		}
	}
	if store.MayView(got, p.otherDistrict) || !store.MayView(got, p.acceptor) || !store.MayView(got, p.applicant) {
		t.Error("MayView: only the unit and its district's staff may open an application")
	}
}

// testRegistrationAtomic shows that an import that fails half-way, and an
// approval that fails half-way, leave the application as it was.
func testRegistrationAtomic(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	p := newRegPeople(t, s)
	r := sampleRegistration(p.unit)
	if err := s.CreateRegistration(ctx(t), r, p.applicant); err != nil {
		t.Fatal(err)
	}
	crash := errors.New("crash")
	_, err := s.ImportRegistration(ctx(t), r.ID, p.applicant, func(add func(store.ImportRow) error) error {
		if err := add(regRow(2, 1, p.unit)); err != nil {
			return err
		}
		return crash
	})
	if !errors.Is(err, crash) {
		t.Fatalf("import error = %v", err)
	}
	if items := regItems(t, s, r.ID); len(items) != 0 {
		t.Fatalf("a failed import left %d items", len(items))
	}

	// An approval that cannot register one cylinder (its QR code was taken
	// meanwhile) registers none and stays 待审批.
	r2 := submitted(t, s, p, regRow(2, 10, p.unit), regRow(3, 11, p.unit))
	items := regItems(t, s, r2.ID)
	taken := sampleCylinder(500, p.unit)
	taken.QRContent = items[1].Cylinder.QRContent
	mustCylinder(t, s, taken)
	for _, it := range items {
		if err := s.ReviewItem(ctx(t), r2.ID, it.ID, cyltrace.ReviewCorrect, "", p.acceptor); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AcceptRegistration(ctx(t), r2.ID, "", p.acceptor); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewRegistration(ctx(t), r2.ID, "", p.reviewer); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ApproveRegistration(ctx(t), r2.ID, "", cyltrace.DefaultCertTemplate, p.approver), cyltrace.ECONFLICT)
	got, _ := s.Registration(ctx(t), r2.ID)
	if got.State != cyltrace.RegReviewed || got.CertNumber != "" {
		t.Errorf("after a failed approval: state %q cert %q", got.State, got.CertNumber)
	}
	if _, err := s.CylinderByTriple(ctx(t), items[0].Cylinder.Manufacturer, items[0].Cylinder.ProductNumber,
		items[0].Cylinder.ManufactureDate); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("a failed approval registered a cylinder: %v", err)
	}
	steps, _ := s.RegistrationSteps(ctx(t), r2.ID)
	if last := steps[len(steps)-1].Action; last != "审核" {
		t.Errorf("last step after a failed approval = %s", last)
	}
}
