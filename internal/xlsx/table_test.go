package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTableNeutralisesFormulas(t *testing.T) {
	b, err := Table("超期未检", []string{"单位", "数量"}, [][]string{{"=HYPERLINK(\"http://x\")", "3"}, {"重庆玉灵燃气有限公司", "12"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("超期未检")
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %q, %v", rows, err)
	}
	if rows[0][0] != "单位" || rows[2][0] != "重庆玉灵燃气有限公司" || rows[2][1] != "12" {
		t.Errorf("table: %q", rows)
	}
	if rows[1][0] != `'=HYPERLINK("http://x")` {
		t.Errorf("formula not neutralised: %q", rows[1][0])
	}
	if formula, _ := f.GetCellFormula("超期未检", "A2"); formula != "" {
		t.Errorf("cell A2 holds a formula: %q", formula)
	}
}
