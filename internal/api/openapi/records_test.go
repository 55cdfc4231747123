package openapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"cyltrace"
)

// These tests marshal the Go types the handlers use and validate the JSON
// against the document's schemas, so that the Go types and the document
// cannot drift apart. Where a case is a shape rule (format, length, code
// table) both the domain's Validate and the schema must agree on it; rules
// that need a clock or another field's value (a date in the future, dates
// out of order) are the domain's alone.

var now = time.Date(2024, 5, 1, 10, 0, 0, 0, cyltrace.CST)

// validator is a record the domain validates.
type validator interface{ Validate(time.Time) error }

// visit validates v's JSON against the component schema called name.
func visit(t *testing.T, doc *openapi3.T, name string, v any) error {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	var value any
	if err := json.Unmarshal(b, &value); err != nil {
		t.Fatal(err)
	}
	return doc.Components.Schemas[name].Value.VisitJSON(value, openapi3.VisitAsResponse(), openapi3.MultiErrors())
}

// agree checks that the domain and the schema both accept v, or both refuse it.
func agree(t *testing.T, doc *openapi3.T, name, what string, v validator, wantValid bool) {
	t.Helper()
	domainErr := v.Validate(now)
	schemaErr := visit(t, doc, name, v)
	switch {
	case wantValid && domainErr != nil:
		t.Errorf("%s: the test case is not valid for the domain: %v", what, domainErr)
	case wantValid && schemaErr != nil:
		t.Errorf("%s: valid for the domain, refused by schema %s: %v", what, name, schemaErr)
	case !wantValid && domainErr == nil:
		t.Errorf("%s: the test case is valid for the domain", what)
	case !wantValid && schemaErr == nil:
		t.Errorf("%s: refused by the domain (%v), accepted by schema %s", what, domainErr, name)
	}
}

func validCylinder() cyltrace.Cylinder {
	return cyltrace.Cylinder{
		ID:                     "CY0RZ8X4T6M2K9P3QW",
		UseUnitName:            "重庆玉灵燃气有限公司",
		RegionCode:             "500112",
		VarietyCode:            "2320",
		ProductNumber:          "101200000417",
		MediumCode:             "G13",
		Manufacturer:           "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate:        "2020-08",
		NominalPressureMPa:     cyltrace.DecimalFromHundredths(210),
		VolumeL:                cyltrace.DecimalFromHundredths(3550),
		LastInspectionDate:     "2021-08-10",
		NextInspectionDate:     "2025-08",
		UnitInternalNumber:     "YL-000417",
		Status:                 cyltrace.StatusInUse,
		TagType:                cyltrace.TagQR,
		InfoCode:               "CQ7H3K9M2P4R6T8V0W",
		QRContent:              "https://trace.example.cn/q/CQ7H3K9M2P4R6T8V0W",
		RegistrationCertNumber: "瓶渝A00001(21)",
		RegistrationDate:       "2021-01-01",
		RegistrationAuthority:  "重庆市渝北区市场监督管理局",
		UseUnitID:              7,
		CreatedAt:              now,
		UpdatedAt:              now,
	}
}

func TestCylinderJSONMatchesSchema(t *testing.T) {
	doc := load(t)
	edit := func(f func(*cyltrace.Cylinder)) *cyltrace.Cylinder {
		c := validCylinder()
		f(&c)
		return &c
	}
	for _, c := range []struct {
		what  string
		c     *cyltrace.Cylinder
		valid bool
	}{
		{"filled", edit(func(*cyltrace.Cylinder) {}), true},
		{"not bound, not registered", edit(func(c *cyltrace.Cylinder) {
			c.TagType, c.InfoCode, c.QRContent = "", "", ""
			c.RegistrationCertNumber, c.RegistrationDate, c.RegistrationAuthority = "", "", ""
			c.LastInspectionDate, c.UnitInternalNumber = "", ""
		}), true},
		{"RFID tag without URL", edit(func(c *cyltrace.Cylinder) { c.TagType, c.QRContent = cyltrace.TagRFID, "" }), true},
		{"longest texts", edit(func(c *cyltrace.Cylinder) {
			c.UseUnitName = strings.Repeat("气", 100)
			c.Manufacturer = strings.Repeat("瓶", 100)
			c.ProductNumber = strings.Repeat("号", 50)
			c.UnitInternalNumber = strings.Repeat("内", 50)
			c.RegistrationCertNumber = strings.Repeat("证", 50)
			c.RegistrationAuthority = strings.Repeat("局", 200)
			c.QRContent = "https://trace.example.cn/" + strings.Repeat("q", 1000-25)
		}), true},
		{"largest decimals", edit(func(c *cyltrace.Cylinder) {
			c.NominalPressureMPa = cyltrace.DecimalFromHundredths(cyltrace.MaxDecimalHundredths)
			c.VolumeL = cyltrace.DecimalFromHundredths(1)
		}), true},
		{"special variety, G20", edit(func(c *cyltrace.Cylinder) { c.VarietyCode, c.MediumCode = "23T0", "G20" }), true},
		{"scrapped", edit(func(c *cyltrace.Cylinder) { c.Status = cyltrace.StatusScrapped }), true},

		{"unknown region", edit(func(c *cyltrace.Cylinder) { c.RegionCode = "500100" }), false},
		{"unknown variety", edit(func(c *cyltrace.Cylinder) { c.VarietyCode = "2330" }), false},
		{"unknown medium", edit(func(c *cyltrace.Cylinder) { c.MediumCode = "G21" }), false},
		{"medium by name", edit(func(c *cyltrace.Cylinder) { c.MediumCode = "液化石油气" }), false},
		{"unknown status", edit(func(c *cyltrace.Cylinder) { c.Status = "在役" }), false},
		{"tag type with a space", edit(func(c *cyltrace.Cylinder) { c.TagType = "RFID 标签" }), false},
		{"manufactureDate a day", edit(func(c *cyltrace.Cylinder) { c.ManufactureDate = "2020-08-10" }), false},
		{"manufactureDate month 13", edit(func(c *cyltrace.Cylinder) { c.ManufactureDate = "2020-13" }), false},
		{"nextInspectionDate a day", edit(func(c *cyltrace.Cylinder) { c.NextInspectionDate = "2025-08-31" }), false},
		{"nextInspectionDate empty", edit(func(c *cyltrace.Cylinder) { c.NextInspectionDate = "" }), false},
		{"lastInspectionDate with slashes", edit(func(c *cyltrace.Cylinder) { c.LastInspectionDate = "2021/08/10" }), false},
		{"registrationDate a month", edit(func(c *cyltrace.Cylinder) { c.RegistrationDate = "2021-01" }), false},
		{"id with an I", edit(func(c *cyltrace.Cylinder) { c.ID = "CY0RZ8X4T6M2K9P3QI" }), false},
		{"infoCode short", edit(func(c *cyltrace.Cylinder) { c.InfoCode = "CQ123" }), false},
		{"useUnitName 101 characters", edit(func(c *cyltrace.Cylinder) { c.UseUnitName = strings.Repeat("气", 101) }), false},
		{"registrationAuthority 201 characters", edit(func(c *cyltrace.Cylinder) { c.RegistrationAuthority = strings.Repeat("局", 201) }), false},
		{"qrContent 1001 characters", edit(func(c *cyltrace.Cylinder) {
			c.QRContent = "https://trace.example.cn/" + strings.Repeat("q", 1001-25)
		}), false},
		{"no useUnitName", edit(func(c *cyltrace.Cylinder) { c.UseUnitName = "" }), false},
	} {
		agree(t, doc, "Cylinder", c.what, c.c, c.valid)
	}
	for _, r := range cyltrace.Regions() {
		agree(t, doc, "Cylinder", "region "+r.Code, edit(func(c *cyltrace.Cylinder) {
			c.RegionCode, c.RegistrationAuthority = r.Code, r.Authority
		}), true)
	}
	for _, m := range cyltrace.Media() {
		agree(t, doc, "Cylinder", "medium "+m.Code, edit(func(c *cyltrace.Cylinder) { c.MediumCode = m.Code }), true)
	}
}

// An archive read back from a store may lack the decimals (null) and every
// optional text (""): the query response's shape for such a cylinder.
func TestSparseCylinderMatchesSchema(t *testing.T) {
	doc := load(t)
	c := validCylinder()
	c.NominalPressureMPa, c.VolumeL = cyltrace.Decimal{}, cyltrace.Decimal{}
	c.TagType, c.InfoCode, c.QRContent = "", "", ""
	if err := visit(t, doc, "Cylinder", &c); err != nil {
		t.Errorf("a cylinder without decimals and tag: %v", err)
	}
	b, _ := json.Marshal(&c)
	if !strings.Contains(string(b), `"volumeL":null`) {
		t.Fatalf("the test assumes an unset Decimal marshals as null: %s", b)
	}
}

func TestCylinderSchemaRefusesDrift(t *testing.T) {
	doc := load(t)
	b, _ := json.Marshal(validCylinder())
	for _, c := range []struct{ what, old, new string }{
		{"an undocumented field", `"id":`, `"useUnitId":7,"id":`},
		{"a missing field", `"unitInternalNumber":"YL-000417",`, ``},
		{"a decimal as a string", `"volumeL":35.50`, `"volumeL":"35.50"`},
		{"a zero volume", `"volumeL":35.50`, `"volumeL":0`},
	} {
		s := strings.Replace(string(b), c.old, c.new, 1)
		if s == string(b) {
			t.Fatalf("%s: %q not in %s", c.what, c.old, b)
		}
		var value any
		if err := json.Unmarshal([]byte(s), &value); err != nil {
			t.Fatal(err)
		}
		if err := doc.Components.Schemas["Cylinder"].Value.VisitJSON(value); err == nil {
			t.Errorf("%s: the schema accepts %s", c.what, s)
		}
	}
}

func TestFillingJSONMatchesSchema(t *testing.T) {
	doc := load(t)
	edit := func(f func(*cyltrace.Filling)) *cyltrace.Filling {
		r := &cyltrace.Filling{
			SourceID:        "F-20240430-0001",
			CylinderID:      "CY0RZ8X4T6M2K9P3QW",
			MediumCode:      "G13",
			Filler:          "张三",
			FillingDate:     "2024-04-30",
			FillingUnitName: "重庆玉灵燃气有限公司",
			FillingTime:     "2024-04-30 09:30:00",
		}
		f(r)
		return r
	}
	for _, c := range []struct {
		what  string
		r     *cyltrace.Filling
		valid bool
	}{
		{"filled", edit(func(*cyltrace.Filling) {}), true},
		{"by infoCode, no time", edit(func(r *cyltrace.Filling) { r.CylinderID, r.InfoCode, r.FillingTime = "", "CQ7H3K9M2P4R6T8V0W", "" }), true},
		{"both references", edit(func(r *cyltrace.Filling) { r.InfoCode = "CQ7H3K9M2P4R6T8V0W" }), true},
		{"longest", edit(func(r *cyltrace.Filling) {
			r.SourceID = strings.Repeat("~", 64)
			r.Filler = strings.Repeat("张", 10)
			r.FillingUnitName = strings.Repeat("充", 100)
		}), true},
		{"no reference", edit(func(r *cyltrace.Filling) { r.CylinderID = "" }), false},
		{"sourceId 65", edit(func(r *cyltrace.Filling) { r.SourceID = strings.Repeat("a", 65) }), false},
		{"sourceId with a space", edit(func(r *cyltrace.Filling) { r.SourceID = "F 1" }), false},
		{"sourceId in Chinese", edit(func(r *cyltrace.Filling) { r.SourceID = "充装1" }), false},
		{"no sourceId", edit(func(r *cyltrace.Filling) { r.SourceID = "" }), false},
		{"filler 11", edit(func(r *cyltrace.Filling) { r.Filler = strings.Repeat("张", 11) }), false},
		{"unknown medium", edit(func(r *cyltrace.Filling) { r.MediumCode = "G0" }), false},
		{"date with slashes", edit(func(r *cyltrace.Filling) { r.FillingDate = "2024/04/30" }), false},
		{"time with T", edit(func(r *cyltrace.Filling) { r.FillingTime = "2024-04-30T09:30:00" }), false},
		{"time at 24h", edit(func(r *cyltrace.Filling) { r.FillingTime = "2024-04-30 24:00:00" }), false},
		{"bad cylinderId", edit(func(r *cyltrace.Filling) { r.CylinderID = "CY-1" }), false},
	} {
		agree(t, doc, "Filling", c.what, c.r, c.valid)
	}
}

func TestInspectionJSONMatchesSchema(t *testing.T) {
	doc := load(t)
	edit := func(f func(*cyltrace.Inspection)) *cyltrace.Inspection {
		r := &cyltrace.Inspection{
			SourceID:           "I-2024-000123",
			CylinderID:         "CY0RZ8X4T6M2K9P3QW",
			InspectionDate:     "2024-04-10",
			InspectionAgency:   "重庆市特种设备检测研究院",
			NextInspectionDate: "2028-04",
			Conclusion:         "合格",
			InspectionType:     cyltrace.InspectionPeriodic,
		}
		f(r)
		return r
	}
	for _, c := range []struct {
		what  string
		r     *cyltrace.Inspection
		valid bool
	}{
		{"periodic", edit(func(*cyltrace.Inspection) {}), true},
		{"scrap without next date", edit(func(r *cyltrace.Inspection) {
			r.InspectionType, r.NextInspectionDate, r.Conclusion = cyltrace.InspectionScrap, "", "报废"
		}), true},
		{"scrap with next date", edit(func(r *cyltrace.Inspection) { r.InspectionType = cyltrace.InspectionScrap }), true},
		{"by infoCode", edit(func(r *cyltrace.Inspection) { r.CylinderID, r.InfoCode = "", "CQ7H3K9M2P4R6T8V0W" }), true},
		{"longest", edit(func(r *cyltrace.Inspection) {
			r.InspectionAgency = strings.Repeat("检", 100)
			r.Conclusion = strings.Repeat("合", 10)
		}), true},
		{"periodic without next date", edit(func(r *cyltrace.Inspection) { r.NextInspectionDate = "" }), false},
		{"unknown type", edit(func(r *cyltrace.Inspection) { r.InspectionType = "首次" }), false},
		{"no type", edit(func(r *cyltrace.Inspection) { r.InspectionType = "" }), false},
		{"next date a day", edit(func(r *cyltrace.Inspection) { r.NextInspectionDate = "2028-04-30" }), false},
		{"conclusion 11", edit(func(r *cyltrace.Inspection) { r.Conclusion = strings.Repeat("合", 11) }), false},
		{"no reference", edit(func(r *cyltrace.Inspection) { r.CylinderID = "" }), false},
	} {
		agree(t, doc, "Inspection", c.what, c.r, c.valid)
	}
}

func TestTrailJSONMatchesSchema(t *testing.T) {
	doc := load(t)
	edit := func(f func(*cyltrace.TrailEvent)) *cyltrace.TrailEvent {
		r := &cyltrace.TrailEvent{
			SourceID:   "T-20240430-0001",
			CylinderID: "CY0RZ8X4T6M2K9P3QW",
			Time:       "2024-04-30 14:05:00",
			Node:       cyltrace.NodeDelivery,
			ActorName:  "重庆玉灵燃气有限公司",
		}
		f(r)
		return r
	}
	for _, c := range []struct {
		what  string
		r     *cyltrace.TrailEvent
		valid bool
	}{
		{"delivery", edit(func(*cyltrace.TrailEvent) {}), true},
		{"every node", edit(func(r *cyltrace.TrailEvent) { r.Node = cyltrace.NodeUse }), true},
		{"actor 100", edit(func(r *cyltrace.TrailEvent) { r.ActorName = strings.Repeat("配", 100) }), true},
		{"actor 101", edit(func(r *cyltrace.TrailEvent) { r.ActorName = strings.Repeat("配", 101) }), false},
		{"unknown node", edit(func(r *cyltrace.TrailEvent) { r.Node = "运输" }), false},
		{"date only", edit(func(r *cyltrace.TrailEvent) { r.Time = "2024-04-30" }), false},
		{"fractional seconds", edit(func(r *cyltrace.TrailEvent) { r.Time = "2024-04-30 14:05:00.5" }), false},
		{"no reference", edit(func(r *cyltrace.TrailEvent) { r.CylinderID = "" }), false},
	} {
		agree(t, doc, "TrailEvent", c.what, c.r, c.valid)
	}
	for _, node := range cyltrace.TrailNodes() {
		agree(t, doc, "TrailEvent", "node "+node, edit(func(r *cyltrace.TrailEvent) { r.Node = node }), true)
	}
}
