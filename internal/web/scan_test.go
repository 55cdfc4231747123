package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

// addHistory gives c a filling by the person 张三 (through the filling
// submit path, which adds a 充装 trail node) and trail nodes by a courier
// (a person: 李四) and by units.
func addHistory(t *testing.T, s *store.Store, c *cyltrace.Cylinder) {
	t.Helper()
	ctx := context.Background()
	out, err := s.SubmitFillings(ctx, []*cyltrace.Filling{{
		SourceID: "F-1", CylinderID: c.ID, MediumCode: c.MediumCode, Filler: "张三",
		FillingDate: "2026-11-20", FillingTime: "2026-11-20 07:45:10", FillingUnitName: "重庆玉灵燃气有限公司",
	}})
	if err != nil || out[0].Status != store.Accepted {
		t.Fatalf("SubmitFillings: %+v, %v", out, err)
	}
	for _, ev := range []*cyltrace.TrailEvent{
		{SourceID: "T-1", Time: "2026-11-20 10:05:00", Node: cyltrace.NodeDelivery, ActorName: "李四"},
		{SourceID: "T-2", Time: "2026-11-19 16:30:00", Node: cyltrace.NodeSale, ActorName: "重庆玉灵燃气有限公司"},
		{SourceID: "T-3", Time: "2026-11-21 12:00:00", Node: cyltrace.NodeUse, ActorName: "重庆渝通火锅餐饮有限公司"},
	} {
		ev.CylinderID = c.ID
		if _, err := s.AddTrail(ctx, ev); err != nil {
			t.Fatalf("AddTrail: %v", err)
		}
	}
}

func TestScanPage(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store)
	addHistory(t, e.store, c)

	res := e.get(t, "/q/"+c.InfoCode)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200; body:\n%s", res.StatusCode, res.body)
	}
	if got, want := res.Header.Get("Content-Type"), "text/html; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	t.Logf("page: %d bytes with %d trail nodes", len(res.body), 4)
	if len(res.body) >= 8<<10 {
		t.Errorf("page is %d bytes, want < 8 KB", len(res.body))
	}
	page := string(res.body)
	for _, bad := range []string{"<script", "张三", "李四", c.ID, c.RegistrationCertNumber} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}

	doc := parseHTML(t, res.body)
	if got := text(findAll(doc, tag("title"))[0]); got != "重庆市气瓶质量安全追溯信息" {
		t.Errorf("title = %q", got)
	}
	if v := findAll(doc, withAttr("name", "viewport")); len(v) != 1 {
		t.Errorf("viewport meta: %d, want 1", len(v))
	}
	if n := len(findAll(doc, tag("style"))); n != 1 {
		t.Errorf("<style> elements = %d, want 1", n)
	}

	wantFields := map[string]string{
		"useUnitName":        "重庆玉灵燃气有限公司",
		"varietyCode":        "焊接气瓶",
		"volumeL":            "35.50",
		"productNumber":      c.ProductNumber,
		"mediumCode":         "液化石油气",
		"nextInspectionDate": "2028-08",
		"registrationDate":   "2021-01-01",
		"manufactureDate":    "2020-08",
		"manufacturer":       "重庆恒祥石油液化气钢瓶制造有限公司",
		"infoCode":           c.InfoCode,
	}
	got := fields(doc)
	for k, want := range wantFields {
		if got[k] != want {
			t.Errorf("data-field %s = %q, want %q", k, got[k], want)
		}
	}
	if len(got) != len(wantFields) {
		t.Errorf("data-fields = %v, want exactly %v", got, wantFields)
	}

	// The labels in the mock-up's order, each beside its value.
	var labels []string
	for _, dt := range findAll(doc, tag("dt")) {
		labels = append(labels, text(dt))
	}
	wantLabels := []string{"使用单位名称", "设备品种", "容积(L)", "产品编号", "充装介质", "下次检验日期", "登记时间", "制造日期", "制造单位"}
	if !slices.Equal(labels, wantLabels) {
		t.Errorf("labels = %v, want %v", labels, wantLabels)
	}

	if got := badges(doc); !slices.Equal(got, []string{"ok"}) {
		t.Errorf("badges = %v, want [ok]", got)
	}
	if b := findAll(doc, withAttr("data-status", "ok")); len(b) != 1 || text(b[0]) != "检验合格" {
		t.Errorf("ok badge text wrong")
	}

	wantTrail := []pageTrail{
		{"使用", "2026-11-21 12:00:00", "2026-11-21", "重庆渝通火锅餐饮有限公司"},
		{"配送", "2026-11-20 10:05:00", "2026-11-20", "李**"},
		{"充装", "2026-11-20 07:45:10", "2026-11-20", "重庆玉灵燃气有限公司"},
		{"销售", "2026-11-19 16:30:00", "2026-11-19", "重庆玉灵燃气有限公司"},
	}
	if got := trailOf(doc); !slices.Equal(got, wantTrail) {
		t.Errorf("trail =\n%v\nwant\n%v", got, wantTrail)
	}

	// The CSP allows exactly the page's own stylesheet and no script.
	style := text(findAll(doc, tag("style"))[0])
	sum := sha256.Sum256([]byte(style))
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") ||
		!strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("Content-Security-Policy = %q, want default-src 'none' and the stylesheet's hash", csp)
	}
}

func TestScanPageEmptyValuesAndTrail(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store, func(c *cyltrace.Cylinder) {
		c.RegistrationCertNumber, c.RegistrationDate, c.RegistrationAuthority = "", "", ""
		c.UseUnitName = "王小明" // a household registered under a person's name
	})
	res := e.get(t, "/q/"+c.InfoCode)
	doc := parseHTML(t, res.body)
	f := fields(doc)
	if f["registrationDate"] != "—" {
		t.Errorf("empty registrationDate shown as %q, want —", f["registrationDate"])
	}
	if f["useUnitName"] != "王**" {
		t.Errorf("personal useUnitName shown as %q, want 王**", f["useUnitName"])
	}
	if strings.Contains(string(res.body), "王小明") {
		t.Error("page contains the person's name")
	}
	if !strings.Contains(string(res.body), "暂无溯源轨迹信息") {
		t.Error("no empty-trail text")
	}
}

func TestScanPageFullTrailSize(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store)
	ctx := context.Background()
	for i := range 60 {
		ev := &cyltrace.TrailEvent{SourceID: "T-" + string(rune('A'+i/26)) + string(rune('a'+i%26)), CylinderID: c.ID,
			Time: testNow.AddDate(0, 0, -i).Format("2006-01-02 15:04:05"), Node: cyltrace.NodeDelivery,
			ActorName: "重庆市万州玉灵液化气配送服务部"}
		if _, err := e.store.AddTrail(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	res := e.get(t, "/q/"+c.InfoCode, "Accept-Encoding: gzip")
	if n := len(trailOf(parseHTML(t, res.body))); n != trailLimit {
		t.Errorf("trail nodes = %d, want %d", n, trailLimit)
	}
	t.Logf("page with %d trail nodes: %d bytes, %d gzipped", trailLimit, len(res.body), res.rawSize)
	if res.rawSize >= 8<<10 {
		t.Errorf("gzipped page with a full trail is %d bytes, want < 8 KB", res.rawSize)
	}
}

func TestHead(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store)
	res := e.do(t, http.MethodHead, "/q/"+c.InfoCode)
	if res.StatusCode != http.StatusOK || len(res.body) != 0 || res.Header.Get("ETag") == "" {
		t.Errorf("HEAD: status %d, %d body bytes, ETag %q; want 200, none, a tag",
			res.StatusCode, len(res.body), res.Header.Get("ETag"))
	}
}
