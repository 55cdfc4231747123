package cyltrace

import "testing"

func TestCylinderQueryValidate(t *testing.T) {
	tests := []struct {
		name string
		q    CylinderQuery
		want []string
	}{
		{"by info code", CylinderQuery{InfoCode: "CQ0123456789ABCDEF"}, nil},
		{"by id", CylinderQuery{ID: "CY0123456789ABCDEF"}, nil},
		{"by qr", CylinderQuery{QRContent: "https://x.example.cn/1"}, nil},
		{"by product", CylinderQuery{Manufacturer: "某钢瓶厂", ProductNumber: "A100417"}, nil},
		{"by triple", CylinderQuery{Manufacturer: "某钢瓶厂", ProductNumber: "A100417", ManufactureDate: "2020-08"}, nil},
		{"nothing", CylinderQuery{}, []string{"infoCode/required"}},
		{"two ways", CylinderQuery{InfoCode: "CQ0123456789ABCDEF", ID: "CY0123456789ABCDEF"}, []string{"infoCode/not_allowed"}},
		{"bad info code", CylinderQuery{InfoCode: "CQ1"}, []string{"infoCode/format"}},
		{"bad id", CylinderQuery{ID: "1; DROP"}, []string{"id/format"}},
		{"product without maker", CylinderQuery{ProductNumber: "A1"}, []string{"manufacturer/required"}},
		{"bad month", CylinderQuery{Manufacturer: "厂", ProductNumber: "A1", ManufactureDate: "2020-13"},
			[]string{"manufactureDate/format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFields(t, tt.q.Validate(), tt.want...) })
	}
}

func TestTagBindingValidate(t *testing.T) {
	good := TagBinding{CylinderID: "CY0123456789ABCDEF", TagType: TagQR, QRContent: "https://label.example.cn/c/1"}
	tests := []struct {
		name   string
		change func(*TagBinding)
		want   []string
	}{
		{"good", func(*TagBinding) {}, nil},
		{"rfid without url", func(b *TagBinding) { b.TagType, b.QRContent = TagRFID, "" }, nil},
		{"by triple", func(b *TagBinding) {
			b.CylinderID, b.Manufacturer, b.ProductNumber, b.ManufactureDate = "", "某钢瓶厂", "A1", "2021-03"
		}, nil},
		{"no cylinder", func(b *TagBinding) { b.CylinderID = "" }, []string{"cylinderId/required"}},
		{"both ways", func(b *TagBinding) { b.Manufacturer = "某钢瓶厂" }, []string{"cylinderId/not_allowed", "productNumber/required", "manufactureDate/required"}},
		{"no tag type", func(b *TagBinding) { b.TagType = "" }, []string{"tagType/required"}},
		{"bad tag type", func(b *TagBinding) { b.TagType = "NFC" }, []string{"tagType/code"}},
		{"qr without url", func(b *TagBinding) { b.QRContent = "" }, []string{"qrContent/required"}},
		{"qr not a url", func(b *TagBinding) { b.QRContent = "扫码查看" }, []string{"qrContent/format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := good
			tt.change(&b)
			checkFields(t, b.Validate(), tt.want...)
		})
	}
}
