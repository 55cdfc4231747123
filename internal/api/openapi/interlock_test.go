package openapi_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"cyltrace"
)

// rulesData mirrors the data of /api/v1/rules/current and /rules/update
// (package api's rulesData): the rule table with its version's metadata.
type rulesData struct {
	cyltrace.RuleTable
	ChangedBy string `json:"changedBy"`
	Note      string `json:"note"`
	CreatedAt string `json:"createdAt"`
}

// rootConstants returns the string constants of package cyltrace (the
// module's root directory, test files excluded) whose names match name, in
// the order of their declaration (files in name order).
func rootConstants(t *testing.T, name *regexp.Regexp) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in the root package: %v", err)
	}
	slices.Sort(files)
	var values []string
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if !name.MatchString(id.Name) || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("%s: constant %s is not a string literal; extend the test", path, id.Name)
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					values = append(values, v)
				}
			}
		}
	}
	return values
}

func enumOf(s *openapi3.Schema) []string {
	var out []string
	for _, v := range s.Enum {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// TestEveryConstantDocumented finds the reason codes and field-error rules
// in the root package's source, so that a constant added there without
// being documented fails here.
func TestEveryConstantDocumented(t *testing.T) {
	doc := load(t)

	// The reason codes, in the order Check returns them.
	reasons := rootConstants(t, regexp.MustCompile(`^Reason[A-Z]`))
	if len(reasons) != 10 {
		t.Errorf("found %d Reason* constants, want the 10 of DOMAIN.md §2: %v", len(reasons), reasons)
	}
	if got := enumOf(schema(t, doc, "ReasonCode")); !slices.Equal(got, reasons) {
		t.Errorf("ReasonCode enum = %v, want the Reason* constants %v", got, reasons)
	}

	// Every Rule* constant is a FieldError rule.
	rules := rootConstants(t, regexp.MustCompile(`^Rule[A-Z]`))
	got := enumOf(schema(t, doc, "FieldError").Properties["rule"].Value)
	slices.Sort(rules)
	slices.Sort(got)
	if !slices.Equal(got, rules) {
		t.Errorf("FieldError.rule enum (sorted) = %v, want the Rule* constants %v", got, rules)
	}
}

// ruleTable is a rule table with the Validate of the records, for agree.
type ruleTable struct{ cyltrace.RuleTable }

func (r ruleTable) Validate(time.Time) error { return r.RuleTable.Validate() }

func TestRuleTableJSONMatchesSchema(t *testing.T) {
	doc := load(t)
	if err := visit(t, doc, "RuleTable", cyltrace.DefaultRuleTable()); err != nil {
		t.Errorf("DefaultRuleTable() does not match RuleTable: %v", err)
	}
	current := rulesData{RuleTable: cyltrace.DefaultRuleTable(), ChangedBy: "system",
		Note: "DOMAIN.md 默认规则（首次启动时写入）", CreatedAt: "2026-11-25 10:00:00"}
	if err := visit(t, doc, "RulesData", current); err != nil {
		t.Errorf("the default table as /rules/current shows it does not match RulesData: %v", err)
	}
	b, _ := json.Marshal(current)
	if !strings.Contains(string(b), `"media":null`) {
		t.Errorf("the test assumes a catch-all class marshals its media as null: %s", b)
	}

	edit := func(f func(*cyltrace.RuleTable)) *ruleTable {
		rt := cyltrace.DefaultRuleTable()
		rt.Classes = slices.Clone(rt.Classes)
		f(&rt)
		return &ruleTable{rt}
	}
	lpg := func(f func(*cyltrace.RuleClass)) *ruleTable {
		return edit(func(rt *cyltrace.RuleTable) { f(&rt.Classes[0]) })
	}
	for _, c := range []struct {
		what  string
		rt    *ruleTable
		valid bool
	}{
		{"default", edit(func(*cyltrace.RuleTable) {}), true},
		{"catch-all media as []", edit(func(rt *cyltrace.RuleTable) {
			for i := range rt.Classes {
				if rt.Classes[i].Media == nil {
					rt.Classes[i].Media = []string{}
				}
			}
		}), true},
		{"own-cylinder and mark rules off", edit(func(rt *cyltrace.RuleTable) {
			rt.OwnCylinderMedia, rt.ElectronicMarkMedia, rt.ElectronicMarkFrom = nil, nil, ""
		}), true},
		{"longest key and name", lpg(func(c *cyltrace.RuleClass) {
			c.Key, c.Name = strings.Repeat("k", 40), strings.Repeat("液", 50)
		}), true},
		{"bounds", lpg(func(c *cyltrace.RuleClass) { c.IntervalYears, c.DesignLifeYears, c.MaxLifeYears = 10, 50, 60 }), true},

		{"no classes", edit(func(rt *cyltrace.RuleTable) { rt.Classes = nil }), false},
		{"interval 0", lpg(func(c *cyltrace.RuleClass) { c.IntervalYears = 0 }), false},
		{"interval 11", lpg(func(c *cyltrace.RuleClass) { c.IntervalYears = 11 }), false},
		{"design life 51", lpg(func(c *cyltrace.RuleClass) { c.DesignLifeYears = 51 }), false},
		{"max life 61", lpg(func(c *cyltrace.RuleClass) { c.MaxLifeYears = 61 }), false},
		{"key in capitals", lpg(func(c *cyltrace.RuleClass) { c.Key = "LPG" }), false},
		{"key 41", lpg(func(c *cyltrace.RuleClass) { c.Key = strings.Repeat("k", 41) }), false},
		{"no name", lpg(func(c *cyltrace.RuleClass) { c.Name = "" }), false},
		{"name 51", lpg(func(c *cyltrace.RuleClass) { c.Name = strings.Repeat("液", 51) }), false},
		{"no varieties", lpg(func(c *cyltrace.RuleClass) { c.Varieties = nil }), false},
		{"unknown variety", lpg(func(c *cyltrace.RuleClass) { c.Varieties = []string{"2330"} }), false},
		{"unknown medium", lpg(func(c *cyltrace.RuleClass) { c.Media = []string{"G13", "G21"} }), false},
		{"medium twice", lpg(func(c *cyltrace.RuleClass) { c.Media = []string{"G13", "G14", "G16", "G13"} }), false},
		{"unknown confidence", lpg(func(c *cyltrace.RuleClass) { c.Confidence = "maybe" }), false},
		{"own-cylinder medium unknown", edit(func(rt *cyltrace.RuleTable) { rt.OwnCylinderMedia = []string{"G0"} }), false},
		{"mark month with a slash", edit(func(rt *cyltrace.RuleTable) { rt.ElectronicMarkFrom = "2021/01" }), false},
		{"mark month a day", edit(func(rt *cyltrace.RuleTable) { rt.ElectronicMarkFrom = "2021-01-01" }), false},
	} {
		agree(t, doc, "RuleTable", c.what, c.rt, c.valid)
	}
}
