package pdf

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"cyltrace"
	"cyltrace/internal/qr"
)

// Label is one cell of a label sheet.
type Label struct {
	URL           string // what the code encodes: the cylinder's public page
	ProductNumber string // 产品编号, printed under the code
	InfoCode      string // 信息化编码, printed under the product number
}

// LabelSheet is a printable sheet of QR labels.
type LabelSheet struct {
	// Title heads every page, e.g. "重庆玉灵燃气有限公司 气瓶二维码标签".
	// Empty gives DefaultTitle.
	Title  string
	Labels []Label
	// Created is the document's creation date; zero means the time of output.
	Created time.Time
}

// The grid and the limits of a sheet.
const (
	Columns      = 3              // labels across an A4 portrait page
	Rows         = 7              // labels down
	PerPage      = Columns * Rows // 21
	MaxLabels    = 2000           // the most labels one sheet takes
	MaxText      = qr.MaxCaption  // the longest product number or info code, in characters
	MaxTitle     = 100            // the longest title, in characters
	DefaultTitle = "气瓶二维码标签"
)

// Pages is the number of pages a sheet of n labels has.
func Pages(n int) int { return (n + PerPage - 1) / PerPage }

// Sheet returns an A4 portrait PDF of s's labels, PerPage to a page in
// Columns×Rows cells with light dashed borders to cut along. It refuses an
// empty sheet and one of more than MaxLabels labels, and any label Sheet
// cannot print, with a *cyltrace.Error (EINVALID, or ETOOLARGE for too many
// labels) naming the label.
func Sheet(s LabelSheet) ([]byte, error) {
	codes, err := s.validate()
	if err != nil {
		return nil, err
	}
	title := s.Title
	if title == "" {
		title = DefaultTitle
	}

	f, err := newDocument("P", title, s.Created)
	if err != nil {
		return nil, err
	}

	pages := Pages(len(s.Labels))
	for p := range pages {
		f.AddPage()
		first := p * PerPage
		last := min(first+PerPage, len(s.Labels))
		drawHeader(f, title, p+1, pages, len(s.Labels))
		for i := first; i < last; i++ {
			cell := i - first
			drawCell(f, gridX+float64(cell%Columns)*cellW, gridY+float64(cell/Columns)*cellH, s.Labels[i], codes[i])
		}
	}

	return finish(f, "label sheet")
}

// validate checks the whole sheet before anything is drawn and returns the
// modules of every label's code.
func (s LabelSheet) validate() ([][][]bool, error) {
	switch n := len(s.Labels); {
	case n == 0:
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "标签清单为空，没有可打印的标签")
	case n > MaxLabels:
		return nil, cyltrace.Errorf(cyltrace.ETOOLARGE, "一次最多打印 %d 个标签，本次 %d 个，请分批打印", MaxLabels, n)
	}
	if msg := checkText(s.Title, MaxTitle); msg != "" {
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "标题%s", msg)
	}
	codes := make([][][]bool, len(s.Labels))
	for i, l := range s.Labels {
		for _, t := range []struct{ name, v string }{{"产品编号", l.ProductNumber}, {"信息化编码", l.InfoCode}} {
			if msg := checkText(t.v, MaxText); msg != "" {
				return nil, cyltrace.Errorf(cyltrace.EINVALID, "第 %d 个标签的%s%s", i+1, t.name, msg)
			}
		}
		m, err := qr.Modules(l.URL)
		if err != nil {
			return nil, cyltrace.Errorf(cyltrace.EINVALID, "第 %d 个标签：%s", i+1, cyltrace.ErrorMessage(err))
		}
		codes[i] = m
	}
	return codes, nil
}

// checkText returns why s cannot be printed on one line, or "".
func checkText(s string, maxLen int) string {
	if !utf8.ValidString(s) {
		return "不是有效的 UTF-8 文本"
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return fmt.Sprintf("过长：%d 个字符，最多 %d 个", n, maxLen)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("含有控制字符 %U", r)
		}
	}
	return ""
}
