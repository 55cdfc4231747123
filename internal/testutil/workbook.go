package testutil

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"cyltrace/internal/xlsx"
)

// FilledWorkbook types rows into a downloaded registration template, from
// its second row on, as a unit does in a spreadsheet program.
func FilledWorkbook(tb testing.TB, template []byte, rows ...[]any) []byte {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(template))
	if err != nil {
		tb.Fatalf("the template does not open: %v", err)
	}
	defer f.Close()
	for i, row := range rows {
		if err := f.SetSheetRow(xlsx.SheetName, fmt.Sprintf("A%d", i+2), &row); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// RegistrationRow is a row of the template for an LPG cylinder of 九龙坡区
// with a QR label, as a unit types it; the 使用单位名称 is left empty (the
// application's unit).
func RegistrationRow(product, volume string) []any {
	return []any{"", "500107 九龙坡区", "2320 焊接气瓶", product, "G13 液化石油气", "重庆恒祥石油液化气钢瓶制造有限公司",
		"2021-08", "2.10", volume, "2023-05-20", "2027-05", "NB-" + product, "在用", "二维码",
		"https://trace.example.cn/q/" + product}
}
