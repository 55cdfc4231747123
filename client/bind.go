package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
)

// MaxStampImage is the largest steel-stamp photo the API accepts (5 MiB).
const MaxStampImage = 5 << 20

// BindRequest binds an electronic tag (信息化标签) to a cylinder. Name the
// cylinder by CylinderID or by Manufacturer, ProductNumber and
// ManufactureDate (yyyy-mm).
type BindRequest struct {
	CylinderID      string
	Manufacturer    string
	ProductNumber   string
	ManufactureDate string
	TagType         string // "二维码" or "RFID标签"
	QRContent       string // the URL the QR code encodes; required for 二维码
	// StampImage is the photo of the cylinder's steel stamp (钢印), JPEG or
	// PNG, at most MaxStampImage bytes. It is read to the end before the
	// first attempt, so that a retry sends it again.
	StampImage io.Reader
	// StampImageName is the file name sent with the photo; "stamp.jpg" or
	// "stamp.png" by its content when empty.
	StampImageName string
}

// BindResult is the binding as the city system recorded it.
type BindResult struct {
	CylinderID string `json:"cylinderId"`
	InfoCode   string `json:"infoCode"` // 信息化编码: issued at the first binding, kept on re-binding
	TagType    string `json:"tagType"`
	QRContent  string `json:"qrContent"`
	// StampImageSHA256 is the hex SHA-256 of the stored photo.
	StampImageSHA256 string `json:"stampImage"`
}

// BindTag binds a tag to a cylinder through /api/v1/tags/bind (multipart)
// and returns its 信息化编码. A QR content bound to another cylinder is an
// *Error with code "409"; a cylinder the API client's unit may not bind
// (a filling unit binds its own cylinders, a maker the ones it made) "403".
// Binding again is safe: the cylinder keeps its 信息化编码.
func (c *Client) BindTag(ctx context.Context, b BindRequest) (*BindResult, error) {
	req, err := bindRequest(b)
	if err != nil {
		return nil, err
	}
	var res BindResult
	if err := c.callAuthed(ctx, req, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

func bindRequest(b BindRequest) (request, error) {
	const path = apiPrefix + "/tags/bind"
	if b.StampImage == nil {
		return request{}, fmt.Errorf("client: bind tag: no StampImage")
	}
	img, err := io.ReadAll(io.LimitReader(b.StampImage, MaxStampImage+1))
	if err != nil {
		return request{}, fmt.Errorf("client: bind tag: read stamp image: %w", err)
	}
	if len(img) > MaxStampImage {
		return request{}, fmt.Errorf("client: bind tag: stamp image larger than %d bytes", MaxStampImage)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, f := range []struct{ name, value string }{
		{"cylinderId", b.CylinderID},
		{"manufacturer", b.Manufacturer},
		{"productNumber", b.ProductNumber},
		{"manufactureDate", b.ManufactureDate},
		{"tagType", b.TagType},
		{"qrContent", b.QRContent},
	} {
		if f.value == "" {
			continue
		}
		if err := w.WriteField(f.name, f.value); err != nil {
			return request{}, fmt.Errorf("client: bind tag: %w", err)
		}
	}
	ctype := http.DetectContentType(img)
	name := b.StampImageName
	if name == "" {
		name = "stamp.jpg"
		if ctype == "image/png" {
			name = "stamp.png"
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="stampImage"; filename="%s"`, escapeQuotes(name)))
	h.Set("Content-Type", ctype)
	part, err := w.CreatePart(h)
	if err != nil {
		return request{}, fmt.Errorf("client: bind tag: %w", err)
	}
	if _, err := part.Write(img); err != nil {
		return request{}, fmt.Errorf("client: bind tag: %w", err)
	}
	if err := w.Close(); err != nil {
		return request{}, fmt.Errorf("client: bind tag: %w", err)
	}
	return request{path: path, contentType: w.FormDataContentType(), body: body.Bytes()}, nil
}

// escapeQuotes escapes a file name for a quoted header value, as
// mime/multipart does.
func escapeQuotes(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, "\\\"").Replace(s)
}
