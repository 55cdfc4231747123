package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"cyltrace"
)

// TestJSONEqualsPage: the JSON has the page's data, field by field.
func TestJSONEqualsPage(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store, func(c *cyltrace.Cylinder) { c.NextInspectionDate = "2026-10" })
	addHistory(t, e.store, c)

	page := e.get(t, "/q/"+c.InfoCode)
	res := e.get(t, "/q/"+c.InfoCode+".json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status = %d", res.StatusCode)
	}
	var data publicCylinder
	if err := json.Unmarshal(wantEnvelope(t, res, "200"), &data); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal(wantEnvelope(t, res, "200"), &raw)
	for _, hidden := range []string{"id", "qrContent", "registrationCertNumber", "unitInternalNumber"} {
		if _, ok := raw[hidden]; ok {
			t.Errorf("JSON has %s", hidden)
		}
	}

	doc := parseHTML(t, page.body)
	f := fields(doc)
	jsonFields := map[string]string{
		"infoCode": data.InfoCode, "useUnitName": data.UseUnitName, "varietyCode": data.VarietyName,
		"volumeL": data.VolumeL.String(), "productNumber": data.ProductNumber, "mediumCode": data.MediumName,
		"nextInspectionDate": data.NextInspectionDate, "registrationDate": data.RegistrationDate,
		"manufactureDate": data.ManufactureDate, "manufacturer": data.Manufacturer,
	}
	for k, v := range jsonFields {
		if f[k] != v {
			t.Errorf("%s: page %q, JSON %q", k, f[k], v)
		}
	}
	if data.VarietyCode != "2320" || data.MediumCode != "G13" || data.NextInspectionDate != "2026-10" || data.Status != "在用" {
		t.Errorf("codes: %+v", data)
	}

	var statuses []string
	for _, s := range data.Statuses {
		statuses = append(statuses, s.Status)
	}
	if want := badges(doc); !slices.Equal(statuses, want) || !slices.Equal(want, []string{"overdue"}) {
		t.Errorf("statuses: JSON %v, page %v, want [overdue]", statuses, want)
	}
	if data.Statuses[0].Label != "超期未检" {
		t.Errorf("label = %q", data.Statuses[0].Label)
	}

	var trail []pageTrail
	for _, n := range data.Trail {
		trail = append(trail, pageTrail{n.Node, n.Time, n.Date(), n.ActorName})
	}
	if want := trailOf(doc); !slices.Equal(trail, want) || len(trail) != 4 {
		t.Errorf("trail: JSON %v, page %v", trail, want)
	}
	for _, n := range data.Trail {
		if n.ActorName == "李四" || n.ActorName == "张三" {
			t.Errorf("JSON names a person: %q", n.ActorName)
		}
	}
}
