package openapi_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"cyltrace"
	"cyltrace/internal/api/openapi"
)

// load returns the document, checked against the OpenAPI 3 rules.
func load(tb testing.TB) *openapi3.T {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi.Document())
	if err != nil {
		tb.Fatalf("load: %v", err)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableMultiError()); err != nil {
		tb.Fatalf("the document breaks the OpenAPI 3 rules: %v", err)
	}
	return doc
}

// schema returns the component schema called name.
func schema(tb testing.TB, doc *openapi3.T, name string) *openapi3.Schema {
	tb.Helper()
	ref, ok := doc.Components.Schemas[name]
	if !ok || ref.Value == nil {
		tb.Fatalf("components.schemas has no %s", name)
	}
	return ref.Value
}

func TestDocumentValid(t *testing.T) {
	doc := load(t)
	if got, want := doc.OpenAPI, "3.0.3"; got != want {
		t.Errorf("openapi = %q, want %q", got, want)
	}
	if got, want := doc.Info.Title, "重庆市气瓶质量安全追溯信息数据共享接口"; got != want {
		t.Errorf("info.title = %q, want %q", got, want)
	}
	if got, want := doc.Info.Version, "1.0.0"; got != want {
		t.Errorf("info.version = %q, want %q", got, want)
	}
	for _, s := range []string{"渝市监发〔2021〕67号", "附件1"} {
		if !strings.Contains(doc.Info.Description, s) {
			t.Errorf("info.description does not mention %s", s)
		}
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers = %v, want one server \"/\"", doc.Servers)
	}
	bearer := doc.Components.SecuritySchemes["bearerAuth"]
	if bearer == nil || bearer.Value.Type != "http" || bearer.Value.Scheme != "bearer" {
		t.Errorf("security scheme bearerAuth is not HTTP bearer: %+v", bearer)
	}
	// Only the formats of the OpenAPI specification itself, so that any
	// tool reads the document the same way.
	loader := openapi3.NewLoader()
	strict, err := loader.LoadFromData(openapi.Document())
	if err != nil {
		t.Fatal(err)
	}
	if err := strict.Validate(loader.Context, openapi3.EnableSchemaFormatValidation()); err != nil {
		t.Errorf("the document uses a format outside the OpenAPI specification: %v", err)
	}
}

// The operations of notes/api-contract.md: path, method, roles (x-roles)
// and every status each may answer.
var contract = []struct {
	path, method, operationID string
	roles                     []string
	public                    bool // no bearer token
	statuses                  []string
	optionalBody              bool // a POST whose body may be empty
}{
	{"/api/v1/auth/token", "POST", "issueToken",
		[]string{"filling", "inspection", "manufacturer", "distribution", "bureau"}, true,
		[]string{"200", "400", "401", "413", "415", "429", "500"}, false},
	{"/api/v1/cylinders/query", "POST", "queryCylinder",
		[]string{"filling", "inspection", "manufacturer", "distribution", "bureau"}, false,
		[]string{"200", "400", "401", "403", "404", "413", "415", "429", "500"}, false},
	{"/api/v1/tags/bind", "POST", "bindTag",
		[]string{"filling", "manufacturer"}, false,
		[]string{"200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "500"}, false},
	{"/api/v1/fillings/submit", "POST", "submitFillings",
		[]string{"filling"}, false,
		[]string{"200", "400", "401", "403", "413", "415", "429", "500"}, false},
	{"/api/v1/inspections/submit", "POST", "submitInspections",
		[]string{"inspection"}, false,
		[]string{"200", "400", "401", "403", "413", "415", "429", "500"}, false},
	{"/api/v1/trails/submit", "POST", "submitTrails",
		[]string{"filling", "inspection", "distribution"}, false,
		[]string{"200", "400", "401", "403", "413", "415", "429", "500"}, false},
	{"/api/v1/factory/submit", "POST", "submitFactory",
		[]string{"manufacturer"}, false,
		[]string{"200", "400", "401", "403", "413", "415", "429", "500"}, false},
	{"/api/v1/fillings/check", "POST", "checkFilling",
		[]string{"filling"}, false,
		[]string{"200", "400", "401", "403", "413", "415", "429", "500"}, false},
	{"/api/v1/rules/current", "POST", "getRules",
		[]string{"filling", "inspection", "manufacturer", "distribution", "bureau"}, false,
		[]string{"200", "400", "401", "413", "415", "429", "500"}, true},
	{"/api/v1/rules/update", "POST", "updateRules",
		[]string{"bureau"}, false,
		[]string{"200", "400", "401", "403", "409", "413", "415", "429", "500"}, false},
	{"/api/v1/cylinders/lock", "POST", "lockCylinder",
		[]string{"bureau"}, false,
		[]string{"200", "400", "401", "403", "404", "413", "415", "429", "500"}, false},
	{"/api/v1/cylinders/unlock", "POST", "unlockCylinder",
		[]string{"bureau"}, false,
		[]string{"200", "400", "401", "403", "404", "413", "415", "429", "500"}, false},
	{"/api/v1/openapi.json", "GET", "getOpenAPIDocument",
		[]string{}, true,
		[]string{"200", "304"}, false},
}

func TestContractOperations(t *testing.T) {
	doc := load(t)
	if got, want := doc.Paths.Len(), len(contract); got != want {
		t.Errorf("the document has %d paths, the contract %d", got, want)
	}
	for _, c := range contract {
		t.Run(c.operationID, func(t *testing.T) {
			item := doc.Paths.Value(c.path)
			if item == nil {
				t.Fatalf("no path %s", c.path)
			}
			if got := len(item.Operations()); got != 1 {
				t.Errorf("%s has %d operations, want 1", c.path, got)
			}
			op := item.GetOperation(c.method)
			if op == nil {
				t.Fatalf("no %s %s", c.method, c.path)
			}
			if op.OperationID != c.operationID {
				t.Errorf("operationId = %q, want %q", op.OperationID, c.operationID)
			}
			if !hasHan(op.Summary) || !hasHan(op.Description) {
				t.Errorf("summary %q or description is not in Chinese", op.Summary)
			}
			got := roles(t, op)
			if !slices.Equal(got, c.roles) {
				t.Errorf("x-roles = %v, want %v", got, c.roles)
			}
			for _, r := range got {
				if !cyltrace.ValidRole(cyltrace.Role(r)) {
					t.Errorf("x-roles has %q, not a cyltrace.Roles() role", r)
				}
			}
			public := op.Security != nil && len(*op.Security) == 0
			if public != c.public {
				t.Errorf("public (security: []) = %v, want %v", public, c.public)
			}
			var statuses []string
			for s := range op.Responses.Map() {
				statuses = append(statuses, s)
			}
			sort.Strings(statuses)
			if !slices.Equal(statuses, c.statuses) {
				t.Errorf("responses = %v, want %v", statuses, c.statuses)
			}
			if c.method == "POST" {
				checkEnvelopes(t, op)
				switch {
				case op.RequestBody == nil:
					t.Errorf("no request body")
				case op.RequestBody.Value.Required == c.optionalBody:
					t.Errorf("request body required = %v, want %v", op.RequestBody.Value.Required, !c.optionalBody)
				}
			}
		})
	}
}

// checkEnvelopes checks that each response of op is the envelope with code
// narrowed to the response's status.
func checkEnvelopes(t *testing.T, op *openapi3.Operation) {
	t.Helper()
	for status, ref := range op.Responses.Map() {
		media := ref.Value.Content.Get("application/json")
		if media == nil {
			t.Errorf("%s: not application/json", status)
			continue
		}
		s := media.Schema.Value
		if len(s.AllOf) != 2 || s.AllOf[0].Ref != "#/components/schemas/Envelope" {
			t.Errorf("%s: schema is not allOf [Envelope, …]", status)
			continue
		}
		code := s.AllOf[1].Value.Properties["code"]
		if code == nil || len(code.Value.Enum) != 1 || code.Value.Enum[0] != status {
			t.Errorf("%s: code is not narrowed to %q", status, status)
		}
		if s.AllOf[1].Value.Properties["data"] == nil {
			t.Errorf("%s: data is not narrowed", status)
		}
	}
}

func roles(t *testing.T, op *openapi3.Operation) []string {
	t.Helper()
	raw, ok := op.Extensions["x-roles"].([]any)
	if !ok {
		t.Fatalf("x-roles missing or not a list: %#v", op.Extensions["x-roles"])
	}
	out := []string{}
	for _, r := range raw {
		out = append(out, fmt.Sprint(r))
	}
	return out
}

func TestCodeTables(t *testing.T) {
	doc := load(t)
	var regionCodes, regionNames []string
	for _, r := range cyltrace.Regions() {
		regionCodes = append(regionCodes, r.Code)
		regionNames = append(regionNames, r.Name)
	}
	checkEnum(t, "RegionCode", schema(t, doc, "RegionCode"), regionCodes, regionNames)
	codes, names := split(cyltrace.Media())
	checkEnum(t, "MediumCode", schema(t, doc, "MediumCode"), codes, names)

	cylinder := schema(t, doc, "Cylinder")
	codes, names = split(cyltrace.Varieties())
	checkEnum(t, "Cylinder.varietyCode", cylinder.Properties["varietyCode"].Value, codes, names)
	checkEnum(t, "Cylinder.status", cylinder.Properties["status"].Value, cyltrace.Statuses(), nil)
	// An archive without a tag has tagType "": the contract's empty optional string.
	checkEnum(t, "Cylinder.tagType", cylinder.Properties["tagType"].Value, append(cyltrace.TagTypes(), ""), nil)
	checkEnum(t, "BindRequest.tagType", schema(t, doc, "BindRequest").Properties["tagType"].Value, cyltrace.TagTypes(), nil)
	checkEnum(t, "BindResponse.tagType", schema(t, doc, "BindResponse").Properties["tagType"].Value, cyltrace.TagTypes(), nil)
	checkEnum(t, "TrailEvent.node", schema(t, doc, "TrailEvent").Properties["node"].Value, cyltrace.TrailNodes(), nil)
	checkEnum(t, "Inspection.inspectionType", schema(t, doc, "Inspection").Properties["inspectionType"].Value, cyltrace.InspectionTypes(), nil)
	checkEnum(t, "FieldError.rule", schema(t, doc, "FieldError").Properties["rule"].Value, []string{
		cyltrace.RuleRequired, cyltrace.RuleMaxLength, cyltrace.RuleFormat, cyltrace.RuleCode,
		cyltrace.RuleRange, cyltrace.RuleOrder, cyltrace.RuleFuture, cyltrace.RuleMatch,
		cyltrace.RuleTogether, cyltrace.RuleNotAllowed, cyltrace.RuleDuplicate,
		cyltrace.RuleCoverage, cyltrace.RuleUnreachable, cyltrace.RulePlausible,
	}, nil)
	checkEnum(t, "ReasonCode", schema(t, doc, "ReasonCode"), []string{
		cyltrace.ReasonNotFound, cyltrace.ReasonNotRegistered, cyltrace.ReasonNotOwnCylinder, cyltrace.ReasonStopped,
		cyltrace.ReasonScrapped, cyltrace.ReasonInspectionOverdue, cyltrace.ReasonServiceLifeExceeded,
		cyltrace.ReasonMediumMismatch, cyltrace.ReasonLocked, cyltrace.ReasonNoElectronicMark,
	}, nil)
	if got, want := len(schema(t, doc, "ReasonCode").Extensions["x-enum-descriptions"].([]any)), 10; got != want {
		t.Errorf("ReasonCode has %d x-enum-descriptions, want %d", got, want)
	}
	codes, _ = split(cyltrace.Varieties())
	checkEnum(t, "RuleClass.varieties", schema(t, doc, "RuleClass").Properties["varieties"].Value.Items.Value, codes, nil)
	checkEnum(t, "StationView.varietyCode", schema(t, doc, "StationView").Properties["varietyCode"].Value, codes, nil)
	checkEnum(t, "StationView.status", schema(t, doc, "StationView").Properties["status"].Value, cyltrace.Statuses(), nil)

	// Every place that names a region or medium uses the shared table.
	for _, p := range []struct{ schema, field, table string }{
		{"Cylinder", "regionCode", "RegionCode"},
		{"Cylinder", "mediumCode", "MediumCode"},
		{"Filling", "mediumCode", "MediumCode"},
		{"CheckRequest", "mediumCode", "MediumCode"},
		{"StationView", "mediumCode", "MediumCode"},
		{"Reason", "code", "ReasonCode"},
		{"Warning", "code", "ReasonCode"},
	} {
		prop := schema(t, doc, p.schema).Properties[p.field].Value
		if len(prop.AllOf) != 1 || prop.AllOf[0].Ref != "#/components/schemas/"+p.table {
			t.Errorf("%s.%s does not refer to %s", p.schema, p.field, p.table)
		}
	}
}

func split(table []cyltrace.Code) (codes, names []string) {
	for _, c := range table {
		codes = append(codes, c.Code)
		names = append(names, c.Name)
	}
	return codes, names
}

// checkEnum compares a schema's enum, in order, with want, and its
// x-enum-descriptions with names when names is not nil.
func checkEnum(t *testing.T, what string, s *openapi3.Schema, want, names []string) {
	t.Helper()
	var got []string
	for _, v := range s.Enum {
		got = append(got, fmt.Sprint(v))
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s enum = %v, want %v", what, got, want)
	}
	if names == nil {
		return
	}
	raw, _ := s.Extensions["x-enum-descriptions"].([]any)
	var gotNames []string
	for _, v := range raw {
		gotNames = append(gotNames, fmt.Sprint(v))
	}
	if !slices.Equal(gotNames, names) {
		t.Errorf("%s x-enum-descriptions = %v, want %v", what, gotNames, names)
	}
}

// TestMaxLengths checks the character limits against SPEC.md §3 and the
// validation in package cyltrace.
func TestMaxLengths(t *testing.T) {
	doc := load(t)
	for _, c := range []struct {
		schema, field string
		max           uint64
	}{
		{"Cylinder", "id", 50},
		{"Cylinder", "useUnitName", 100},
		{"Cylinder", "varietyCode", 4},
		{"Cylinder", "productNumber", 50},
		{"Cylinder", "manufacturer", 100},
		{"Cylinder", "unitInternalNumber", 50},
		{"Cylinder", "status", 10},
		{"Cylinder", "tagType", 10},
		{"Cylinder", "infoCode", 50},
		{"Cylinder", "qrContent", 1000},
		{"Cylinder", "registrationCertNumber", 50},
		{"Cylinder", "registrationAuthority", 200},
		{"Filling", "sourceId", 64},
		{"Filling", "filler", 10},
		{"Filling", "fillingUnitName", 100},
		{"Inspection", "sourceId", 64},
		{"Inspection", "inspectionAgency", 100},
		{"Inspection", "conclusion", 10},
		{"TrailEvent", "sourceId", 64},
		{"TrailEvent", "time", 20},
		{"TrailEvent", "actorName", 100},
		{"BindRequest", "qrContent", 1000},
	} {
		prop := schema(t, doc, c.schema).Properties[c.field]
		if prop == nil {
			t.Errorf("%s has no %s", c.schema, c.field)
			continue
		}
		if got := prop.Value.MaxLength; got == nil || *got != c.max {
			t.Errorf("%s.%s maxLength = %v, want %d", c.schema, c.field, got, c.max)
		}
	}
	for _, name := range []string{"FillingSubmitRequest", "InspectionSubmitRequest", "TrailSubmitRequest", "FactorySubmitRequest"} {
		records := schema(t, doc, name).Properties["records"].Value
		if records.MinItems != 1 || records.MaxItems == nil || *records.MaxItems != 1000 {
			t.Errorf("%s.records: minItems %d maxItems %v, want 1 and 1000", name, records.MinItems, records.MaxItems)
		}
	}
}

// queryResult is the query's answer: the archive and, when published,
// the maker's data (internal/api's type of the same shape).
type queryResult struct {
	cyltrace.Cylinder
	Factory *struct{} `json:"factory"`
}

// TestSchemasMatchGoTypes checks that each record schema has exactly the
// JSON fields of its Go type, and the Go type's required fields.
func TestSchemasMatchGoTypes(t *testing.T) {
	doc := load(t)
	for _, c := range []struct {
		schema string
		value  any
	}{
		{"Cylinder", cyltrace.Cylinder{}},
		{"QueryResult", queryResult{}},
		{"Filling", cyltrace.Filling{}},
		{"Inspection", cyltrace.Inspection{}},
		{"TrailEvent", cyltrace.TrailEvent{}},
		{"FieldError", cyltrace.FieldError{}},
		{"Reason", cyltrace.Reason{}},
		{"Warning", cyltrace.Reason{}}, // the API's warning has the fields of a Reason
		{"RuleTable", cyltrace.RuleTable{}},
		{"RuleClass", cyltrace.RuleClass{}},
		{"RulesData", rulesData{}},
	} {
		s := schema(t, doc, c.schema)
		var props []string
		for name := range s.Properties {
			props = append(props, name)
		}
		sort.Strings(props)
		if got, want := props, jsonFields(t, c.value); !slices.Equal(got, want) {
			t.Errorf("%s properties = %v, want the JSON fields of %T %v", c.schema, got, c.value, want)
		}
		if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
			t.Errorf("%s allows additional properties", c.schema)
		}
	}
}

// jsonFields returns the sorted JSON names of v's fields, from the names
// that json.Marshal writes for a value with every field set.
func jsonFields(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(fill(v))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// fill returns v with every omitempty string field set, so that Marshal
// writes it.
func fill(v any) any {
	switch v := v.(type) {
	case cyltrace.Filling:
		v.CylinderID, v.InfoCode, v.FillingTime = "x", "x", "x"
		return v
	case cyltrace.Inspection:
		v.CylinderID, v.InfoCode = "x", "x"
		return v
	case cyltrace.TrailEvent:
		v.CylinderID, v.InfoCode = "x", "x"
		return v
	}
	return v
}

// TestDescriptions checks that every property of every component schema
// says in Chinese what it is.
func TestDescriptions(t *testing.T) {
	doc := load(t)
	for name, ref := range doc.Components.Schemas {
		if !hasHan(ref.Value.Description) {
			t.Errorf("%s has no Chinese description", name)
		}
		for prop, p := range ref.Value.Properties {
			if p.Ref == "" && !hasHan(p.Value.Description) {
				t.Errorf("%s.%s has no Chinese description", name, prop)
			}
		}
	}
}

// TestRequestObjectsClosed checks that every object a client sends refuses
// unknown fields, as the server does.
func TestRequestObjectsClosed(t *testing.T) {
	doc := load(t)
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil {
				continue
			}
			for mime, media := range op.RequestBody.Value.Content {
				walkObjects(media.Schema, func(path string, s *openapi3.Schema) {
					if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
						t.Errorf("%s %s %s: object %s allows unknown fields", op.OperationID, mime, media.Schema.Ref, path)
					}
				}, "")
			}
		}
	}
}

// walkObjects calls f for each schema with properties reachable from ref
// through properties and items.
func walkObjects(ref *openapi3.SchemaRef, f func(string, *openapi3.Schema), path string) {
	s := ref.Value
	if len(s.Properties) > 0 {
		f(path, s)
	}
	for name, p := range s.Properties {
		walkObjects(p, f, path+"."+name)
	}
	if s.Items != nil {
		walkObjects(s.Items, f, path+"[]")
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
