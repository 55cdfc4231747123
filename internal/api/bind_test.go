package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"cyltrace"
)

// stampPNG is a real PNG photo stand-in of the given side.
func stampPNG(t testing.TB, side int) []byte {
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(1, 1, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartBody builds a /tags/bind form; file may be nil.
func multipartBody(t testing.TB, fields map[string]string, file []byte) (string, []byte) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("stampImage", "stamp.png")
		fw.Write(file)
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func (e *env) bind(token string, fields map[string]string, file []byte) *response {
	e.t.Helper()
	ct, body := multipartBody(e.t, fields, file)
	return e.post("/api/v1/tags/bind", token, ct, body)
}

type bound struct{ CylinderID, InfoCode, TagType, QRContent, StampImage string }

func TestBindTag(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok := e.token(cyltrace.RoleFilling)
		photo := stampPNG(t, 80)
		fields := map[string]string{"cylinderId": e.bare.ID, "tagType": "二维码", "qrContent": "https://label.yuling.example.cn/q/77"}
		var b bound
		json.Unmarshal(e.bind(tok, fields, photo).want(t, 200).Data, &b)
		if !cyltrace.ValidInfoCode(b.InfoCode) || b.CylinderID != e.bare.ID || len(b.StampImage) != 64 {
			t.Fatalf("binding answer %+v", b)
		}
		// The photo is stored under its hash; the archive now resolves by the label.
		if _, err := os.Stat(filepath.Join(e.images, b.StampImage[:2], b.StampImage+".png")); err != nil {
			t.Errorf("stamp photo not stored content-addressed: %v", err)
		}
		got, err := e.store.CylinderByQRContent(context.Background(), fields["qrContent"])
		if err != nil || got.InfoCode != b.InfoCode || got.TagType != cyltrace.TagQR {
			t.Errorf("archive after binding: %+v %v", got, err)
		}

		// Re-binding the same cylinder keeps its code and the history.
		fields["qrContent"] = "https://label.yuling.example.cn/q/78"
		var again bound
		json.Unmarshal(e.bind(tok, fields, stampPNG(t, 96)).want(t, 200).Data, &again)
		if again.InfoCode != b.InfoCode {
			t.Errorf("re-binding issued %s, want the same %s", again.InfoCode, b.InfoCode)
		}
		if hist, _ := e.store.Bindings(context.Background(), e.bare.ID); len(hist) != 2 {
			t.Errorf("binding history %d entries, want 2", len(hist))
		}

		// A label bound to another cylinder: 409.
		taken := map[string]string{"cylinderId": e.own.ID, "tagType": "二维码", "qrContent": e.other.QRContent}
		e.bind(tok, taken, photo).want(t, 409)
		// Not this unit's cylinder: 403; a maker may bind the cylinders it made.
		e.bind(tok, map[string]string{"cylinderId": e.other.ID, "tagType": "RFID标签"}, photo).want(t, 403)
		mtok := e.token(cyltrace.RoleManufacturer)
		e.bind(mtok, map[string]string{"cylinderId": e.other.ID, "tagType": "RFID标签"}, photo).want(t, 200)
		// The inspection role may not bind at all.
		e.bind(e.token(cyltrace.RoleInspection), fields, photo).want(t, 403)

		bad := []struct {
			name   string
			fields map[string]string
			file   []byte
			status int
			field  string
		}{
			{"not an image", fields, []byte("GIF89a this is not a photo"), 400, "stampImage"},
			{"truncated png", fields, photo[:len(photo)/2], 400, "stampImage"},
			{"too small a photo", fields, stampPNG(t, 16), 400, "stampImage"},
			{"no photo", fields, nil, 400, "stampImage"},
			{"qr tag without url", map[string]string{"cylinderId": e.bare.ID, "tagType": "二维码"}, photo, 400, "qrContent"},
			{"bad tag type", map[string]string{"cylinderId": e.bare.ID, "tagType": "NFC"}, photo, 400, "tagType"},
			{"unknown field", map[string]string{"cylinderId": e.bare.ID, "tagType": "RFID标签", "color": "red"}, photo, 400, "color"},
			{"unknown cylinder", map[string]string{"cylinderId": "CY9999999999999999", "tagType": "RFID标签"}, photo, 404, ""},
		}
		for _, tt := range bad {
			r := e.bind(tok, tt.fields, tt.file)
			if r.status != tt.status || (tt.field != "" && !slices.Contains(r.fields(), tt.field)) {
				t.Errorf("%s: %d %s fields %v, want %d naming %s", tt.name, r.status, r.Message, r.fields(), tt.status, tt.field)
			}
		}
		big := make([]byte, 7<<20)
		copy(big, photo)
		e.bind(tok, fields, big).want(t, 413)
		e.post("/api/v1/tags/bind", tok, "application/json", []byte(`{}`)).want(t, 415)
		if got, _ := e.store.Cylinder(context.Background(), e.bare.ID); got.QRContent != "https://label.yuling.example.cn/q/78" {
			t.Errorf("refused bindings changed the label to %q", got.QRContent)
		}
	})
}
