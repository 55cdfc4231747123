package qr

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"

	"cyltrace"
)

// Label is what one QR label shows.
type Label struct {
	// URL is what the code encodes: the cylinder's public page.
	URL string
	// Caption is printed under the code: the product number. It may be empty.
	Caption string
}

// Limits on a label.
const (
	// MaxCaption is the longest caption, in characters.
	MaxCaption = 64
	// MaxSize is the largest code side a PNG may ask for, in pixels.
	MaxSize = 4096
	// QuietZone is the white margin around the code, in modules.
	QuietZone = 4
)

// Modules returns the modules of the QR code encoding url at medium error
// correction, quiet zone included: Modules(url)[y][x] is true for a dark
// module. The result is square. It returns an EINVALID *cyltrace.Error for an
// empty URL, one that is not UTF-8 or one too long for a QR code.
func Modules(url string) ([][]bool, error) {
	q, err := encode(url)
	if err != nil {
		return nil, err
	}
	return q.Bitmap(), nil
}

func encode(url string) (*qrcode.QRCode, error) {
	switch {
	case url == "":
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "二维码内容（网址）不能为空")
	case !utf8.ValidString(url):
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "二维码内容（网址）不是有效的 UTF-8 文本")
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "二维码内容（网址）过长：%d 字节，超出二维码容量", len(url))
	}
	return q, nil
}

// checkCaption refuses captions that cannot be printed on one line.
func checkCaption(s string) error {
	if !utf8.ValidString(s) {
		return cyltrace.Errorf(cyltrace.EINVALID, "标签文字不是有效的 UTF-8 文本")
	}
	if n := utf8.RuneCountInString(s); n > MaxCaption {
		return cyltrace.Errorf(cyltrace.EINVALID, "标签文字过长：%d 个字符，最多 %d 个", n, MaxCaption)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return cyltrace.Errorf(cyltrace.EINVALID, "标签文字含有控制字符 %U", r)
		}
	}
	return nil
}

// prepare validates l and returns its modules.
func prepare(l Label) ([][]bool, error) {
	if err := checkCaption(l.Caption); err != nil {
		return nil, err
	}
	m, err := Modules(l.URL)
	if err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("qr: empty bitmap for %d-byte URL", len(l.URL))
	}
	return m, nil
}
