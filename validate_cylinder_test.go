package cyltrace

import (
	"encoding/json"
	"testing"
)

func validCylinder() Cylinder {
	pressure, _ := ParseDecimal("2.10")
	volume, _ := ParseDecimal("35.5")
	return Cylinder{
		ID:                     "CY0123456789ABCDEF",
		UseUnitName:            "重庆玉灵燃气有限公司",
		RegionCode:             "500104",
		VarietyCode:            "2320",
		ProductNumber:          "A030105",
		MediumCode:             "G14",
		Manufacturer:           "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate:        "2020-06",
		NominalPressureMPa:     pressure,
		VolumeL:                volume,
		LastInspectionDate:     "2020-06-30",
		NextInspectionDate:     "2024-06",
		UnitInternalNumber:     "008965",
		Status:                 StatusInUse,
		TagType:                TagQR,
		InfoCode:               "CQ0123456789ABCDEF",
		QRContent:              "https://trace.example.cn/c/CQ0123456789ABCDEF",
		RegistrationCertNumber: "瓶2B渝0001(21)",
		RegistrationDate:       "2021-01-01",
		RegistrationAuthority:  "重庆市大渡口区市场监督管理局",
	}
}

func badDecimal(s string) Decimal { d, _ := ParseDecimal(s); return d }

func TestCylinderValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Cylinder)
		want   []string // field/rule; none for a good record
	}{
		{"the good record", func(c *Cylinder) {}, nil},
		{"id empty before issue", func(c *Cylinder) { c.ID = "" }, nil},
		{"id too short", func(c *Cylinder) { c.ID = "CY123" }, []string{"id/format"}},
		{"id with I", func(c *Cylinder) { c.ID = "CYI123456789ABCDEF" }, []string{"id/format"}},
		{"useUnitName empty", func(c *Cylinder) { c.UseUnitName = "" }, []string{"useUnitName/required"}},
		{"useUnitName 100 Chinese chars", func(c *Cylinder) { c.UseUnitName = runes("气", 100) }, nil},
		{"useUnitName 101 chars", func(c *Cylinder) { c.UseUnitName = runes("气", 101) }, []string{"useUnitName/max_length"}},
		{"useUnitName leading space", func(c *Cylinder) { c.UseUnitName = " 重庆燃气" }, []string{"useUnitName/format"}},
		{"useUnitName ideographic space", func(c *Cylinder) { c.UseUnitName = "重庆燃气\u3000" }, []string{"useUnitName/format"}},
		{"useUnitName tab", func(c *Cylinder) { c.UseUnitName = "重庆\t燃气" }, []string{"useUnitName/format"}},
		{"useUnitName zero-width space", func(c *Cylinder) { c.UseUnitName = "重庆\u200b燃气" }, []string{"useUnitName/format"}},
		{"useUnitName bad UTF-8", func(c *Cylinder) { c.UseUnitName = "重庆\xff" }, []string{"useUnitName/format"}},
		{"useUnitName inner space", func(c *Cylinder) { c.UseUnitName = "TAY KIM CHOON" }, nil},
		{"regionCode empty", func(c *Cylinder) { c.RegionCode = "" }, []string{"regionCode/required"}},
		{"regionCode unknown", func(c *Cylinder) { c.RegionCode = "500100" }, []string{"regionCode/code"}},
		{"regionCode last", func(c *Cylinder) { c.RegionCode = "500299" }, nil},
		{"varietyCode empty", func(c *Cylinder) { c.VarietyCode = "" }, []string{"varietyCode/required"}},
		{"varietyCode unknown", func(c *Cylinder) { c.VarietyCode = "2330" }, []string{"varietyCode/code"}},
		{"varietyCode lowercase", func(c *Cylinder) { c.VarietyCode = "23t0" }, []string{"varietyCode/code"}},
		{"varietyCode special", func(c *Cylinder) { c.VarietyCode = "23T0" }, nil},
		{"productNumber empty", func(c *Cylinder) { c.ProductNumber = "" }, []string{"productNumber/required"}},
		{"productNumber 51 chars", func(c *Cylinder) { c.ProductNumber = runes("1", 51) }, []string{"productNumber/max_length"}},
		{"productNumber 12 digits, year disagrees", func(c *Cylinder) { c.ProductNumber = "123990000001" }, nil},
		{"mediumCode empty", func(c *Cylinder) { c.MediumCode = "" }, []string{"mediumCode/required"}},
		{"mediumCode G33", func(c *Cylinder) { c.MediumCode = "G33" }, []string{"mediumCode/code"}},
		{"mediumCode lowercase", func(c *Cylinder) { c.MediumCode = "g14" }, []string{"mediumCode/code"}},
		{"mediumCode G20", func(c *Cylinder) { c.MediumCode = "G20" }, nil},
		{"manufacturer empty", func(c *Cylinder) { c.Manufacturer = "" }, []string{"manufacturer/required"}},
		{"manufacturer 101 chars", func(c *Cylinder) { c.Manufacturer = runes("厂", 101) }, []string{"manufacturer/max_length"}},
		{"manufactureDate empty", func(c *Cylinder) { c.ManufactureDate = "" }, []string{"manufactureDate/required"}},
		{"manufactureDate month 13", func(c *Cylinder) { c.ManufactureDate = "2020-13" }, []string{"manufactureDate/format"}},
		{"manufactureDate one-digit month", func(c *Cylinder) { c.ManufactureDate = "2020-6" }, []string{"manufactureDate/format"}},
		{"manufactureDate full date", func(c *Cylinder) { c.ManufactureDate = "2020-06-30" }, []string{"manufactureDate/format"}},
		{"manufactureDate next month (no cascade onto registrationDate)", func(c *Cylinder) {
			c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate = "2024-07", "", "2028-07"
		}, []string{"manufactureDate/future"}},
		{"manufactureDate this month", func(c *Cylinder) {
			c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate = "2024-06", "", "2028-06"
			c.RegistrationDate = "2024-06-15"
		}, nil},
		{"nominalPressureMPa missing", func(c *Cylinder) { c.NominalPressureMPa = Decimal{} }, []string{"nominalPressureMPa/required"}},
		{"nominalPressureMPa not a number", func(c *Cylinder) { c.NominalPressureMPa = badDecimal("2,1") }, []string{"nominalPressureMPa/format"}},
		{"nominalPressureMPa zero", func(c *Cylinder) { c.NominalPressureMPa = DecimalFromHundredths(0) }, []string{"nominalPressureMPa/range"}},
		{"volumeL missing", func(c *Cylinder) { c.VolumeL = Decimal{} }, []string{"volumeL/required"}},
		{"volumeL three decimals", func(c *Cylinder) { c.VolumeL = badDecimal("35.555") }, []string{"volumeL/format"}},
		{"volumeL zero", func(c *Cylinder) { c.VolumeL = badDecimal("0.00") }, []string{"volumeL/range"}},
		{"volumeL 1000", func(c *Cylinder) { c.VolumeL = badDecimal("1000") }, nil},
		{"lastInspectionDate empty", func(c *Cylinder) { c.LastInspectionDate = "" }, nil},
		{"lastInspectionDate 2023-02-29", func(c *Cylinder) { c.LastInspectionDate = "2023-02-29" }, []string{"lastInspectionDate/format"}},
		{"lastInspectionDate tomorrow", func(c *Cylinder) { c.LastInspectionDate = "2024-06-16" }, []string{"lastInspectionDate/future"}},
		{"lastInspectionDate before made", func(c *Cylinder) { c.LastInspectionDate = "2020-05-31" }, []string{"lastInspectionDate/order"}},
		{"lastInspectionDate first day of made month", func(c *Cylinder) { c.LastInspectionDate = "2020-06-01" }, nil},
		{"nextInspectionDate empty", func(c *Cylinder) { c.NextInspectionDate = "" }, []string{"nextInspectionDate/required"}},
		{"nextInspectionDate format", func(c *Cylinder) { c.NextInspectionDate = "2024年6月" }, []string{"nextInspectionDate/format"}},
		{"nextInspectionDate the last inspection's month", func(c *Cylinder) { c.NextInspectionDate = "2020-06" }, []string{"nextInspectionDate/order"}},
		{"nextInspectionDate the made month", func(c *Cylinder) {
			c.LastInspectionDate, c.NextInspectionDate = "", "2020-06"
		}, []string{"nextInspectionDate/order"}},
		{"nextInspectionDate overdue is still valid", func(c *Cylinder) { c.NextInspectionDate = "2021-01" }, nil},
		{"unitInternalNumber empty", func(c *Cylinder) { c.UnitInternalNumber = "" }, nil},
		{"unitInternalNumber 51 chars", func(c *Cylinder) { c.UnitInternalNumber = runes("号", 51) }, []string{"unitInternalNumber/max_length"}},
		{"status empty", func(c *Cylinder) { c.Status = "" }, []string{"status/required"}},
		{"status unknown", func(c *Cylinder) { c.Status = "使用中" }, []string{"status/code"}},
		{"status scrapped", func(c *Cylinder) { c.Status = StatusScrapped }, nil},
		{"tagType with a space", func(c *Cylinder) { c.TagType = "RFID 标签" }, []string{"tagType/code"}},
		{"tagType lowercase", func(c *Cylinder) { c.TagType = "rfid标签" }, []string{"tagType/code"}},
		{"tagType RFID", func(c *Cylinder) { c.TagType = TagRFID }, nil},
		{"no tag at all", func(c *Cylinder) { c.TagType, c.InfoCode, c.QRContent = "", "", "" }, nil},
		{"infoCode without tagType", func(c *Cylinder) { c.TagType, c.QRContent = "", "" }, []string{"tagType/required"}},
		{"infoCode too short", func(c *Cylinder) { c.InfoCode = "CQ123" }, []string{"infoCode/format"}},
		{"infoCode is a cylinder id", func(c *Cylinder) { c.InfoCode = "CY0123456789ABCDEF" }, []string{"infoCode/format"}},
		{"qrContent missing for a QR tag", func(c *Cylinder) { c.QRContent = "" }, []string{"qrContent/required"}},
		{"qrContent with an RFID tag", func(c *Cylinder) { c.TagType = TagRFID }, nil},
		{"qrContent http", func(c *Cylinder) { c.QRContent = "http://203.93.109.202:59/c?id=1" }, nil},
		{"qrContent ftp", func(c *Cylinder) { c.QRContent = "ftp://trace.example.cn/a" }, []string{"qrContent/format"}},
		{"qrContent relative", func(c *Cylinder) { c.QRContent = "trace.example.cn/a" }, []string{"qrContent/format"}},
		{"qrContent no host", func(c *Cylinder) { c.QRContent = "https:///a" }, []string{"qrContent/format"}},
		{"qrContent space", func(c *Cylinder) { c.QRContent = "https://a.cn/a b" }, []string{"qrContent/format"}},
		{"qrContent 1001 chars", func(c *Cylinder) { c.QRContent = "https://a.cn/" + runes("a", 988) }, []string{"qrContent/max_length"}},
		{"qrContent 1000 chars", func(c *Cylinder) { c.QRContent = "https://a.cn/" + runes("a", 987) }, nil},
		{"not registered", func(c *Cylinder) {
			c.RegistrationCertNumber, c.RegistrationDate, c.RegistrationAuthority = "", "", ""
		}, nil},
		{"registrationCertNumber missing", func(c *Cylinder) { c.RegistrationCertNumber = "" }, []string{"registrationCertNumber/together"}},
		{"registrationCertNumber 51 chars", func(c *Cylinder) { c.RegistrationCertNumber = runes("9", 51) }, []string{"registrationCertNumber/max_length"}},
		{"registrationDate missing", func(c *Cylinder) { c.RegistrationDate = "" }, []string{"registrationDate/together"}},
		{"registrationDate format", func(c *Cylinder) { c.RegistrationDate = "2021-1-1" }, []string{"registrationDate/format"}},
		{"registrationDate tomorrow", func(c *Cylinder) { c.RegistrationDate = "2024-06-16" }, []string{"registrationDate/future"}},
		{"registrationDate before made", func(c *Cylinder) { c.RegistrationDate = "2020-05-31" }, []string{"registrationDate/order"}},
		{"registrationAuthority missing", func(c *Cylinder) { c.RegistrationAuthority = "" }, []string{"registrationAuthority/together"}},
		{"registrationAuthority 201 chars", func(c *Cylinder) { c.RegistrationAuthority = runes("局", 201) }, []string{"registrationAuthority/max_length"}},
		{"registration date only", func(c *Cylinder) { c.RegistrationCertNumber, c.RegistrationAuthority = "", "" },
			[]string{"registrationCertNumber/together", "registrationAuthority/together"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCylinder()
			tt.mutate(&c)
			checkFields(t, c.Validate(testNow), tt.want...)
		})
	}
}

func TestCylinderValidateReportsEveryField(t *testing.T) {
	c := validCylinder()
	c.UseUnitName = ""
	c.MediumCode = "G33"
	c.ManufactureDate = "2020-13"
	c.VolumeL = badDecimal("abc")
	c.Status = "x"
	c.TagType = "RFID 标签"
	c.RegistrationDate = ""
	checkFields(t, c.Validate(testNow), "useUnitName/required", "mediumCode/code", "manufactureDate/format",
		"volumeL/format", "status/code", "tagType/code", "registrationDate/together")
}

func TestCylinderValidateMessages(t *testing.T) {
	tests := []struct {
		mutate func(c *Cylinder)
		want   string
	}{
		{func(c *Cylinder) { c.ManufactureDate = "2020/06" }, `制造年月格式应为 yyyy-mm（如 2021-08），"2020/06" 不符合`},
		{func(c *Cylinder) { c.UseUnitName = runes("气", 101) }, "使用单位名称不能超过100个字（现为101个字）"},
		{func(c *Cylinder) { c.MediumCode = "G33" }, `充装介质代码 "G33" 不存在，应为 G1–G20`},
		{func(c *Cylinder) { c.Status = "在" }, `使用状态 "在" 不正确，应为 在用、停用 或 报废`},
	}
	for _, tt := range tests {
		c := validCylinder()
		tt.mutate(&c)
		fields := fieldErrors(t, c.Validate(testNow))
		if len(fields) != 1 || fields[0].Message != tt.want {
			t.Errorf("got %v, want one error %q", fields, tt.want)
		}
	}
}

// A bad number in the JSON must become a field error of Validate, not a
// refusal of the whole document by the decoder.
func TestCylinderValidateBadJSONNumbers(t *testing.T) {
	good, err := json.Marshal(validCylinder())
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{`"abc"`, `true`, `-1`, `1e3`, `"1.234"`, `{}`, `[1]`, `""`} {
		var c Cylinder
		if err := json.Unmarshal(good, &c); err != nil {
			t.Fatal(err)
		}
		body := `{"volumeL":` + raw + `}`
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Errorf("decode %s: got error %v, want none", body, err)
			continue
		}
		checkFields(t, c.Validate(testNow), "volumeL/format")
	}
}
