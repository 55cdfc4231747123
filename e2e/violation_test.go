package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cyltrace"
	"cyltrace/internal/api"
	"cyltrace/internal/auth"
	"cyltrace/internal/console"
	"cyltrace/internal/images"
	"cyltrace/internal/testutil"
)

// apiCall posts JSON to the API and decodes the envelope's data into out.
func apiCall(t *testing.T, url, token string, body, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var env struct {
		Code    string
		Message string
		Data    json.RawMessage
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil || env.Code != "200" {
		t.Fatalf("%s: %s %s (%v)", url, env.Code, env.Message, err)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		t.Fatal(err)
	}
}

// TestViolationFromTheAPIIsHandled: a filling station fills an overdue
// cylinder and reports it through the API; the district bureau sees the
// violation in its list and marks it handled with an opinion.
func TestViolationFromTheAPIIsHandled(t *testing.T) {
	s, _ := testutil.NewStore(t, "sqlite")
	ctx := context.Background()
	station := &cyltrace.Unit{Code: cyltrace.MakeUSCC("91500103" + cyltrace.MakeOrgCode("MA5UG492")), Name: "重庆玉灵燃气有限公司",
		Kinds: []cyltrace.UnitKind{cyltrace.KindFilling, cyltrace.KindUsing}, RegionCode: "500103"}
	if err := s.CreateUnit(ctx, station); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateClient(ctx, &cyltrace.APIClient{AppKey: "station", UnitID: station.ID, Role: cyltrace.RoleFilling},
		auth.Hash("station-secret")); err != nil {
		t.Fatal(err)
	}
	pressure, _ := cyltrace.ParseDecimal("2.10")
	volume, _ := cyltrace.ParseDecimal("35.50")
	overdue := &cyltrace.Cylinder{UseUnitID: station.ID, UseUnitName: station.Name, RegionCode: "500103", VarietyCode: "2320",
		ProductNumber: "A9001", MediumCode: "G13", Manufacturer: "重庆恒祥石油液化气钢瓶制造有限公司", ManufactureDate: "2019-05",
		NominalPressureMPa: pressure, VolumeL: volume, LastInspectionDate: "2022-05-10", NextInspectionDate: "2025-05",
		Status: cyltrace.StatusInUse, TagType: cyltrace.TagQR, InfoCode: "CQ0000000000009001",
		QRContent: "https://trace.example.cn/q/A9001", RegistrationCertNumber: "瓶32渝A9(21)", RegistrationDate: "2021-01-05",
		RegistrationAuthority: "重庆市渝中区市场监督管理局"}
	if err := s.CreateCylinder(ctx, overdue); err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword("Password-of-yuzhong1")
	if err := s.CreateUser(ctx, &cyltrace.User{Username: "yuzhong", DisplayName: "渝中区受理人", RegionCode: "500103",
		Roles: []cyltrace.UserRole{cyltrace.DistrictAcceptor}}, hash); err != nil {
		t.Fatal(err)
	}
	imgs, _ := images.New(t.TempDir(), 5<<20)
	a := api.New(api.Config{Store: s, Images: imgs})
	t.Cleanup(a.Close)
	cons, err := console.New(console.Config{Store: s, Images: imgs})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", a.Handler())
	mux.Handle("/console/", cons.Handler())
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	site := &consoleSite{url: ts.URL, store: s, cons: cons}

	// The station fills the overdue cylinder and reports it.
	var tok struct{ AccessToken string }
	apiCall(t, ts.URL+"/api/v1/auth/token", "", map[string]string{"appKey": "station", "appSecret": "station-secret"}, &tok)
	now := time.Now().In(cyltrace.CST)
	var sub struct {
		Accepted int
		Results  []struct{ Warnings []struct{ Code string } }
	}
	apiCall(t, ts.URL+"/api/v1/fillings/submit", tok.AccessToken, map[string]any{"records": []any{map[string]any{
		"sourceId": "F-1", "cylinderId": overdue.ID, "mediumCode": "G13", "filler": "张三",
		"fillingDate": cyltrace.FormatDate(now), "fillingUnitName": station.Name}}}, &sub)
	if sub.Accepted != 1 || len(sub.Results[0].Warnings) == 0 {
		t.Fatalf("the filling of an overdue cylinder was not flagged: %+v", sub)
	}

	// The district bureau sees it and marks it handled.
	ctx2 := desktop(t)
	site.login(t, ctx2, "yuzhong")
	do(t, ctx2, "open the violations", chromedp.Navigate(ts.URL+"/console/supervision/violations"),
		chromedp.WaitVisible(`#vio-records`))
	row := `#vio-records tr[data-violation]`
	if got := text(t, ctx2, row); !strings.Contains(got, overdue.ProductNumber) && !strings.Contains(got, overdue.ID) {
		t.Fatalf("the violation is not listed: %q", got)
	}
	if got := number(t, ctx2, `#vio-open`); got != 1 {
		t.Errorf("open violations: %d", got)
	}
	screenshot(t, ctx2, "supervision-violation.png")
	do(t, ctx2, "write the opinion", chromedp.SendKeys(row+` form.handle input[name="opinion"]`, "已约谈充装单位，责令整改"))
	clickThrough(t, ctx2, "mark handled", row+` form.handle button`, `#vio-records`)
	if got := text(t, ctx2, row); !strings.Contains(got, "已约谈充装单位，责令整改") {
		t.Errorf("the handled violation does not show the opinion: %q", got)
	}
	if got := number(t, ctx2, `#vio-open`); got != 0 {
		t.Errorf("open violations after handling: %d", got)
	}
	if count(t, ctx2, row+` form.handle`) != 0 {
		t.Error("a handled violation can be handled again")
	}
	screenshot(t, ctx2, "supervision-violation-handled.png")
}
