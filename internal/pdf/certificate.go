package pdf

import (
	"fmt"
	"strings"
	"time"

	"cyltrace"
)

// Certificate is a using unit's use-registration certificate (使用登记证) with
// the summary table of its cylinders (气瓶基本信息汇总表).
type Certificate struct {
	Number    string // 使用登记证编号, e.g. 瓶32渝A17(26)
	Authority string // 使用登记机关, e.g. 重庆市渝中区市场监督管理局
	Date      string // 使用登记日期 yyyy-mm-dd (of this issue)
	UnitName  string // 使用单位
	UnitCode  string // 统一社会信用代码
	Address   string // 单位地址 (district + detailed address), may be empty
	Cylinders []CertificateCylinder
}

// CertificateCylinder is one row of the summary table, already formatted for display.
type CertificateCylinder struct {
	Variety, ProductNumber, Medium, Manufacturer, ManufactureDate string
	NominalPressure, Volume                                       string // "2.10", "35.50"
	LastInspection, NextInspection, InternalNumber                string
	RegistrationState                                             string // 登记情况: 新增 / 停用 / 注销 / 报废
	TagType                                                       string // 信息化管理情况: 二维码 / RFID标签 / 无
	RegistrationDate                                              string // 使用登记日期 of that cylinder yyyy-mm-dd
}

// The limits of a certificate.
const (
	// MaxCertificateCylinders is the most cylinders one certificate lists:
	// about 4,500 pages, far more than a Chongqing filling unit owns, yet
	// bounded so that one request cannot exhaust memory.
	MaxCertificateCylinders = 100_000
	// MaxCertificateText is the longest text of any field, in characters:
	// the 200 of 使用登记机关, the longest field of SPEC.md §3.1.
	MaxCertificateText = 200
	// CertificateRowsPerPage is the number of cylinders on a page of the
	// summary table.
	CertificateRowsPerPage = 22
)

// CertificatePages is the number of pages of a certificate listing n
// cylinders: the certificate itself, then the summary table.
func CertificatePages(n int) int {
	return 1 + (n+CertificateRowsPerPage-1)/CertificateRowsPerPage
}

// CertificatePDF renders c as a landscape A4 PDF. Page 1 is the certificate:
// 特种设备使用登记证 with its number, the using unit, its code and address,
// 设备类别 气瓶, 数量, the authority and the date, and a note that the summary
// table is part of the certificate. The pages after it are the table
// 气瓶基本信息汇总表, CertificateRowsPerPage cylinders a page, each page with
// its own heading and column header. Every page's footer has the
// certificate number and "第 x 页 共 y 页", so that a loose page can be put
// back. Text too long for its place is shrunk (and in table cells broken
// into two lines) but never overflows.
//
// It refuses, with a *cyltrace.Error, a certificate with no number,
// authority or unit name, a date not yyyy-mm-dd, a cylinder with no product
// number, text over MaxCertificateText characters or with control
// characters (EINVALID), no cylinders (EINVALID) and more than
// MaxCertificateCylinders (ETOOLARGE).
func CertificatePDF(c Certificate) ([]byte, error) {
	date, err := c.validate()
	if err != nil {
		return nil, err
	}
	f, err := newDocument("L", "特种设备使用登记证 "+c.Number, date)
	if err != nil {
		return nil, err
	}
	f.SetAuthor(c.Authority, true)

	pages := CertificatePages(len(c.Cylinders))
	f.AddPage()
	drawCertificate(f, c, date, pages)
	drawFooter(f, c.Number, 1, pages)
	for p := 2; p <= pages; p++ {
		first := (p - 2) * CertificateRowsPerPage
		last := min(first+CertificateRowsPerPage, len(c.Cylinders))
		f.AddPage()
		drawTablePage(f, c, first, c.Cylinders[first:last])
		drawFooter(f, c.Number, p, pages)
	}
	return finish(f, "certificate")
}

// chinaTime is the zone of the date printed on a certificate.
var chinaTime = time.FixedZone("CST", 8*60*60)

// validate checks the whole certificate before anything is drawn and
// returns its date, which is also the document's creation date so that the
// same certificate always gives the same bytes.
func (c Certificate) validate() (time.Time, error) {
	switch n := len(c.Cylinders); {
	case n == 0:
		return time.Time{}, cyltrace.Errorf(cyltrace.EINVALID, "使用登记证没有气瓶，气瓶基本信息汇总表不能为空")
	case n > MaxCertificateCylinders:
		return time.Time{}, cyltrace.Errorf(cyltrace.ETOOLARGE, "一张使用登记证最多列 %d 只气瓶，本次 %d 只", MaxCertificateCylinders, n)
	}
	for _, fd := range []struct {
		name, v  string
		required bool
	}{
		{"使用登记证编号", c.Number, true},
		{"使用登记机关", c.Authority, true},
		{"使用单位", c.UnitName, true},
		{"统一社会信用代码", c.UnitCode, false},
		{"单位地址", c.Address, false},
	} {
		if err := checkField(fd.name, fd.v, fd.required); err != nil {
			return time.Time{}, err
		}
	}
	date, err := time.ParseInLocation(time.DateOnly, c.Date, chinaTime)
	if err != nil {
		return time.Time{}, cyltrace.Errorf(cyltrace.EINVALID, "使用登记日期 %q 无效，应为 yyyy-mm-dd，如 2026-03-01", c.Date)
	}
	for i, cy := range c.Cylinders {
		if err := cy.validate(i); err != nil {
			return time.Time{}, err
		}
	}
	return date, nil
}

// validate checks the i-th cylinder's every column.
func (cy CertificateCylinder) validate(i int) error {
	for _, col := range columns {
		name := fmt.Sprintf("第 %d 只气瓶的%s", i+1, col.name)
		if err := checkField(name, col.value(i, cy), col.required); err != nil {
			return err
		}
	}
	return nil
}

// checkField returns why the field name with value v cannot be printed.
func checkField(name, v string, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return cyltrace.Errorf(cyltrace.EINVALID, "%s不能为空", name)
	}
	if msg := checkText(v, MaxCertificateText); msg != "" {
		return cyltrace.Errorf(cyltrace.EINVALID, "%s%s", name, msg)
	}
	return nil
}
