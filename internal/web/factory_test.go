package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"cyltrace"
)

// TestScanShowsFactoryData: a cylinder whose maker published its factory
// data shows the supervision-inspection certificate and the maker's
// traceability link, on the page and in the JSON; one without shows no
// such section.
func TestScanShowsFactoryData(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	with := mustCylinder(t, e.store)
	without := mustCylinder(t, e.store)
	maker := &cyltrace.Unit{Code: cyltrace.MakeUSCC("91500113" + cyltrace.MakeOrgCode("20304050")), Name: with.Manufacturer,
		RegionCode: "500113", Kinds: []cyltrace.UnitKind{cyltrace.KindManufacturer}}
	if err := e.store.CreateUnit(ctx, maker); err != nil {
		t.Fatal(err)
	}
	rec := &cyltrace.FactoryRecord{SourceID: "MF-1", ProductNumber: with.ProductNumber, VarietyCode: with.VarietyCode,
		MediumCode: with.MediumCode, ManufactureDate: with.ManufactureDate, NominalPressureMPa: with.NominalPressureMPa,
		VolumeL: with.VolumeL, SupervisionCertNo: "JJ2020-0815", TraceURL: "https://maker.example.cn/trace/1",
		UnitID: maker.ID, MakerName: maker.Name}
	if _, err := e.store.SubmitFactory(ctx, []*cyltrace.FactoryRecord{rec}); err != nil {
		t.Fatal(err)
	}
	page := string(e.get(t, "/q/"+with.InfoCode).body)
	for _, want := range []string{"出厂信息", "JJ2020-0815", `href="https://maker.example.cn/trace/1"`, "查看制造单位追溯信息"} {
		if !strings.Contains(page, want) {
			t.Errorf("scan page lacks %q", want)
		}
	}
	var got struct {
		Data struct {
			Factory *struct{ SupervisionCertNo, TraceURL string }
		}
	}
	if err := json.Unmarshal(e.get(t, "/q/"+with.InfoCode+".json").body, &got); err != nil || got.Data.Factory == nil ||
		got.Data.Factory.TraceURL != "https://maker.example.cn/trace/1" {
		t.Errorf("JSON factory: %+v %v", got.Data.Factory, err)
	}
	if page := string(e.get(t, "/q/"+without.InfoCode).body); strings.Contains(page, "出厂信息") {
		t.Error("a cylinder without factory data shows a factory section")
	}
}
