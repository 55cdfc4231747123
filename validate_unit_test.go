package cyltrace

import "testing"

func validUnit() Unit {
	return Unit{
		Code:       "91500107MA5UG4925L",
		Name:       "重庆青蓝融智科技有限公司",
		Kinds:      []UnitKind{KindFilling, KindUsing},
		RegionCode: "500107",
	}
}

func TestUnitValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(u *Unit)
		want   []string
	}{
		{"the good unit", func(u *Unit) {}, nil},
		{"code org code", func(u *Unit) { u.Code = "753056041" }, nil},
		{"code empty", func(u *Unit) { u.Code = "" }, []string{"code/required"}},
		{"code wrong check", func(u *Unit) { u.Code = "91500107MA5UG4925X" }, []string{"code/format"}},
		{"code lowercase", func(u *Unit) { u.Code = "91500107ma5ug4925l" }, []string{"code/format"}},
		{"code org code with hyphen", func(u *Unit) { u.Code = "MA5UG492-5" }, []string{"code/format"}},
		{"code org code wrong check", func(u *Unit) { u.Code = "753056042" }, []string{"code/format"}},
		{"name empty", func(u *Unit) { u.Name = "" }, []string{"name/required"}},
		{"name 101 chars", func(u *Unit) { u.Name = runes("司", 101) }, []string{"name/max_length"}},
		{"kinds empty", func(u *Unit) { u.Kinds = nil }, []string{"kinds/required"}},
		{"kinds unknown", func(u *Unit) { u.Kinds = []UnitKind{"seller"} }, []string{"kinds/code"}},
		{"kinds twice", func(u *Unit) { u.Kinds = []UnitKind{KindFilling, KindFilling} }, []string{"kinds/duplicate"}},
		{"regionCode empty", func(u *Unit) { u.RegionCode = "" }, []string{"regionCode/required"}},
		{"regionCode Sichuan", func(u *Unit) { u.RegionCode = "510101" }, []string{"regionCode/code"}},
		{"makerCode two digits", func(u *Unit) { u.Kinds, u.MakerCode = []UnitKind{KindManufacturer}, "12" }, []string{"makerCode/format"}},
		{"makerCode letter", func(u *Unit) { u.Kinds, u.MakerCode = []UnitKind{KindManufacturer}, "12A" }, []string{"makerCode/format"}},
		{"makerCode of a maker", func(u *Unit) { u.Kinds, u.MakerCode = []UnitKind{KindManufacturer}, "123" }, nil},
		{"makerCode of a filling unit", func(u *Unit) { u.MakerCode = "123" }, []string{"makerCode/not_allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := validUnit()
			tt.mutate(&u)
			checkFields(t, u.Validate(), tt.want...)
		})
	}
}

func TestUnitValidateReportsEveryField(t *testing.T) {
	u := Unit{Code: "123", MakerCode: "1"}
	checkFields(t, u.Validate(), "code/format", "name/required", "kinds/required",
		"regionCode/required", "makerCode/format")
}
