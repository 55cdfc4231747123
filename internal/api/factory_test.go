package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/client"
)

func factoryRecord(source, product, trace string) map[string]any {
	r := map[string]any{"sourceId": source, "productNumber": product, "varietyCode": "2320", "mediumCode": "G13",
		"manufactureDate": "2021-06", "nominalPressureMPa": 2.1, "volumeL": 35.5, "supervisionCertNo": "JJ-" + product,
		"traceUrl": "https://maker.example.cn/t/" + product}
	if trace != "" {
		r["traceCode"] = trace
	}
	return r
}

// TestSubmitFactory: a maker publishes its factory data; a resent record is
// a duplicate, a traceCode is never issued twice, and a maker cannot
// publish a cylinder under another maker's code.
func TestSubmitFactory(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		maker := e.units[cyltrace.RoleManufacturer]
		maker.MakerCode = "101"
		if err := e.store.UpdateUnit(ctx, maker); err != nil {
			t.Fatal(err)
		}
		other := &cyltrace.Unit{Code: cyltrace.MakeUSCC("91500113" + cyltrace.MakeOrgCode("55667788")), Name: "重庆另一气瓶制造有限公司",
			Kinds: []cyltrace.UnitKind{cyltrace.KindManufacturer}, RegionCode: "500113", MakerCode: "202"}
		if err := e.store.CreateUnit(ctx, other); err != nil {
			t.Fatal(err)
		}
		tok := e.token(cyltrace.RoleManufacturer)
		bad := factoryRecord("MF-4", "A4", "")
		bad["volumeL"], bad["manufactureDate"] = 0, "2021-13"
		yearWrong := factoryRecord("MF-8", "A8", "101200000008") // year digits 20, made 2021-06
		batch := []any{
			factoryRecord("MF-1", "A1", "101210000001"),
			factoryRecord("MF-2", "A2", ""),
			factoryRecord("MF-1", "A1", "101210000001"), // the same record again
			factoryRecord("MF-3", "A3", "101210000001"), // the same traceCode again
			bad,
			factoryRecord("MF-5", "A5", "202210000005"), // another maker's code
			factoryRecord("MF-6", "A6", "999210000006"), // a code of no maker
			factoryRecord("MF-7", "A2", ""),             // the same product under another sourceId
			yearWrong,
		}
		got := e.postJSON("/api/v1/factory/submit", tok, map[string]any{"records": batch}).want(t, 200).results(t)
		want := []struct{ status, code, in string }{
			{"accepted", "200", ""}, {"accepted", "200", ""}, {"duplicate", "200", ""},
			{"rejected", "409", "101210000001"}, {"rejected", "400", ""},
			{"rejected", "400", ""}, {"rejected", "400", ""}, {"rejected", "409", "A2"}, {"rejected", "400", ""},
		}
		for i, w := range want {
			r := got.Results[i]
			if r.Status != w.status || r.Code != w.code || !strings.Contains(r.Message, w.in) {
				t.Errorf("record %d (%s): %s %s %q, want %s %s containing %q", i, r.SourceID, r.Status, r.Code, r.Message,
					w.status, w.code, w.in)
			}
		}
		if got.Accepted != 2 || got.Duplicate != 1 || got.Rejected != 6 {
			t.Errorf("counts %+v", got)
		}
		if f := got.Results[5].Fields; len(f) != 1 || f[0].Field != "traceCode" || !strings.Contains(f[0].Message, "101") {
			t.Errorf("another maker's code: %+v", f)
		}
		if f := got.Results[4].Fields; len(f) < 2 {
			t.Errorf("bad fields: %+v", f)
		}
		// The data are the maker's: published under its name, found by traceCode.
		rec, err := e.store.FactoryFor(ctx, &cyltrace.Cylinder{ProductNumber: "101210000001"})
		if err != nil || rec == nil || rec.MakerName != maker.Name || rec.SupervisionCertNo != "JJ-A1" {
			t.Errorf("stored record: %+v %v", rec, err)
		}
		// The query answer carries the maker's data of a registered cylinder.
		c := e.cylinderWith(9, e.units[cyltrace.RoleFilling], false, func(c *cyltrace.Cylinder) {
			c.ProductNumber, c.ManufactureDate, c.Manufacturer, c.RegistrationDate = "A1", "2021-06", maker.Name, "2021-07-01"
		})
		q := e.postJSON("/api/v1/cylinders/query", e.token(cyltrace.RoleFilling), map[string]any{"id": c.ID}).want(t, 200)
		var data struct {
			ID      string
			Factory *struct{ SupervisionCertNo, TraceCode, TraceURL string }
		}
		if err := json.Unmarshal(q.Data, &data); err != nil || data.ID != c.ID || data.Factory == nil ||
			data.Factory.SupervisionCertNo != "JJ-A1" || data.Factory.TraceCode != "101210000001" {
			t.Errorf("query with factory data: %s", q.raw)
		}
		// Only makers publish factory data.
		e.postJSON("/api/v1/factory/submit", e.token(cyltrace.RoleFilling), map[string]any{"records": batch[:1]}).want(t, 403)
	})
}

// TestGoClientSubmitFactory: a maker's Go platform publishes through the
// public client; sending the same records again stores nothing.
func TestGoClientSubmitFactory(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := client.New(e.url, "key-manufacturer", e.secrets[cyltrace.RoleManufacturer], client.WithClock(e.now))
		recs := []cyltrace.FactoryRecord{{SourceID: "GO-1", ProductNumber: "B1", VarietyCode: "2320", MediumCode: "G13",
			ManufactureDate: "2021-06", NominalPressureMPa: cyltrace.DecimalFromHundredths(210),
			VolumeL: cyltrace.DecimalFromHundredths(3550), SupervisionCertNo: "JJ-B1"}}
		res, err := c.SubmitFactory(ctx, recs)
		if err != nil || res.Accepted != 1 {
			t.Fatalf("SubmitFactory: %+v, %v", res, err)
		}
		if res, err = c.SubmitFactory(ctx, recs); err != nil || res.Duplicate != 1 {
			t.Fatalf("again: %+v, %v", res, err)
		}
	})
}
