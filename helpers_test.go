package cyltrace

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
)

// testNow is the clock of the validation tests: 2024-06-15 10:00 in Chongqing.
var testNow = time.Date(2024, 6, 15, 10, 0, 0, 0, CST)

// fieldNames are the Chinese names each field's messages must use, from the
// source's field tables.
var fieldNames = map[string]string{
	"id": "气瓶档案ID", "cylinderId": "气瓶档案ID", "useUnitName": "使用单位名称",
	"regionCode": "设备区域", "varietyCode": "设备品种", "productNumber": "产品编号",
	"mediumCode": "充装介质", "manufacturer": "制造单位", "manufactureDate": "制造年月",
	"nominalPressureMPa": "公称工作压力", "volumeL": "容积", "lastInspectionDate": "最近一次检验日期",
	"nextInspectionDate": "下次检验日期", "unitInternalNumber": "单位内编号", "status": "使用状态",
	"tagType": "信息化管理情况", "infoCode": "信息化编码", "qrContent": "二维码",
	"registrationCertNumber": "使用登记证编号", "registrationDate": "使用登记日期",
	"registrationAuthority": "使用登记机关", "sourceId": "来源记录ID", "filler": "充装人员",
	"fillingDate": "充装日期", "fillingUnitName": "充装单位名称", "fillingTime": "充装时间",
	"inspectionDate": "检验日期", "inspectionAgency": "检验检测单位", "conclusion": "检验结论",
	"inspectionType": "检验类型", "time": "日期", "node": "节点名称", "actorName": "单位名称或姓名",
	"code": "单位代码", "name": "单位名称", "kinds": "单位类型", "makerCode": "制造单位代码",
}

// fieldErrors returns the field errors of a Validate result, failing the
// test when err is not an EINVALID *Error or a message is not a Chinese
// sentence naming its field.
func fieldErrors(t *testing.T, err error) []FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %T %v, want *Error", err, err)
	}
	if got, want := e.Code, EINVALID; got != want {
		t.Errorf("got code %q, want %q", got, want)
	}
	if len(e.Fields) == 0 {
		t.Errorf("got an *Error without fields: %v", e)
	}
	for _, f := range e.Fields {
		name, ok := fieldNames[f.Field]
		if !ok {
			t.Errorf("got field %q, not a known JSON name", f.Field)
			continue
		}
		if !strings.Contains(f.Message, name) {
			t.Errorf("field %s: got message %q, want it to name %q", f.Field, f.Message, name)
		}
		if !strings.ContainsFunc(f.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("field %s: got message %q, want Chinese", f.Field, f.Message)
		}
	}
	return e.Fields
}

// checkFields asserts that err lists exactly the wanted field/rule pairs
// ("field/rule"), in any order.
func checkFields(t *testing.T, err error, want ...string) {
	t.Helper()
	var got []string
	for _, f := range fieldErrors(t, err) {
		got = append(got, f.Field+"/"+f.Rule)
	}
	if !sameSet(got, want) {
		t.Errorf("got field errors %v, want %v (err: %v)", got, want, err)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
		if count[s] < 0 {
			return false
		}
	}
	return true
}

// runes returns n copies of s.
func runes(s string, n int) string { return strings.Repeat(s, n) }
