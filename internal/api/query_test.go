package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"cyltrace"
)

func TestQuery(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok := e.token(cyltrace.RoleDistribution)
		ways := []struct {
			name string
			body map[string]string
		}{
			{"infoCode", map[string]string{"infoCode": e.own.InfoCode}},
			{"id", map[string]string{"id": e.own.ID}},
			{"qrContent", map[string]string{"qrContent": e.own.QRContent}},
			{"product", map[string]string{"manufacturer": e.own.Manufacturer, "productNumber": e.own.ProductNumber}},
			{"triple", map[string]string{"manufacturer": e.own.Manufacturer, "productNumber": e.own.ProductNumber,
				"manufactureDate": e.own.ManufactureDate}},
		}
		for _, w := range ways {
			r := e.postJSON("/api/v1/cylinders/query", tok, w.body).want(t, 200)
			var archive map[string]any
			json.Unmarshal(r.Data, &archive)
			if archive["id"] != e.own.ID {
				t.Errorf("by %s: got %v, want %s", w.name, archive["id"], e.own.ID)
			}
			// The exact 20 names of SPEC.md §3.1, and nothing else.
			if len(archive) != 20 {
				t.Errorf("by %s: archive has %d keys, want 20: %v", w.name, len(archive), archive)
			}
			if archive["volumeL"] != 35.5 || archive["useUnitName"] != "重庆玉灵燃气有限公司" {
				t.Errorf("by %s: volumeL %v, useUnitName %v", w.name, archive["volumeL"], archive["useUnitName"])
			}
		}
		if r := e.postJSON("/api/v1/cylinders/query", tok, map[string]string{"id": e.own.ID}); !json.Valid(r.raw) ||
			!strings.Contains(string(r.raw), `"volumeL":35.50`) {
			t.Errorf("volumeL is not written with two decimals: %s", r.raw)
		}

		e.postJSON("/api/v1/cylinders/query", tok, map[string]string{"infoCode": "CQ9999999999999999"}).want(t, 404)
		e.postJSON("/api/v1/cylinders/query", tok, map[string]string{}).want(t, 400)
		r := e.postJSON("/api/v1/cylinders/query", tok, map[string]string{"infoCode": e.own.InfoCode, "id": e.own.ID}).want(t, 400)
		if !slices.Contains(r.fields(), "infoCode") {
			t.Errorf("two criteria: fields %v", r.fields())
		}
		// Two cylinders share maker and product number, made in other months.
		twin := e.cylinder(9, e.units[cyltrace.RoleFilling], false)
		twin.ManufactureDate = "2021-04"
		twin.ProductNumber, twin.ID = e.own.ProductNumber, ""
		if err := e.store.CreateCylinder(t.Context(), twin); err != nil {
			t.Fatal(err)
		}
		r = e.postJSON("/api/v1/cylinders/query", tok, map[string]string{"manufacturer": e.own.Manufacturer,
			"productNumber": e.own.ProductNumber}).want(t, 400)
		if !slices.Contains(r.fields(), "manufactureDate") {
			t.Errorf("ambiguous product: fields %v, want manufactureDate", r.fields())
		}
	})
}
