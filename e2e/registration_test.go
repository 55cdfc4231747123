package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/console"
	"cyltrace/internal/images"
	"cyltrace/internal/testutil"
	"cyltrace/internal/web"
	"cyltrace/internal/xlsx"
)

// regSite is the console and the public scan pages on one server, with a
// using unit of 九龙坡区 and the district's acceptor, reviewer and approver.
type regSite struct {
	consoleSite
	unit *cyltrace.Unit
}

func newRegSite(t *testing.T) *regSite {
	t.Helper()
	s, _ := testutil.NewStore(t, "sqlite")
	ctx := context.Background()
	unit := &cyltrace.Unit{Code: "91500107MA5UG4925L", Name: "重庆新隆信物业管理有限公司", RegionCode: "500107",
		Kinds: []cyltrace.UnitKind{cyltrace.KindUsing}}
	if err := s.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	users := []*cyltrace.User{
		{Username: unit.Code, DisplayName: "经办人老刘", UnitID: unit.ID, Roles: []cyltrace.UserRole{cyltrace.UnitUser}},
		{Username: "jlp-accept", DisplayName: "受理人张敏", RegionCode: "500107", Roles: []cyltrace.UserRole{cyltrace.DistrictAcceptor}},
		{Username: "jlp-review", DisplayName: "审核人李强", RegionCode: "500107", Roles: []cyltrace.UserRole{cyltrace.DistrictReviewer}},
		{Username: "jlp-approve", DisplayName: "审批人王刚", RegionCode: "500107", Roles: []cyltrace.UserRole{cyltrace.DistrictApprover}},
	}
	for _, u := range users {
		hash, err := auth.HashPassword("Password-of-" + u.Username + "1")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	// The maker published factory data of two cylinders: A030105 agrees with
	// what the unit will type, A030108 says 40 L where the unit types 35.50.
	maker := &cyltrace.Unit{Code: cyltrace.MakeUSCC("91500113" + cyltrace.MakeOrgCode("20304050")),
		Name: "重庆恒祥石油液化气钢瓶制造有限公司", RegionCode: "500113", Kinds: []cyltrace.UnitKind{cyltrace.KindManufacturer}}
	if err := s.CreateUnit(ctx, maker); err != nil {
		t.Fatal(err)
	}
	var factory []*cyltrace.FactoryRecord
	for _, fr := range []struct{ product, volume string }{{"A030105", "35.50"}, {"A030108", "40.00"}} {
		vol, _ := cyltrace.ParseDecimal(fr.volume)
		pressure, _ := cyltrace.ParseDecimal("2.10")
		factory = append(factory, &cyltrace.FactoryRecord{SourceID: "MF-" + fr.product, ProductNumber: fr.product,
			VarietyCode: "2320", MediumCode: "G13", ManufactureDate: "2021-08", NominalPressureMPa: pressure, VolumeL: vol,
			SupervisionCertNo: "JJ2021-" + fr.product, TraceURL: "https://maker.example.cn/trace/" + fr.product,
			UnitID: maker.ID, MakerName: maker.Name})
	}
	if _, err := s.SubmitFactory(ctx, factory); err != nil {
		t.Fatal(err)
	}
	imgs, err := images.New(t.TempDir(), 5<<20)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := console.New(console.Config{Store: s, Images: imgs})
	if err != nil {
		t.Fatal(err)
	}
	public, err := web.New(web.Config{Store: s})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", cons.Handler())
	mux.Handle("/q/", public.Handler())
	mux.Handle("/q", public.Handler())
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return &regSite{consoleSite: consoleSite{url: ts.URL, store: s, cons: cons}, unit: unit}
}

// fetch downloads a URL inside the browser, with its session cookie.
func fetch(t *testing.T, ctx context.Context, path string) []byte {
	t.Helper()
	js := `(async () => { const r = await fetch(` + jsString(path) + `);
		if (!r.ok) throw new Error('HTTP ' + r.status);
		const b = new Uint8Array(await r.arrayBuffer()); let s = '';
		for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
		return btoa(s); })()`
	enc, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// do runs browser actions and fails the test with what it was doing.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// clickThrough clicks a button or link that loads a new page and waits for
// sel on that page: the old page is marked first, so that an element of it
// (a flash message) is not taken for the new one.
func clickThrough(t *testing.T, ctx context.Context, what, button, sel string) {
	t.Helper()
	do(t, ctx, what,
		chromedp.Evaluate[chromedp.Void](`document.documentElement.dataset.stale = '1'`),
		chromedp.Click(button),
		chromedp.WaitVisible(`html:not([data-stale]) `+sel))
}

func logout(t *testing.T, ctx context.Context) {
	clickThrough(t, ctx, "log out", `form.logout button`, `input[name="captcha"]`)
}

// TestRegistrationEndToEnd walks Attachment 2 in Chromium with two
// cylinders (and one bad row): the unit applies, the district's three
// people accept, review and approve, and the certificate and the scan page
// show the result. Screenshots of each screen go to the test's artifacts.
func TestRegistrationEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (Debian package poppler-utils) is not installed: the certificate cannot be checked")
	}
	site := newRegSite(t)
	ctx := desktop(t)
	dir := t.TempDir()
	today := cyltrace.FormatDate(time.Now())

	// 1. The unit logs in and starts an application.
	site.login(t, ctx, site.unit.Code)
	clickThrough(t, ctx, "open 使用登记进度", `a[href="/console/registrations"]`, `#new-registration`)
	clickThrough(t, ctx, "new application", `#new-registration`, `#reg-form`)
	fields := map[string]string{"legalRep": "高仲", "phone": "023-62765799", "postcode": "400039", "deptName": "安全管理部",
		"address": "建胜镇建桥大道 1 号", "managerName": "王乐乐", "managerMobile": "13110150747", "managerPhone": "13110150747",
		"handlerName": "老刘", "handlerMobile": "15117067203", "handlerPhone": "023-62765799"}
	var fill []chromedp.Action[chromedp.Void]
	for name, v := range fields {
		fill = append(fill, chromedp.SendKeys(`#reg-form input[name="`+name+`"]`, v))
	}
	do(t, ctx, "fill figure 3", fill...)
	screenshot(t, ctx, "01-unit-application-form.png")
	clickThrough(t, ctx, "save", `#save-info`, `p.flash`)
	if got := text(t, ctx, `p.flash`); got != "申请表已保存" {
		t.Fatalf("save: %q", got)
	}

	// 2. 下载模板, fill it, 导入 with one bad row (three decimals).
	template := fetch(t, ctx, "/console/registrations/template.xlsx")
	book := testutil.FilledWorkbook(t, template,
		testutil.RegistrationRow("A030105", "35.50"), testutil.RegistrationRow("A030106", "35.5"),
		testutil.RegistrationRow("A030107", "35.555"), testutil.RegistrationRow("A030108", "35.50"))
	bookPath := filepath.Join(dir, "气瓶信息.xlsx")
	if err := os.WriteFile(bookPath, book, 0o600); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "import",
		chromedp.SetUploadFiles(`#import-form input[name="file"]`, []string{bookPath}),
		chromedp.SetValue(`#import-form select[name="regionCode"]`, "500107"),
	)
	clickThrough(t, ctx, "confirm import", `#import-submit`, `#errors-link`)
	if got := text(t, ctx, `p.flash`); !strings.Contains(got, "成功 2 只，未导入 2 只（与出厂信息一致 1 只，无出厂信息 1 只）") {
		t.Fatalf("import: %q", got)
	}
	screenshot(t, ctx, "02-unit-imported.png")
	errBook, err := excelize.OpenReader(bytes.NewReader(fetch(t, ctx, "/console/registrations/1/errors.xlsx")))
	if err != nil {
		t.Fatalf("下载错误数据: %v", err)
	}
	rows, _ := errBook.GetRows(xlsx.SheetName)
	if len(rows) != 3 || rows[1][3] != "A030107" || !strings.Contains(rows[1][len(rows[1])-1], "容积") ||
		rows[2][3] != "A030108" || !strings.Contains(rows[2][len(rows[2])-1], "容积应为 40.00 L（出厂信息）") {
		t.Fatalf("error workbook: %q", rows)
	}

	// 3. Photos, bulk by file name, then submit.
	var photos []string
	for i, name := range []string{"A030105_钢印.png", "A030105_监检证书.png", "A030106_钢印.png", "A030106_监检证书.png"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, photoPNG(t, i), 0o600); err != nil {
			t.Fatal(err)
		}
		photos = append(photos, p)
	}
	do(t, ctx, "choose photos", chromedp.SetUploadFiles(`#bulk-form input[name="photos"]`, photos))
	clickThrough(t, ctx, "upload photos", `#bulk-submit`, `p.flash`)
	if got := text(t, ctx, `p.flash`); got != "已上传 4 张照片" {
		t.Fatalf("upload: %q", got)
	}
	if n := count(t, ctx, `img.thumb`); n != 4 {
		t.Errorf("thumbnails: %d", n)
	}
	screenshot(t, ctx, "03-unit-photos.png")
	clickThrough(t, ctx, "submit", `#submit-reg`, `#reg-detail`)
	if got := text(t, ctx, `#reg-state`); got != cyltrace.RegSubmitted {
		t.Fatalf("state after submit: %q", got)
	}
	screenshot(t, ctx, "04-unit-submitted.png")
	logout(t, ctx)

	// 4. The acceptor: to-do line, list, detail, 审核附件 (second one 错误), 受理.
	site.login(t, ctx, "jlp-accept")
	if got := text(t, ctx, `#todos`); got != "您有1条使用登记的受理任务需要处理" {
		t.Fatalf("to-do: %q", got)
	}
	screenshot(t, ctx, "05-acceptor-home.png")
	clickThrough(t, ctx, "open the to-do", `#todos a`, `#registrations`)
	screenshot(t, ctx, "06-acceptor-list.png")
	if got := text(t, ctx, `#registrations tbody tr`); !strings.Contains(got, "重庆新隆信物业管理有限公司") || !strings.Contains(got, "待受理") {
		t.Fatalf("list row: %q", got)
	}
	clickThrough(t, ctx, "详情", `#registrations a[href="/console/registrations/1"]`, `#reg-detail`)
	screenshot(t, ctx, "07-acceptor-detail.png")
	clickThrough(t, ctx, "审核附件", `#review-link`, `#review-form`)
	if got := text(t, ctx, `#review-status`); got != "（当前第1条未审核，共2条，已审核0条，通过0条，未通过0条）" {
		t.Errorf("review status: %q", got)
	}
	if got := text(t, ctx, `#review-factory`); got != "与出厂信息一致" {
		t.Errorf("the acceptor does not see the factory check of A030105: %q", got)
	}
	screenshot(t, ctx, "08-acceptor-review-1.png")
	clickThrough(t, ctx, "下一页", `#review-next`, `#review-done`)
	if got := text(t, ctx, `#review-product`); got != "A030106" {
		t.Fatalf("second review page shows %q", got)
	}
	if got := text(t, ctx, `#review-factory`); got != "无出厂信息" {
		t.Errorf("the acceptor does not see that A030106 has no factory data: %q", got)
	}
	do(t, ctx, "mark 错误", chromedp.Click(`#verdict-wrong`), chromedp.SendKeys(`#verdict-note`, "钢印照片与产品编号不符"))
	screenshot(t, ctx, "09-acceptor-review-2.png")
	clickThrough(t, ctx, "完成", `#review-done`, `#review-counts`)
	if got := text(t, ctx, `#review-counts`); got != "附件审核：共 2 条，已审核 2 条，通过 1 条，未通过 1 条" {
		t.Errorf("counts: %q", got)
	}
	clickThrough(t, ctx, "受理", `#accept`, `p.flash`)
	if got := text(t, ctx, `#reg-state`); got != cyltrace.RegAccepted {
		t.Fatalf("state after 受理: %q (%s)", got, text(t, ctx, `p.flash`))
	}
	screenshot(t, ctx, "10-acceptor-accepted.png")
	logout(t, ctx)

	// 5. The reviewer and the approver, each another person.
	for _, step := range []struct{ user, button, state, shot string }{
		{"jlp-review", "#audit", cyltrace.RegReviewed, "11-reviewer.png"},
		{"jlp-approve", "#approve", cyltrace.RegApproved, "12-approver.png"},
	} {
		site.login(t, ctx, step.user)
		do(t, ctx, step.user+" opens", chromedp.Navigate(site.url+"/console/registrations/1"), chromedp.WaitVisible(step.button))
		clickThrough(t, ctx, step.user+" acts", step.button, `p.flash`)
		if got := text(t, ctx, `#reg-state`); got != step.state {
			t.Fatalf("%s: state %q (%s)", step.user, got, text(t, ctx, `p.flash`))
		}
		screenshot(t, ctx, step.shot)
		if step.user == "jlp-approve" {
			break
		}
		logout(t, ctx)
	}
	certNumber := text(t, ctx, `#cert-number`)
	if want := fmt.Sprintf("瓶32渝A1(%02d)", time.Now().Year()%100); certNumber != want {
		t.Errorf("certificate number %q, want %q", certNumber, want)
	}
	clickThrough(t, ctx, "流转详情", `#flow-link`, `#flow`)
	flow := text(t, ctx, `#flow tbody`)
	for _, want := range []string{"受理人张敏", "审核人李强", "审批人王刚", "证书生成", "经办人老刘"} {
		if !strings.Contains(flow, want) {
			t.Errorf("流转详情 lacks %q: %s", want, flow)
		}
	}
	screenshot(t, ctx, "13-flow.png")

	// 6. The certificate, checked with pdftotext.
	pdfPath := filepath.Join(dir, "certificate.pdf")
	if err := os.WriteFile(pdfPath, fetch(t, ctx, "/console/registrations/1/certificate.pdf"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", pdfPath, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	certText := string(out)
	for _, want := range []string{certNumber, "重庆新隆信物业管理有限公司", "重庆市九龙坡区市场监督管理局", "A030105", today} {
		if !strings.Contains(certText, want) {
			t.Errorf("certificate lacks %q:\n%s", want, certText)
		}
	}
	if strings.Contains(certText, "A030106") || strings.Contains(certText, "A030107") || strings.Contains(certText, "A030108") {
		t.Errorf("certificate lists a refused cylinder:\n%s", certText)
	}

	// 7. The accepted cylinder is 在用 with its scan page; the refused one is not in the archive.
	c, err := site.store.CylinderByTriple(context.Background(), "重庆恒祥石油液化气钢瓶制造有限公司", "A030105", "2021-08")
	if err != nil || c.Status != cyltrace.StatusInUse || c.RegistrationCertNumber != certNumber {
		t.Fatalf("accepted cylinder: %+v, %v", c, err)
	}
	if _, err := site.store.CylinderByTriple(context.Background(), "重庆恒祥石油液化气钢瓶制造有限公司", "A030106", "2021-08"); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("refused cylinder in the archive: %v", err)
	}
	scanURL := site.url + "/q?u=" + url.QueryEscape(c.QRContent)
	if res, err := http.Get(scanURL); err != nil || res.StatusCode != http.StatusOK || res.Request.URL.Path != "/q/"+c.InfoCode {
		t.Fatalf("scan URL: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	// A new tab of the same browser, with a phone's viewport and no session cookie needed.
	scan, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, scan, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	do(t, scan, "scan the QR code", chromedp.Navigate(scanURL), chromedp.WaitReady(`[data-field="infoCode"]`))
	page := text(t, scan, `body`)
	if !strings.Contains(page, "登记时间") || !strings.Contains(page, today) || !strings.Contains(page, "A030105") {
		t.Errorf("scan page lacks the registration date %s:\n%s", today, page)
	}
	screenshot(t, scan, "14-scan-page.png")
}

func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// photoPNG is a 160×120 picture with a stripe, different for each i.
func photoPNG(t *testing.T, i int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 160; x++ {
			c := color.RGBA{uint8(40 * i), 120, 180, 255}
			if (x+y+10*i)%40 < 8 {
				c = color.RGBA{30, 30, 30, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
