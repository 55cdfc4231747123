package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cyltrace"
)

// testCertificate returns a certificate of n cylinders; the second has an
// RFID tag and was stopped.
func testCertificate(n int) Certificate {
	c := Certificate{
		Number:    "瓶32渝A17(26)",
		Authority: "重庆市渝中区市场监督管理局",
		Date:      "2026-03-01",
		UnitName:  "重庆玉灵燃气有限公司",
		UnitCode:  "91500103MA5U7XXX1K",
		Address:   "渝中区 解放碑街道民族路 188 号",
	}
	for i := range n {
		c.Cylinders = append(c.Cylinders, CertificateCylinder{
			Variety:           "焊接气瓶",
			ProductNumber:     fmt.Sprintf("YL24%06d", i+1),
			Medium:            "液化石油气",
			Manufacturer:      "重庆川东压力容器有限公司",
			ManufactureDate:   "2024-05",
			NominalPressure:   "2.10",
			Volume:            "35.50",
			LastInspection:    "2024-05-20",
			NextInspection:    "2028-05",
			InternalNumber:    fmt.Sprintf("YL-%05d", i+1),
			RegistrationState: "新增",
			TagType:           "二维码",
			RegistrationDate:  "2026-03-01",
		})
	}
	if n > 1 {
		c.Cylinders[1].TagType = "RFID标签"
		c.Cylinders[1].RegistrationState = "停用"
	}
	return c
}

// mustCertificate writes c's PDF to a temporary file.
func mustCertificate(tb testing.TB, c Certificate) string {
	tb.Helper()
	b, err := CertificatePDF(c)
	if err != nil {
		tb.Fatal(err)
	}
	f := filepath.Join(tb.TempDir(), "certificate.pdf")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return f
}

// certificatePages returns the text of each page of the PDF in file f, as
// pdftotext -layout reads it.
func certificatePages(tb testing.TB, f string) []string {
	tb.Helper()
	pdftotext := tool(tb, "pdftotext", "poppler-utils")
	// pdftotext ends every page with a form feed.
	pages := strings.Split(execTool(tb, pdftotext, "-layout", f, "-"), "\f")
	return pages[:len(pages)-1]
}

// hasText reports whether text has want, ignoring white space: -layout maps text
// to a grid of characters and drops a space narrower than a cell of it, as
// in "第 1 页" at 8 pt, though the words are apart on the page.
func hasText(text, want string) bool {
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	return strings.Contains(squeeze(text), squeeze(want))
}

// pdfInfo returns pdfinfo's report on the PDF in file f, failing the test
// unless it is A4 landscape.
func pdfInfo(tb testing.TB, f string) string {
	tb.Helper()
	info := execTool(tb, tool(tb, "pdfinfo", "poppler-utils"), "-isodates", f)
	if !regexp.MustCompile(`(?m)^Page size:\s+841\.8\d* x 595\.2\d* pts`).MatchString(info) {
		tb.Errorf("not A4 landscape:\n%s", info)
	}
	return info
}

// pdfPages returns the number of pages of the PDF in file f.
func pdfPages(tb testing.TB, f string) int {
	tb.Helper()
	info := pdfInfo(tb, f)
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info)
	if m == nil {
		tb.Fatalf("no page count in pdfinfo output:\n%s", info)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestCertificateText(t *testing.T) {
	c := testCertificate(2)
	f := mustCertificate(t, c)
	if got, want := pdfPages(t, f), 2; got != want || CertificatePages(2) != want {
		t.Errorf("got %d pages (CertificatePages says %d), want %d", got, CertificatePages(2), want)
	}
	pages := certificatePages(t, f)
	text := strings.Join(pages, "")
	for _, want := range []string{
		"特种设备使用登记证", "编号：瓶32渝A17(26)", c.UnitName, c.UnitCode, c.Address, c.Authority,
		"设备类别：", "气瓶", "2 只", "2026年03月01日", "《气瓶基本信息汇总表》共 1 页",
		"YL24000001", "YL24000002", "液化石油气", "重庆川东压力容器有限公司", "RFID标签", "停用",
		"使用登记证编号：瓶32渝A17(26)", "第 1 页 共 2 页", "第 2 页 共 2 页",
	} {
		if !hasText(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
	info := pdfInfo(t, f)
	for _, re := range []string{`(?m)^Title:\s+特种设备使用登记证 瓶32渝A17\(26\)$`, `(?m)^Author:\s+重庆市渝中区市场监督管理局$`, `(?m)^CreationDate:\s+2026-03-01`} {
		if !regexp.MustCompile(re).MatchString(info) {
			t.Errorf("pdfinfo output does not match %s:\n%s", re, info)
		}
	}
	if strings.Contains(pages[0], "YL24000001") || !strings.Contains(pages[1], "YL24000001") {
		t.Errorf("the table should start on page 2:\n%s", text)
	}
}

// TestCertificateManyPages checks that every page of a long table has the
// table's header and the footer, and each cylinder is on its page.
func TestCertificateManyPages(t *testing.T) {
	const n = 120
	if bottom := tableTop + headH + CertificateRowsPerPage*rowH; bottom > footerLine-footerSize*ptMM {
		t.Fatalf("a full page of rows ends at %.1f mm, over the footer", bottom)
	}
	f := mustCertificate(t, testCertificate(n))
	want := 1 + 6 // 120 rows at 22 a page
	if got := pdfPages(t, f); got != want || CertificatePages(n) != want {
		t.Fatalf("got %d pages (CertificatePages says %d), want %d", got, CertificatePages(n), want)
	}
	pages := certificatePages(t, f)
	if len(pages) != want {
		t.Fatalf("pdftotext gave %d pages, want %d", len(pages), want)
	}
	for p, text := range pages {
		footer := fmt.Sprintf("第 %d 页 共 %d 页", p+1, want)
		for _, s := range []string{footer, "使用登记证编号：瓶32渝A17(26)"} {
			if !hasText(text, s) {
				t.Errorf("page %d lacks %q", p+1, s)
			}
		}
		if p == 0 {
			continue
		}
		for _, s := range []string{"气瓶基本信息汇总表", "序号", "设备品种", "产品编号", "充装介质", "制造单位", "制造年月",
			"公称工作", "压力(MPa)", "容积(L)", "最近一次", "检验日期", "单位内编号", "登记情况", "信息化", "管理情况", "使用登记"} {
			if !hasText(text, s) {
				t.Errorf("page %d: header lacks %q", p+1, s)
			}
		}
	}
	for i := range n {
		pn := fmt.Sprintf("YL24%06d", i+1)
		if p := 2 + i/CertificateRowsPerPage; !strings.Contains(pages[p-1], pn) {
			t.Errorf("cylinder %d (%s) not on page %d", i+1, pn, p)
		}
	}
}

func TestCertificateInvalid(t *testing.T) {
	mod := func(n int, f func(*Certificate)) Certificate {
		c := testCertificate(n)
		f(&c)
		return c
	}
	long := strings.Repeat("瓶", MaxCertificateText+1)
	tests := []struct {
		name     string
		c        Certificate
		code     string
		contains string
	}{
		{"no cylinders", mod(0, func(*Certificate) {}), cyltrace.EINVALID, "汇总表不能为空"},
		{"too many", mod(MaxCertificateCylinders+1, func(*Certificate) {}), cyltrace.ETOOLARGE, "最多列 100000 只"},
		{"no number", mod(1, func(c *Certificate) { c.Number = "" }), cyltrace.EINVALID, "使用登记证编号不能为空"},
		{"blank authority", mod(1, func(c *Certificate) { c.Authority = " 　" }), cyltrace.EINVALID, "使用登记机关不能为空"},
		{"no unit", mod(1, func(c *Certificate) { c.UnitName = "" }), cyltrace.EINVALID, "使用单位不能为空"},
		{"no date", mod(1, func(c *Certificate) { c.Date = "" }), cyltrace.EINVALID, "使用登记日期"},
		{"bad date", mod(1, func(c *Certificate) { c.Date = "2026/03/01" }), cyltrace.EINVALID, "使用登记日期"},
		{"long authority", mod(1, func(c *Certificate) { c.Authority = long }), cyltrace.EINVALID, "使用登记机关过长"},
		{"control char", mod(1, func(c *Certificate) { c.Address = "民族路\n188 号" }), cyltrace.EINVALID, "单位地址含有控制字符"},
		{"no product number", mod(3, func(c *Certificate) { c.Cylinders[2].ProductNumber = "" }), cyltrace.EINVALID, "第 3 只气瓶的产品编号不能为空"},
		{"long manufacturer", mod(2, func(c *Certificate) { c.Cylinders[1].Manufacturer = long }), cyltrace.EINVALID, "第 2 只气瓶的制造单位过长"},
		{"bad UTF-8", mod(1, func(c *Certificate) { c.Cylinders[0].Medium = "\xff" }), cyltrace.EINVALID, "第 1 只气瓶的充装介质不是有效的"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := CertificatePDF(tt.c)
			var e *cyltrace.Error
			if !errors.As(err, &e) || e.Code != tt.code || !strings.Contains(e.Message, tt.contains) || b != nil {
				t.Errorf("got %v, want a %s *cyltrace.Error mentioning %q", err, tt.code, tt.contains)
			}
		})
	}
}

// TestCertificateTextFits fills every field to MaxCertificateText characters
// and checks with pdftotext -bbox that each word stays inside the frame on
// page 1 and inside its own column in the table.
func TestCertificateTextFits(t *testing.T) {
	long := func(s string) string { return strings.Repeat(s, MaxCertificateText/len([]rune(s))) }
	c := testCertificate(3)
	c.Number, c.UnitCode = long("瓶32渝A"), long("915001")
	c.UnitName, c.Authority, c.Address = long("重庆燃气"), long("市场监督管理局"), long("民族路 188 号")
	cy := &c.Cylinders[0]
	for _, p := range []*string{&cy.Variety, &cy.ProductNumber, &cy.Medium, &cy.Manufacturer, &cy.ManufactureDate,
		&cy.NominalPressure, &cy.Volume, &cy.LastInspection, &cy.NextInspection, &cy.InternalNumber,
		&cy.RegistrationState, &cy.TagType, &cy.RegistrationDate} {
		*p = long("压力容器AB12")
	}
	f := mustCertificate(t, c)
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	words := parseBBox(t, execTool(t, pdftotext, "-bbox", f, "-"))
	const eps = 0.5 // pt
	pt := func(mm float64) float64 { return mm * 72 / 25.4 }
	place := func(w bboxWord) (left, right float64) {
		switch {
		case w.yMin > pt(frameBottom): // the footer
			return pt(landMargin), pt(landW - landMargin)
		case w.page == 1:
			return pt(labelX), pt(valueEnd)
		case w.yMin > pt(tableTop): // the table's header and rows
			return columnAt(pt, (w.xMin+w.xMax)/2)
		}
		return pt(landMargin), pt(landW - landMargin) // the table's heading
	}
	for _, w := range words {
		if left, right := place(w); w.xMin < left-eps || w.xMax > right+eps {
			t.Errorf("page %d: %q spans %.1f–%.1f pt, outside its place %.1f–%.1f", w.page, w.text, w.xMin, w.xMax, left, right)
		}
	}
	if len(words) < 100 {
		t.Errorf("only %d words read back", len(words))
	}
}

// columnAt returns the edges, in points, of the table column containing x.
func columnAt(pt func(float64) float64, x float64) (left, right float64) {
	left = landMargin
	for _, col := range columns {
		if x < pt(left+col.width) {
			return pt(left), pt(left + col.width)
		}
		left += col.width
	}
	return pt(left), pt(left)
}

type bboxWord struct {
	page                   int
	xMin, yMin, xMax, yMax float64
	text                   string
}

// parseBBox reads the words of pdftotext -bbox output.
func parseBBox(tb testing.TB, html string) []bboxWord {
	tb.Helper()
	re := regexp.MustCompile(`<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	var words []bboxWord
	page := 0
	for _, m := range re.FindAllStringSubmatch(html, -1) {
		if m[0] == "<page " {
			page++
			continue
		}
		w := bboxWord{page: page, text: m[5]}
		for i, p := range []*float64{&w.xMin, &w.yMin, &w.xMax, &w.yMax} {
			v, err := strconv.ParseFloat(m[i+1], 64)
			if err != nil {
				tb.Fatal(err)
			}
			*p = v
		}
		words = append(words, w)
	}
	return words
}

// TestCertificateGlyphs checks that the fonts have every character a
// certificate draws: its fixed text, read back from a rendered PDF, and the
// names of the code tables' media, varieties, statuses, tag types and
// registration authorities. pdftotext would read back a missing glyph
// perfectly (shared/NOTES.md), so the fonts are asked directly.
func TestCertificateGlyphs(t *testing.T) {
	f := mustCertificate(t, testCertificate(2))
	texts := strings.Fields(strings.Join(certificatePages(t, f), " "))
	for _, m := range cyltrace.Media() {
		texts = append(texts, m.Name)
	}
	for _, v := range cyltrace.Varieties() {
		texts = append(texts, v.Name)
	}
	for _, r := range cyltrace.Regions() {
		texts = append(texts, r.Name, r.Authority)
	}
	texts = append(texts, cyltrace.Statuses()...)
	texts = append(texts, cyltrace.TagTypes()...)
	texts = append(texts, "新增", "停用", "注销", "报废", "无")
	assertGlyphs(t, texts)
}

// TestCertificateDeterministic checks that the same certificate gives the
// same bytes: the document is dated with the certificate's date, not the
// time of output, so a reprint can be compared with the original.
func TestCertificateDeterministic(t *testing.T) {
	a, err := CertificatePDF(testCertificate(30))
	if err != nil {
		t.Fatal(err)
	}
	b, err := CertificatePDF(testCertificate(30))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renderings of one certificate differ")
	}
}
