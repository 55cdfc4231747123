package client_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"cyltrace/client"
)

func stampPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			img.SetGray(x, y, color.Gray{Y: uint8(96 + (x^y)&63)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestBindTagSendsMultipart(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	img := stampPNG(t)
	// A proxy hiccup first: the retry must send the whole photo again.
	api.queue("/api/v1/tags/bind", envelopeReply(503, "服务暂不可用", "{}"))

	res, err := c.BindTag(context.Background(), client.BindRequest{
		CylinderID: "CY00H3XB2MEB3J4XPN",
		TagType:    "二维码",
		QRContent:  "https://qr.example.cn/c/101240029479",
		StampImage: bytes.NewReader(img),
	})
	if err != nil {
		t.Fatalf("bind: %v", err)
	}
	got := api.lastBind()
	wantFields := map[string]string{
		"cylinderId": "CY00H3XB2MEB3J4XPN", "tagType": "二维码", "qrContent": "https://qr.example.cn/c/101240029479",
	}
	if len(got.fields) != len(wantFields) {
		t.Errorf("form fields = %v, want exactly %v", got.fields, wantFields)
	}
	for k, v := range wantFields {
		if got.fields[k] != v {
			t.Errorf("field %s = %q, want %q", k, got.fields[k], v)
		}
	}
	if !bytes.Equal(got.file, img) {
		t.Errorf("stampImage = %d bytes, want the %d bytes of the PNG", len(got.file), len(img))
	}
	if got.fileName != "stamp.png" || got.fileType != "image/png" {
		t.Errorf("file = %q %q, want stamp.png image/png", got.fileName, got.fileType)
	}
	if res.InfoCode != "CQ0000000000000001" || res.CylinderID != "CY00H3XB2MEB3J4XPN" || res.TagType != "二维码" ||
		len(res.StampImageSHA256) != 64 {
		t.Errorf("result = %+v", res)
	}
}

func TestBindTagByProductWithName(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	_, err := c.BindTag(context.Background(), client.BindRequest{
		Manufacturer: "重庆恒祥石油液化气钢瓶制造有限公司", ProductNumber: "101240029479", ManufactureDate: "2024-09",
		TagType: "RFID标签", StampImage: bytes.NewReader(stampPNG(t)), StampImageName: "钢印 1.png",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := api.lastBind()
	if got.fields["manufacturer"] != "重庆恒祥石油液化气钢瓶制造有限公司" || got.fields["productNumber"] != "101240029479" ||
		got.fields["manufactureDate"] != "2024-09" || got.fields["tagType"] != "RFID标签" {
		t.Errorf("fields = %v", got.fields)
	}
	if _, ok := got.fields["cylinderId"]; ok {
		t.Errorf("an empty cylinderId was sent")
	}
	if got.fileName != "钢印 1.png" {
		t.Errorf("file name = %q, want %q", got.fileName, "钢印 1.png")
	}
}

func TestBindTagRefusesHugeImageLocally(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	_, err := c.BindTag(context.Background(), client.BindRequest{
		CylinderID: "CY00H3XB2MEB3J4XPN", TagType: "RFID标签",
		StampImage: bytes.NewReader(make([]byte, client.MaxStampImage+1)),
	})
	var e *client.Error
	if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("err = %v, want a local size error", err)
	}
	if got := api.count("/api/v1/tags/bind"); got != 0 {
		t.Errorf("requests = %d, want 0", got)
	}
}
