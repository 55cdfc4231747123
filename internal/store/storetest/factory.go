package storetest

import (
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

func factoryRecord(source, product, trace string) *cyltrace.FactoryRecord {
	return &cyltrace.FactoryRecord{SourceID: source, ProductNumber: product, TraceCode: trace, VarietyCode: "2320",
		MediumCode: "G13", ManufactureDate: "2020-08", NominalPressureMPa: cyltrace.DecimalFromHundredths(210),
		VolumeL: cyltrace.DecimalFromHundredths(3550), SupervisionCertNo: "JJ-" + product,
		TraceURL: "https://maker.example.cn/t/" + product}
}

// submitFactory stamps the records as the API does for the maker and submits them.
func submitFactory(t *testing.T, s *store.Store, maker *cyltrace.Unit, recs ...*cyltrace.FactoryRecord) []store.Outcome {
	t.Helper()
	for _, f := range recs {
		f.UnitID, f.ClientID, f.MakerName = maker.ID, 1, maker.Name
	}
	out, err := s.SubmitFactory(ctx(t), recs)
	if err != nil {
		t.Fatalf("submit factory: %v", err)
	}
	return out
}

func testFactory(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	maker := mustUnit(t, s, "91500000MA5U00011X", "500113", cyltrace.KindManufacturer)
	maker.Name = "重庆恒祥石油液化气钢瓶制造有限公司"
	if err := s.UpdateUnit(ctx(t), maker); err != nil {
		t.Fatal(err)
	}
	other := mustUnit(t, s, "91500000MA5U00020X", "500113", cyltrace.KindManufacturer)

	out := submitFactory(t, s, maker, factoryRecord("F1", "A100001", "101200000001"), factoryRecord("F2", "A100002", ""))
	if out[0].Status != store.Accepted || out[1].Status != store.Accepted {
		t.Fatalf("good records: %+v", out)
	}
	again := submitFactory(t, s, maker, factoryRecord("F1", "A100001", "101200000001"),
		factoryRecord("F3", "A100001", ""))
	if again[0].Status != store.Duplicate || again[0].RecordID != out[0].RecordID {
		t.Errorf("resent sourceId: %+v", again[0])
	}
	if again[1].Status != store.Conflict || !strings.Contains(again[1].Message, "A100001") {
		t.Errorf("same product under another sourceId: %+v", again[1])
	}
	reuse := submitFactory(t, s, other, factoryRecord("G1", "B9", "101200000001"))
	if reuse[0].Status != store.Conflict || !strings.Contains(reuse[0].Message, "101200000001") {
		t.Errorf("a traceCode issued twice: %+v", reuse[0])
	}

	// The cross-check at import: one matched, one mismatched, one unknown.
	p := newRegPeople(t, s)
	r := sampleRegistration(p.unit)
	if err := s.CreateRegistration(ctx(t), r, p.applicant); err != nil {
		t.Fatal(err)
	}
	byTrace := regRow(2, 1, p.unit)
	byTrace.Cylinder.ProductNumber, byTrace.Cylinder.Manufacturer = "101200000001", maker.Name
	byTrace.Cylinder.VarietyCode = "2310" // the factory data say 2320: a matched row takes them
	wrong := regRow(3, 2, p.unit)
	wrong.Cylinder.ProductNumber, wrong.Cylinder.Manufacturer = "A100002", maker.Name
	wrong.Cylinder.VolumeL = cyltrace.DecimalFromHundredths(5000)
	unknown := regRow(4, 3, p.unit)
	unknown.Cylinder.ProductNumber, unknown.Cylinder.Manufacturer = "Z1", "某未发布出厂信息的制造单位"
	res := importRows(t, s, r.ID, p.applicant, byTrace, wrong, unknown)
	if res.Imported != 2 || res.Refused != 1 || res.Matched != 1 || res.NotFound != 1 {
		t.Fatalf("import with the cross-check: %+v", res)
	}
	rejects, _ := s.RegistrationRejects(ctx(t), r.ID)
	if len(rejects) != 1 || !strings.Contains(rejects[0].Reasons[0], "容积应为 35.50") {
		t.Errorf("mismatch reason: %+v", rejects)
	}
	items := regItems(t, s, r.ID)
	if items[0].FactoryCheck != cyltrace.FactoryMatched || items[1].FactoryCheck != cyltrace.FactoryNotFound {
		t.Errorf("marks: %q %q", items[0].FactoryCheck, items[1].FactoryCheck)
	}
	addPhotos(t, s, r.ID, p.applicant, items...)
	if err := s.SubmitRegistration(ctx(t), r.ID, p.applicant); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := s.ReviewItem(ctx(t), r.ID, it.ID, cyltrace.ReviewCorrect, "", p.acceptor); err != nil {
			t.Fatal(err)
		}
	}
	for _, err := range []error{s.AcceptRegistration(ctx(t), r.ID, "", p.acceptor), s.ReviewRegistration(ctx(t), r.ID, "", p.reviewer),
		s.ApproveRegistration(ctx(t), r.ID, "", cyltrace.DefaultCertTemplate, p.approver)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.CylinderByTriple(ctx(t), maker.Name, "101200000001", "2020-08")
	if err != nil {
		t.Fatalf("registered cylinder: %v", err)
	}
	if c.VarietyCode != "2320" || c.VolumeL.String() != "35.50" {
		t.Errorf("a cylinder registered against factory data does not carry them: %+v", c)
	}
	f, err := s.FactoryFor(ctx(t), c)
	if err != nil || f == nil || f.SupervisionCertNo != "JJ-A100001" || f.TraceURL == "" {
		t.Errorf("FactoryFor the registered cylinder: %+v %v", f, err)
	}
	if linked, err := s.FactoryOf(ctx(t), c.ID); err != nil || linked == nil || linked.ID != f.ID {
		t.Errorf("the registered archive is not linked to its factory data: %+v %v", linked, err)
	}
	rows, total, err := s.FactoryRecords(ctx(t), maker.ID, 10, 0)
	if err != nil || total != 2 {
		t.Fatalf("maker's records: %d %v", total, err)
	}
	registered := 0
	for _, row := range rows {
		if row.CylinderID != "" {
			registered++
			if row.CertNumber == "" || row.RegionCode != p.unit.RegionCode {
				t.Errorf("where registered: %+v", row)
			}
		}
	}
	if registered != 1 {
		t.Errorf("the maker sees %d of its cylinders registered, want 1", registered)
	}
	cov, err := s.MakerCoverages(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range cov {
		if m.UnitID == maker.ID && (m.Records != 2 || m.Cylinders != 1 || m.WithData != 1) {
			t.Errorf("coverage of the maker: %+v", m)
		}
	}

	testRecallNoFactory(t, s, maker)
}

// testRecallNoFactory: a gas cylinder made from 2021-01 without factory
// data and without a permanent mark is a recall candidate of the second
// kind until its maker publishes its data.
func testRecallNoFactory(t *testing.T, s *store.Store, maker *cyltrace.Unit) {
	bare := sampleCylinder(600, nil)
	bare.Manufacturer, bare.ManufactureDate, bare.RegistrationDate = maker.Name, "2021-03", "2021-04-01"
	bare.TagType, bare.InfoCode, bare.QRContent = "", "", ""
	mustCylinder(t, s, bare)
	marked := sampleCylinder(601, nil)
	marked.Manufacturer, marked.ManufactureDate, marked.RegistrationDate = maker.Name, "2021-03", "2021-04-01"
	mustCylinder(t, s, marked) // it has a QR code: a permanent mark
	candidates := func() []string {
		rows, err := s.RecallCandidates(ctx(t), store.SupervisionFilter{}, store.RecallNoFactory, maker.Name)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rows {
			ids = append(ids, r.CylinderID)
		}
		return ids
	}
	if got := candidates(); len(got) != 1 || got[0] != bare.ID {
		t.Fatalf("candidates without factory data: %v, want only %s", got, bare.ID)
	}
	f := factoryRecord("F-600", bare.ProductNumber, "")
	f.ManufactureDate = "2021-03"
	if out := submitFactory(t, s, maker, f); out[0].Status != store.Accepted {
		t.Fatal(out)
	}
	if got := candidates(); len(got) != 0 {
		t.Errorf("still a candidate after its maker published its data: %v", got)
	}
	// An archive created after its maker published is linked at creation.
	early := factoryRecord("F-602", "LATE-1", "")
	early.ManufactureDate = "2021-03"
	submitFactory(t, s, maker, early)
	late := sampleCylinder(602, nil)
	late.Manufacturer, late.ProductNumber, late.ManufactureDate, late.RegistrationDate = maker.Name, "LATE-1", "2021-03", "2021-04-01"
	late.TagType, late.InfoCode, late.QRContent = "", "", ""
	mustCylinder(t, s, late)
	if got := candidates(); len(got) != 0 {
		t.Errorf("an archive created after its factory data is a candidate: %v", got)
	}
}
