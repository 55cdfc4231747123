package console_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/testutil"
	"cyltrace/internal/xlsx"

	"github.com/xuri/excelize/v2"
)

// regEnv is a console with a using unit of 九龙坡区, its user, and the
// three district roles of 九龙坡区, each a different person.
type regEnv struct {
	*env
	unit *cyltrace.Unit
}

func newRegEnv(t *testing.T) *regEnv {
	e := &regEnv{env: newEnv(t)}
	e.unit = e.mustUnit(t, 1, "重庆新隆信物业管理有限公司", "500107", cyltrace.KindUsing)
	hash, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &cyltrace.User{Username: e.unit.Code, DisplayName: "经办人老刘", UnitID: e.unit.ID,
		Roles: []cyltrace.UserRole{cyltrace.UnitUser}}
	if err := e.store.CreateUser(context.Background(), u, hash); err != nil {
		t.Fatal(err)
	}
	e.mustUser(t, "jlp-accept", "500107", false, cyltrace.DistrictAcceptor)
	e.mustUser(t, "jlp-review", "500107", false, cyltrace.DistrictReviewer)
	e.mustUser(t, "jlp-approve", "500107", false, cyltrace.DistrictApprover)
	e.mustUser(t, "yz-accept", "500103", false, cyltrace.DistrictAcceptor, cyltrace.DistrictReviewer, cyltrace.DistrictApprover)
	return e
}

// unitClient logs the unit's user in.
func (e *regEnv) unitClient(t *testing.T) *client {
	c := e.client(t)
	c.login(e.unit.Code)
	return c
}

var regIDRe = regexp.MustCompile(`/console/registrations/(\d+)$`)

// testPNG is a photo: w×h pixels of one colour.
func testPNG(t *testing.T, w, h int, c color.Color) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type upload struct {
	field, name string
	data        []byte
}

// postMultipart sends a multipart form with the page's CSRF token.
func (c *client) postMultipart(path string, fields url.Values, files ...upload) page {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f.field, f.name)
		w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func regForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "unitName": {"重庆新隆信物业管理有限公司"}, "unitCode": {"91500107MA5UG4925L"},
		"legalRep": {"高仲"}, "phone": {"023-62765799"}, "postcode": {"400039"}, "deptName": {"安全管理部"},
		"regionCode": {"500107"}, "address": {"建胜镇建桥大道 1 号"}, "managerName": {"王乐乐"},
		"managerMobile": {"13110150747"}, "managerPhone": {"13110150747"}, "handlerName": {"老刘"},
		"handlerMobile": {"15117067203"}, "handlerPhone": {"023-62765799"}}
}

// TestRegistrationOverHTTP walks Attachment 2 through the console's
// handlers: the browser test (e2e) walks the same pages in Chromium.
func TestRegistrationOverHTTP(t *testing.T) {
	e := newRegEnv(t)
	unit := e.unitClient(t)
	home := unit.get("/console/registrations")
	p := unit.post("/console/registrations/new", url.Values{"csrf": {home.field(t, "csrf")}})
	m := regIDRe.FindStringSubmatch(p.path)
	if m == nil {
		t.Fatalf("new application did not open: %s", p.path)
	}
	base := "/console/registrations/" + m[1]
	csrf := p.field(t, "csrf")

	// Required fields of figure 3, each named.
	bad := regForm(csrf)
	bad.Set("legalRep", "")
	bad.Set("managerMobile", "1234")
	p = unit.post(base+"/info", bad)
	for _, want := range []string{"法人代表不能为空", "主管负责人的移动电话应为11位手机号码"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("save with bad fields: no %q", want)
		}
	}
	if p = unit.post(base+"/info", regForm(csrf)); !strings.Contains(p.body, "申请表已保存") {
		t.Fatalf("save: %s", p.body)
	}

	tmpl := unit.get("/console/registrations/template.xlsx")
	if tmpl.status != 200 || !strings.HasPrefix(tmpl.body, "PK") {
		t.Fatalf("template: %d %q", tmpl.status, tmpl.header.Get("Content-Type"))
	}
	book := testutil.FilledWorkbook(t, []byte(tmpl.body), testutil.RegistrationRow("A030105", "35.50"), testutil.RegistrationRow("A030106", "35.5"),
		testutil.RegistrationRow("A030107", "35.555"))
	p = unit.postMultipart(base+"/import", url.Values{"csrf": {csrf}, "regionCode": {"500103"}},
		upload{"file", "气瓶.xlsx", book})
	if !strings.Contains(p.body, "不一致") {
		t.Errorf("import into another district was not refused:\n%s", p.body)
	}
	p = unit.postMultipart(base+"/import", url.Values{"csrf": {csrf}, "regionCode": {"500107"}},
		upload{"file", "气瓶.xlsx", book})
	if !strings.Contains(p.body, "成功 2 只，未导入 1 只") {
		t.Fatalf("import result:\n%s", p.body)
	}
	errs := unit.get(base + "/errors.xlsx")
	f, err := excelize.OpenReader(strings.NewReader(errs.body))
	if err != nil {
		t.Fatalf("error workbook: %v", err)
	}
	rows, _ := f.GetRows(xlsx.SheetName)
	if len(rows) != 2 || rows[1][3] != "A030107" || !strings.Contains(rows[1][len(rows[1])-1], "容积") {
		t.Fatalf("error workbook rows: %q", rows)
	}

	// Submitting needs the photos; the filter shows who lacks them.
	p = unit.post(base+"/submit", url.Values{"csrf": {csrf}})
	if !strings.Contains(p.body, "未上传钢印及监检证书照片") {
		t.Errorf("submit without photos: %s", p.body)
	}
	if p = unit.get(base + "?photos=no"); strings.Count(p.body, `data-item-id=`) != 2 {
		t.Errorf("filter 未上传: want 2 rows")
	}
	photo := testPNG(t, 120, 90, color.RGBA{200, 30, 30, 255})
	p = unit.postMultipart(base+"/photos", url.Values{"csrf": {csrf}},
		upload{"photos", "A030105_钢印.png", photo},
		upload{"photos", "A030105_监检证书.png", testPNG(t, 120, 90, color.RGBA{30, 200, 30, 255})},
		upload{"photos", "A030106-1.png", testPNG(t, 100, 100, color.RGBA{30, 30, 200, 255})},
		upload{"photos", "A030106-2.png", testPNG(t, 100, 100, color.RGBA{30, 30, 100, 255})},
		upload{"photos", "X999_钢印.png", photo},
		upload{"photos", "A030105_3.png", []byte("not an image")})
	if !strings.Contains(p.body, "已上传 4 张照片，2 张未上传") || !strings.Contains(p.body, "X999_钢印.png：") {
		t.Fatalf("bulk upload:\n%s", p.body)
	}
	if p = unit.get(base + "?photos=no"); strings.Count(p.body, `data-item-id=`) != 0 {
		t.Errorf("filter 未上传 after upload: rows left")
	}
	p = unit.get(base + "?photos=yes")
	if n := strings.Count(p.body, `class="thumb"`); n != 4 {
		t.Errorf("thumbnails in the list: %d, want 4", n)
	}
	thumb := regexp.MustCompile(`src="(/console/registrations/\d+/photos/\d+/thumb)"`).FindStringSubmatch(p.body)
	if thumb == nil {
		t.Fatal("no thumbnail in the list")
	}
	if th := unit.get(thumb[1]); th.status != 200 || th.header.Get("Content-Type") != "image/jpeg" ||
		th.header.Get("Cache-Control") != "private, max-age=86400" {
		t.Errorf("thumbnail: %d %s %q", th.status, th.header.Get("Content-Type"), th.header.Get("Cache-Control"))
	}
	if p = unit.post(base+"/submit", url.Values{"csrf": {csrf}}); !strings.Contains(p.body, "已提交") {
		t.Fatalf("submit: %s", p.body)
	}

	// Another district's staff cannot open it: 404, as if it did not exist.
	other := e.client(t)
	other.login("yz-accept")
	if p = other.get(base); p.status != http.StatusNotFound {
		t.Errorf("another district's acceptor got %d", p.status)
	}

	acc := e.client(t)
	home = acc.login("jlp-accept")
	if !strings.Contains(home.body, "您有1条使用登记的受理任务需要处理") {
		t.Errorf("to-do line missing:\n%s", home.body)
	}
	p = acc.get(base + "/review")
	item := regexp.MustCompile(`name="item" value="(\d+)"`).FindStringSubmatch(p.body)[1]
	if !strings.Contains(p.body, `value="正确" id="verdict-ok" checked`) {
		t.Error("审核附件: 正确 is not chosen by default")
	}
	acsrf := p.field(t, "csrf")
	p = acc.post(base+"/review", url.Values{"csrf": {acsrf}, "item": {item}, "n": {"1"}, "verdict": {"正确"}})
	if !strings.Contains(p.body, "当前第2条未审核，共2条，已审核1条，通过1条，未通过0条") {
		t.Fatalf("after 下一页:\n%s", p.body)
	}
	item2 := regexp.MustCompile(`name="item" value="(\d+)"`).FindStringSubmatch(p.body)[1]
	p = acc.post(base+"/review", url.Values{"csrf": {acsrf}, "item": {item2}, "n": {"2"}, "verdict": {"错误"},
		"note": {"钢印照片模糊"}, "done": {"1"}})
	if !strings.Contains(p.body, "通过 1 条，未通过 1 条") {
		t.Fatalf("完成:\n%s", p.body)
	}
	p = acc.post(base+"/reject", url.Values{"csrf": {acsrf}, "opinion": {"测试"}})
	if !strings.Contains(p.body, "请勾选确认") {
		t.Error("驳回 without confirmation was not refused")
	}
	if p = acc.post(base+"/accept", url.Values{"csrf": {acsrf}, "opinion": {"予以受理"}}); !strings.Contains(p.body, "已受理") {
		t.Fatalf("accept:\n%s", p.body)
	}
	// The acceptor cannot also review.
	if p = acc.post(base+"/audit", url.Values{"csrf": {acsrf}}); !strings.Contains(p.body, "审核人") {
		t.Errorf("acceptor reviewing: %s", p.body)
	}
	rev := e.client(t)
	rev.login("jlp-review")
	p = rev.get(base)
	if p = rev.post(base+"/audit", url.Values{"csrf": {p.field(t, "csrf")}, "opinion": {"同意"}}); !strings.Contains(p.body, "已审核") {
		t.Fatalf("audit:\n%s", p.body)
	}
	apr := e.client(t)
	apr.login("jlp-approve")
	p = apr.get(base)
	if p = apr.post(base+"/approve", url.Values{"csrf": {p.field(t, "csrf")}}); !strings.Contains(p.body, "使用登记证已生成") {
		t.Fatalf("approve:\n%s", p.body)
	}
	cert := regexp.MustCompile(`id="cert-number">([^<]+)<`).FindStringSubmatch(p.body)
	if cert == nil || cert[1] != "瓶32渝A1("+fmt.Sprint(time.Now().Year()%100)+")" {
		t.Errorf("certificate number on the page: %v", cert)
	}
	pdfPage := unit.get(base + "/certificate.pdf")
	if pdfPage.status != 200 || !strings.HasPrefix(pdfPage.body, "%PDF") {
		t.Errorf("certificate: %d %q", pdfPage.status, pdfPage.header.Get("Content-Type"))
	}
	flow := unit.get(base + "/flow")
	for _, want := range []string{"创建", "导入", "提交", "受理", "审核", "审批", "证书生成", "测试jlp-accept", "测试jlp-review", "测试jlp-approve"} {
		if !strings.Contains(flow.body, want) {
			t.Errorf("流转详情 lacks %q", want)
		}
	}
	if p = unit.get(base); !strings.Contains(p.body, "未通过：附件与气瓶不符（钢印照片模糊）") {
		t.Errorf("the unit is not told which cylinder was left out")
	}
	c, err := e.store.CylinderByTriple(context.Background(), "重庆恒祥石油液化气钢瓶制造有限公司", "A030105", "2021-08")
	if err != nil || c.Status != cyltrace.StatusInUse || c.RegistrationAuthority != "重庆市九龙坡区市场监督管理局" {
		t.Errorf("registered cylinder: %+v %v", c, err)
	}
	_, err = e.store.CylinderByTriple(context.Background(), "重庆恒祥石油液化气钢瓶制造有限公司", "A030106", "2021-08")
	if cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("the refused cylinder is in the archive: %v", err)
	}
}

// TestRegistrationImportRefusals: a broken file, a workbook that is not the
// template, and a district user posting to a unit's application all get a
// clear refusal and change nothing.
func TestRegistrationImportRefusals(t *testing.T) {
	e := newRegEnv(t)
	unit := e.unitClient(t)
	p := unit.post("/console/registrations/new", url.Values{"csrf": {unit.get("/console/").field(t, "csrf")}})
	base := p.path
	csrf := p.field(t, "csrf")
	other := excelize.NewFile()
	var buf bytes.Buffer
	if err := other.Write(&buf); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"corrupt.xlsx", []byte("PK\x03\x04 this is not a workbook"), "不是有效的 Excel"},
		{"other.xlsx", buf.Bytes(), "气瓶信息"},
	} {
		p = unit.postMultipart(base+"/import", url.Values{"csrf": {csrf}, "regionCode": {"500107"}}, upload{"file", tc.name, tc.data})
		flash := regexp.MustCompile(`<p class="flash error" role="status">([^<]*)</p>`).FindStringSubmatch(p.body)
		if flash == nil || !strings.Contains(flash[1], tc.want) {
			t.Errorf("%s: flash %q, want it to mention %q", tc.name, flash, tc.want)
		}
	}
	if p = unit.get(base); strings.Contains(p.body, "data-item-id=") {
		t.Error("a refused import left cylinders in the application")
	}
	acc := e.client(t)
	acc.login("jlp-accept")
	home := acc.get("/console/")
	if p = acc.get(base); p.status != http.StatusNotFound {
		t.Errorf("a district user opened a draft: %d", p.status)
	}
	p = acc.postMultipart(base+"/import", url.Values{"csrf": {home.field(t, "csrf")}, "regionCode": {"500107"}},
		upload{"file", "x.xlsx", buf.Bytes()})
	if p.status != http.StatusNotFound {
		t.Errorf("a district user imported into a unit's draft: %d", p.status)
	}
}
