package cyltrace

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// ruleFields returns the "field/rule" pairs of a RuleTable.Validate result,
// failing the test when err is not an EINVALID *Error (the API type-asserts
// it) or a message is not Chinese.
func ruleFields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("got error %T %v, want *Error", err, err)
	}
	if e.Code != EINVALID || len(e.Fields) == 0 {
		t.Errorf("got %v, want EINVALID with fields", e)
	}
	var got []string
	for _, f := range e.Fields {
		if !strings.ContainsFunc(f.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%s: got message %q, want Chinese", f.Field, f.Message)
		}
		got = append(got, f.Field+"/"+f.Rule)
	}
	return got
}

func TestDefaultRuleTableValidate(t *testing.T) {
	if err := DefaultRuleTable().Validate(); err != nil {
		t.Errorf("got %v, want nil", err)
	}
}

func TestDefaultRuleTableJSON(t *testing.T) {
	want := DefaultRuleTable()
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"ownCylinderMedia":["G13","G14"]`, `"electronicMarkMedia":["G13","G14"]`,
		`"electronicMarkFrom":"2021-01"`, `"intervalYears":4`, `"maxLifeYears":12`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("got %s, want it to contain %s", b, s)
		}
	}
	var got RuleTable
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip: got %+v, want %+v", got, want)
	}
}

func TestRuleTableValidate(t *testing.T) {
	// The default order: 0 lpg-welded, 1 seamless-corrosive, 2 seamless-inert,
	// 3 seamless-other, 4 welded-corrosive, 5 welded-other, 6 acetylene,
	// 7 cryogenic, 8 composite.
	tests := []struct {
		name   string
		mutate func(r *RuleTable)
		want   []string
	}{
		{"the defaults", func(r *RuleTable) {}, nil},
		{"LPG interval 3", func(r *RuleTable) { r.Classes[0].IntervalYears = 3 }, nil},
		{"no classes", func(r *RuleTable) { r.Classes = nil }, []string{"classes/required"}},
		{"key empty", func(r *RuleTable) { r.Classes[2].Key = "" }, []string{"classes[2].key/required"}},
		{"key with capitals and a space", func(r *RuleTable) { r.Classes[2].Key = "Seamless Inert" }, []string{"classes[2].key/format"}},
		{"key of 41 characters", func(r *RuleTable) { r.Classes[2].Key = strings.Repeat("a", 41) }, []string{"classes[2].key/format"}},
		{"key twice", func(r *RuleTable) { r.Classes[5].Key = "lpg-welded" }, []string{"classes[5].key/duplicate"}},
		{"name empty", func(r *RuleTable) { r.Classes[0].Name = "" }, []string{"classes[0].name/required"}},
		{"name of 51 characters", func(r *RuleTable) { r.Classes[0].Name = runes("瓶", 51) }, []string{"classes[0].name/max_length"}},
		{"no varieties", func(r *RuleTable) { r.Classes[0].Varieties = nil }, []string{"classes[0].varieties/required"}},
		{"unknown variety", func(r *RuleTable) { r.Classes[0].Varieties = []string{"2330"} }, []string{"classes[0].varieties[0]/code"}},
		{"variety twice", func(r *RuleTable) { r.Classes[6].Varieties = []string{"23T0", "23T0"} }, []string{"classes[6].varieties[1]/duplicate"}},
		{"unknown medium", func(r *RuleTable) { r.Classes[0].Media[2] = "G21" }, []string{"classes[0].media[2]/code"}},
		{"empty medium", func(r *RuleTable) { r.Classes[0].Media[2] = "" }, []string{"classes[0].media[2]/required"}},
		{"medium twice", func(r *RuleTable) { r.Classes[0].Media[2] = "G13" }, []string{"classes[0].media[2]/duplicate"}},
		{"interval 0", func(r *RuleTable) { r.Classes[1].IntervalYears = 0 }, []string{"classes[1].intervalYears/range"}},
		{"interval 1", func(r *RuleTable) { r.Classes[1].IntervalYears = 1 }, nil},
		{"interval 10", func(r *RuleTable) { r.Classes[1].IntervalYears = 10 }, nil},
		{"interval 11", func(r *RuleTable) { r.Classes[1].IntervalYears = 11 }, []string{"classes[1].intervalYears/range"}},
		{"design life 0", func(r *RuleTable) { r.Classes[1].DesignLifeYears = 0 }, []string{"classes[1].designLifeYears/range"}},
		{"design life 50", func(r *RuleTable) { r.Classes[1].DesignLifeYears = 50 }, nil},
		{"design life 51", func(r *RuleTable) { r.Classes[1].DesignLifeYears = 51 }, []string{"classes[1].designLifeYears/range"}},
		{"max life equal to design life", func(r *RuleTable) { r.Classes[0].MaxLifeYears = 8 }, []string{"classes[0].maxLifeYears/range"}},
		{"max life below design life", func(r *RuleTable) { r.Classes[1].MaxLifeYears = 5 }, []string{"classes[1].maxLifeYears/range"}},
		{"max life 60", func(r *RuleTable) { r.Classes[0].MaxLifeYears = 60 }, nil},
		{"max life 61", func(r *RuleTable) { r.Classes[0].MaxLifeYears = 61 }, []string{"classes[0].maxLifeYears/range"}},
		{"max life 0: no extension", func(r *RuleTable) { r.Classes[0].MaxLifeYears = 0 }, nil},
		{"confidence empty", func(r *RuleTable) { r.Classes[3].Confidence = "" }, []string{"classes[3].confidence/required"}},
		{"confidence unknown", func(r *RuleTable) { r.Classes[3].Confidence = "official" }, []string{"classes[3].confidence/code"}},
		{"confidence confirmed", func(r *RuleTable) { r.Classes[3].Confidence = "confirmed" }, nil},
		{"seamless catch-all removed", func(r *RuleTable) { r.Classes = append(r.Classes[:3], r.Classes[4:]...) },
			[]string{"classes/coverage"}},
		{"every catch-all removed", func(r *RuleTable) {
			r.Classes = []RuleClass{r.Classes[0], r.Classes[1], r.Classes[2], r.Classes[4], r.Classes[6], r.Classes[7]}
		}, []string{"classes/coverage", "classes/coverage", "classes/coverage"}},
		{"welded catch-all moved first", func(r *RuleTable) { r.Classes[0], r.Classes[5] = r.Classes[5], r.Classes[0] },
			[]string{"classes[4]/unreachable", "classes[5]/unreachable"}},
		{"LPG also listed under welded corrosive", func(r *RuleTable) {
			r.Classes[4].Media = append(r.Classes[4].Media, "G13")
		}, []string{"classes[4].media[2]/unreachable"}},
		{"own-cylinder media off", func(r *RuleTable) { r.OwnCylinderMedia = nil }, nil},
		{"own-cylinder medium unknown", func(r *RuleTable) { r.OwnCylinderMedia = []string{"G13", "G99"} },
			[]string{"ownCylinderMedia[1]/code"}},
		{"own-cylinder medium twice", func(r *RuleTable) { r.OwnCylinderMedia = []string{"G13", "G13"} },
			[]string{"ownCylinderMedia[1]/duplicate"}},
		{"own-cylinder medium empty", func(r *RuleTable) { r.OwnCylinderMedia = []string{""} },
			[]string{"ownCylinderMedia[0]/required"}},
		{"electronic-mark medium unknown", func(r *RuleTable) { r.ElectronicMarkMedia = []string{"g13"} },
			[]string{"electronicMarkMedia[0]/code"}},
		{"electronic-mark month empty", func(r *RuleTable) { r.ElectronicMarkFrom = "" },
			[]string{"electronicMarkFrom/required"}},
		{"electronic-mark month malformed", func(r *RuleTable) { r.ElectronicMarkFrom = "2021-1" },
			[]string{"electronicMarkFrom/format"}},
		{"electronic-mark month a date", func(r *RuleTable) { r.ElectronicMarkFrom = "2021-01-01" },
			[]string{"electronicMarkFrom/format"}},
		{"electronic-mark rule off", func(r *RuleTable) { r.ElectronicMarkMedia, r.ElectronicMarkFrom = nil, "" }, nil},
		{"electronic-mark rule off, month still malformed", func(r *RuleTable) {
			r.ElectronicMarkMedia, r.ElectronicMarkFrom = nil, "2021-13"
		}, []string{"electronicMarkFrom/format"}},
		{"several at once", func(r *RuleTable) {
			r.Classes[2].Key, r.Classes[2].IntervalYears, r.Classes[2].DesignLifeYears = "", 0, 0
			r.OwnCylinderMedia = []string{"G0"}
		}, []string{"classes[2].key/required", "classes[2].intervalYears/range", "classes[2].designLifeYears/range",
			"ownCylinderMedia[0]/code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := DefaultRuleTable()
			tt.mutate(&r)
			if got := ruleFields(t, r.Validate()); !sameSet(got, tt.want) {
				t.Errorf("got field errors %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRuleTableValidateMessages(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(r *RuleTable)
		want   string
	}{
		{"interval", func(r *RuleTable) { r.Classes[0].IntervalYears = 0 }, "第1个规则类别（lpg-welded）的检验周期应为1–10年，现为0"},
		{"max life", func(r *RuleTable) { r.Classes[0].MaxLifeYears = 8 },
			"第1个规则类别（lpg-welded）的最长使用年限应为0（不延长）或大于设计使用年限（8年）且不超过60年，现为8"},
		{"duplicate key", func(r *RuleTable) { r.Classes[5].Key = "lpg-welded" }, "第6个规则类别（lpg-welded）的标识与第1个规则类别重复"},
		{"coverage", func(r *RuleTable) { r.Classes = append(r.Classes[:3], r.Classes[4:]...) },
			"没有规则类别适用于设备品种 2310（无缝气瓶）与充装介质 G1、G4、G5、G6、G7、G8、G11、G12、G13、G14、G15、G16、G17、G18、G19、G20，这些气瓶将无法判断检验周期和设计使用年限；请补充类别（充装介质留空表示该品种的其他所有介质）"},
		{"unreachable medium", func(r *RuleTable) { r.Classes[4].Media = append(r.Classes[4].Media, "G13") },
			"第5个规则类别（welded-corrosive）的充装介质 G13 不会生效：该介质已由排在前面的类别匹配"},
		{"electronic-mark month", func(r *RuleTable) { r.ElectronicMarkFrom = "2021-1" },
			`须绑定电子标识的起始制造年月格式应为 yyyy-mm（如 2021-08），"2021-1" 不符合`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := DefaultRuleTable()
			tt.mutate(&r)
			var e *Error
			if err := r.Validate(); !errors.As(err, &e) || len(e.Fields) != 1 {
				t.Fatalf("got %v, want one field error", err)
			}
			if got := e.Fields[0].Message; got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
