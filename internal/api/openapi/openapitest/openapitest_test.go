package openapitest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"runtime"
	"strings"
	"sync"
	"testing"

	"cyltrace"
	"cyltrace/internal/api/openapi"
	"cyltrace/internal/api/openapi/openapitest"
)

// recorder is a testing.TB that records failures instead of failing the
// real test, so that a test can assert that the Validator fails.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	failed []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }
func (r *recorder) Fail()             { r.Errorf("Fail") }
func (r *recorder) FailNow()          { r.Fatalf("FailNow") }
func (r *recorder) Failed() bool      { return len(r.failed) > 0 }

// failures runs f with a recorder, on its own goroutine so that Fatalf can
// stop it, and returns what f reported.
func failures(t *testing.T, f func(tb testing.TB)) []string {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.failed
}

const base = "http://127.0.0.1:54321"

func post(path, contentType string, body []byte) *http.Request {
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer test-token")
	return req
}

var jsonHeader = http.Header{"Content-Type": {"application/json; charset=utf-8"}}

// response is one hand-made response to validate.
type response struct {
	what   string
	path   string
	status int
	header http.Header
	body   string
	valid  bool
}

var tokenRequest = []byte(`{"appKey":"demo-filling","appSecret":"demo-filling-secret-change-me"}`)

func TestResponse(t *testing.T) {
	v := openapitest.New(t)
	cylinder, err := json.Marshal(filledCylinder())
	if err != nil {
		t.Fatal(err)
	}
	retry := http.Header{"Content-Type": {"application/json"}, "Retry-After": {"300"}}
	for _, c := range []response{
		{"token", "/api/v1/auth/token", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"accessToken":"abc","tokenType":"Bearer","expiresIn":7200}}`, true},
		{"token without expiresIn", "/api/v1/auth/token", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"accessToken":"abc","tokenType":"Bearer"}}`, false},
		{"code as a number", "/api/v1/auth/token", 200, jsonHeader,
			`{"code":200,"message":"ok","data":{"accessToken":"abc","tokenType":"Bearer","expiresIn":7200}}`, false},
		{"code not the status", "/api/v1/auth/token", 401, jsonHeader,
			`{"code":"200","message":"访问令牌无效或已过期，请重新获取","data":{}}`, false},
		{"no data", "/api/v1/auth/token", 401, jsonHeader,
			`{"code":"401","message":"appKey 或 appSecret 不正确"}`, false},
		{"401", "/api/v1/auth/token", 401, jsonHeader,
			`{"code":"401","message":"appKey 或 appSecret 不正确","data":{}}`, true},
		{"a field beside the envelope", "/api/v1/auth/token", 401, jsonHeader,
			`{"code":"401","message":"appKey 或 appSecret 不正确","data":{},"error":"x"}`, false},
		{"a status the operation does not answer", "/api/v1/auth/token", 404, jsonHeader,
			`{"code":"404","message":"未找到","data":{}}`, false},
		{"not JSON", "/api/v1/auth/token", 401, http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
			`Unauthorized`, false},
		{"429", "/api/v1/auth/token", 429, retry,
			`{"code":"429","message":"认证失败次数过多，请 300 秒后重试","data":{"retryAfter":300}}`, true},
		{"429 without Retry-After", "/api/v1/auth/token", 429, jsonHeader,
			`{"code":"429","message":"认证失败次数过多，请 300 秒后重试","data":{"retryAfter":300}}`, false},

		{"400 with fields", "/api/v1/fillings/submit", 400, jsonHeader,
			`{"code":"400","message":"数据校验未通过，请按提示修改","data":{"fields":[{"field":"records","rule":"required","message":"records 不能为空"}]}}`, true},
		{"400 malformed", "/api/v1/fillings/submit", 400, jsonHeader,
			`{"code":"400","message":"请求体不是有效的 JSON：第 3 行附近语法错误","data":{}}`, true},
		{"400 with an unknown rule", "/api/v1/fillings/submit", 400, jsonHeader,
			`{"code":"400","message":"数据校验未通过","data":{"fields":[{"field":"records","rule":"bad","message":"x"}]}}`, false},
		{"400 with a field error lacking its rule", "/api/v1/fillings/submit", 400, jsonHeader,
			`{"code":"400","message":"数据校验未通过","data":{"fields":[{"field":"records","message":"x"}]}}`, false},
		{"403 with data", "/api/v1/fillings/submit", 403, jsonHeader,
			`{"code":"403","message":"无权调用","data":{"role":"inspection"}}`, false},
		{"submit result", "/api/v1/fillings/submit", 200, jsonHeader, submitResult, true},
		{"accepted without recordId", "/api/v1/fillings/submit", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"accepted":1,"duplicate":0,"rejected":0,"results":[
			 {"index":0,"sourceId":"F-1","status":"accepted","code":"200","message":"已接收"}]}}`, false},
		{"rejected with code 200", "/api/v1/inspections/submit", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"accepted":0,"duplicate":0,"rejected":1,"results":[
			 {"index":0,"sourceId":"I-1","status":"rejected","code":"200","message":"未找到该气瓶的电子档案"}]}}`, false},
		{"unknown record status", "/api/v1/trails/submit", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"accepted":0,"duplicate":0,"rejected":1,"results":[
			 {"index":0,"sourceId":"T-1","status":"failed","code":"404","message":"未找到该气瓶的电子档案"}]}}`, false},

		{"cylinder", "/api/v1/cylinders/query", 200, jsonHeader,
			`{"code":"200","message":"ok","data":` + string(cylinder) + `}`, true},
		{"cylinder with an undocumented field", "/api/v1/cylinders/query", 200, jsonHeader,
			`{"code":"200","message":"ok","data":` + strings.Replace(string(cylinder), `{`, `{"useUnitId":7,`, 1) + `}`, false},
		{"404", "/api/v1/cylinders/query", 404, jsonHeader,
			`{"code":"404","message":"未找到该气瓶的电子档案","data":{}}`, true},

		{"bind", "/api/v1/tags/bind", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"cylinderId":"CY0RZ8X4T6M2K9P3QW","infoCode":"CQ7H3K9M2P4R6T8V0W","tagType":"RFID标签","qrContent":"",
			  "stampImage":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}`, true},
		{"bind without the image digest", "/api/v1/tags/bind", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"cylinderId":"CY0RZ8X4T6M2K9P3QW","infoCode":"CQ7H3K9M2P4R6T8V0W","tagType":"RFID标签","qrContent":""}}`, false},
		{"409", "/api/v1/tags/bind", 409, jsonHeader,
			`{"code":"409","message":"该二维码已绑定其他气瓶","data":{}}`, true},

		{"a warning with an unknown code", "/api/v1/fillings/submit", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"accepted":1,"duplicate":0,"rejected":0,"results":[
			 {"index":0,"sourceId":"F-1","status":"accepted","code":"200","message":"已接收","recordId":1,
			  "warnings":[{"code":"OVERDUE","message":"违规充装：该气瓶已超过下次检验日期(2024-08)，禁止充装，请送检"}]}]}}`, false},
		{"check allowed", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":true,"reasons":[],"ruleVersion":1,"cylinder":` + station + `}}`, true},
		{"check refused", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":false,"reasons":[
			 {"code":"INSPECTION_OVERDUE","message":"该气瓶已超过下次检验日期(2024-08)，禁止充装，请送检"},
			 {"code":"LOCKED","message":"该气瓶已被锁定：举报，禁止充装，请联系区县市场监管局"},
			 {"code":"LOCKED","message":"该气瓶已被锁定：翻新，禁止充装，请联系区县市场监管局"}],"ruleVersion":3,"cylinder":` + station + `}}`, true},
		{"check of an unknown code", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":false,"reasons":[{"code":"NOT_FOUND","message":"未找到该气瓶的档案"}],
			  "ruleVersion":1,"cylinder":null}}`, true},
		{"check allowed with a reason", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":true,"reasons":[{"code":"LOCKED","message":"x"}],"ruleVersion":1,"cylinder":null}}`, false},
		{"check refused without a reason", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":false,"reasons":[],"ruleVersion":1,"cylinder":null}}`, false},
		{"check with an unknown reason", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":false,"reasons":[{"code":"EXPIRED","message":"x"}],"ruleVersion":1,"cylinder":null}}`, false},
		{"check without the cylinder", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":true,"reasons":[],"ruleVersion":1}}`, false},
		{"check showing the whole archive", "/api/v1/fillings/check", 200, jsonHeader,
			`{"code":"200","message":"ok","data":{"allowed":true,"reasons":[],"ruleVersion":1,"cylinder":` + string(cylinder) + `}}`, false},
		{"check 404", "/api/v1/fillings/check", 404, jsonHeader,
			`{"code":"404","message":"未找到该气瓶的电子档案","data":{}}`, false},
		{"rules", "/api/v1/rules/current", 200, jsonHeader,
			`{"code":"200","message":"ok","data":` + rulesJSON(t, "system", "") + `}`, true},
		{"rules without changedBy", "/api/v1/rules/current", 200, jsonHeader,
			`{"code":"200","message":"ok","data":` + strings.Replace(rulesJSON(t, "system", ""), `"changedBy":"system",`, "", 1) + `}`, false},
		{"rules update", "/api/v1/rules/update", 200, jsonHeader,
			`{"code":"200","message":"ok","data":` + rulesJSON(t, "client:demo-bureau", "依据 TSG 23-2021 核对") + `}`, true},
		{"rules update 409", "/api/v1/rules/update", 409, jsonHeader,
			`{"code":"409","message":"规则表已被他人同时修改，请刷新后重试","data":{}}`, true},
		{"rules 403", "/api/v1/rules/current", 403, jsonHeader,
			`{"code":"403","message":"无权调用","data":{}}`, false},
		{"lock", "/api/v1/cylinders/lock", 200, jsonHeader, `{"code":"200","message":"ok","data":{"lockId":17}}`, true},
		{"lock without its id", "/api/v1/cylinders/lock", 200, jsonHeader, `{"code":"200","message":"ok","data":{}}`, false},
		{"lock 404", "/api/v1/cylinders/lock", 404, jsonHeader, `{"code":"404","message":"未找到该气瓶的电子档案","data":{}}`, true},
		{"unlock", "/api/v1/cylinders/unlock", 200, jsonHeader, `{"code":"200","message":"ok","data":{}}`, true},
		{"unlock 404", "/api/v1/cylinders/unlock", 404, jsonHeader,
			`{"code":"404","message":"该气瓶没有编号为 17 的有效锁定","data":{}}`, true},
	} {
		t.Run(c.what, func(t *testing.T) {
			req := post(c.path, "application/json", tokenRequest)
			got := failures(t, func(tb testing.TB) {
				v.Response(tb, req, tokenRequest, c.status, c.header, []byte(c.body))
			})
			switch {
			case c.valid && len(got) > 0:
				t.Errorf("a valid response failed: %v", got)
			case !c.valid && len(got) == 0:
				t.Errorf("an invalid response passed: %s", c.body)
			}
		})
	}

	covered := v.Covered()
	for _, want := range []string{"issueToken 200", "issueToken 401", "issueToken 429", "submitFillings 400",
		"submitFillings 200", "queryCylinder 200", "queryCylinder 404", "bindTag 200", "bindTag 409"} {
		if !covered[want] {
			t.Errorf("Covered() lacks %q: %v", want, covered)
		}
	}
	for _, not := range []string{"issueToken 404", "submitInspections 200", "submitTrails 200"} {
		if covered[not] {
			t.Errorf("Covered() has %q, which only failed", not)
		}
	}
	if got := v.Missing("issueToken 200", "submitTrails 200"); len(got) != 1 || got[0] != "submitTrails 200" {
		t.Errorf("Missing = %v, want [submitTrails 200]", got)
	}
}

const submitResult = `{"code":"200","message":"ok","data":{"accepted":1,"duplicate":1,"rejected":3,"results":[
 {"index":0,"sourceId":"F-1","status":"accepted","code":"200","message":"已接收","recordId":123,
  "warnings":[{"code":"NOT_FOUND","message":"违规充装：未找到该气瓶的档案（扫描的编码未在追溯系统登记），禁止充装；请核对编码，或请使用单位先为气瓶建档"}]},
 {"index":1,"sourceId":"F-1","status":"duplicate","code":"200","message":"该记录已接收过，未重复保存","recordId":123},
 {"index":2,"sourceId":"F-2","status":"rejected","code":"400","message":"数据校验未通过，请按提示修改",
  "fields":[{"field":"fillingDate","rule":"format","message":"充装日期格式应为 yyyy-mm-dd"}]},
 {"index":3,"sourceId":"F-3","status":"rejected","code":"422","message":"充装单位名称与接口账号所属单位不一致"},
 {"index":4,"sourceId":"I-9","status":"rejected","code":"404","message":"未找到该气瓶的电子档案"}]}}`

// station is what /fillings/check shows of a cylinder.
const station = `{"id":"CY0RZ8X4T6M2K9P3QW","infoCode":"CQ7H3K9M2P4R6T8V0W","productNumber":"101200000417",
 "useUnitName":"重庆玉灵燃气有限公司","varietyCode":"2320","mediumCode":"G13","mediumName":"液化石油气","volumeL":35.50,
 "manufactureDate":"2020-08","nextInspectionDate":"2024-08","status":"在用","registrationCertNumber":"瓶渝A00001(21)"}`

// rulesJSON is the default rule table as /rules/current shows it.
func rulesJSON(t *testing.T, changedBy, note string) string {
	t.Helper()
	b, err := json.Marshal(struct {
		cyltrace.RuleTable
		ChangedBy string `json:"changedBy"`
		Note      string `json:"note"`
		CreatedAt string `json:"createdAt"`
	}{cyltrace.DefaultRuleTable(), changedBy, note, "2026-11-25 10:00:00"})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func filledCylinder() cyltrace.Cylinder {
	return cyltrace.Cylinder{
		ID: "CY0RZ8X4T6M2K9P3QW", UseUnitName: "重庆玉灵燃气有限公司", RegionCode: "500112",
		VarietyCode: "2320", ProductNumber: "101200000417", MediumCode: "G13",
		Manufacturer: "重庆恒祥石油液化气钢瓶制造有限公司", ManufactureDate: "2020-08",
		NominalPressureMPa: cyltrace.DecimalFromHundredths(210), VolumeL: cyltrace.DecimalFromHundredths(3550),
		LastInspectionDate: "2021-08-10", NextInspectionDate: "2025-08", UnitInternalNumber: "YL-000417",
		Status: cyltrace.StatusInUse, TagType: cyltrace.TagQR, InfoCode: "CQ7H3K9M2P4R6T8V0W",
		QRContent:              "https://trace.example.cn/q/CQ7H3K9M2P4R6T8V0W",
		RegistrationCertNumber: "瓶渝A00001(21)", RegistrationDate: "2021-01-01",
		RegistrationAuthority: "重庆市渝北区市场监督管理局",
	}
}

func TestResponseUnknownOperation(t *testing.T) {
	v := openapitest.New(t)
	for _, req := range []*http.Request{
		post("/api/v1/factory/submit", "application/json", nil),
		httptest.NewRequest(http.MethodGet, base+"/api/v1/cylinders/query", nil),
	} {
		got := failures(t, func(tb testing.TB) {
			v.Response(tb, req, nil, 200, jsonHeader, []byte(`{"code":"200","message":"ok","data":{}}`))
		})
		if len(got) == 0 {
			t.Errorf("%s %s: a response to no operation passed", req.Method, req.URL.Path)
		}
	}
}

// TestResponseOfHandler validates the real document handler through an
// httptest server, the way the API's tests use the Validator.
func TestResponseOfHandler(t *testing.T) {
	v := openapitest.New(t)
	srv := httptest.NewServer(openapi.Handler())
	defer srv.Close()
	for _, ifNoneMatch := range []string{"", "*"} {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/openapi.json", nil)
		if err != nil {
			t.Fatal(err)
		}
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		v.Request(t, req, nil)
		body := v.ResponseOf(t, resp, nil)
		if resp.StatusCode == http.StatusOK && !bytes.Equal(body, openapi.Document()) {
			t.Errorf("ResponseOf did not return the body")
		}
	}
	if got := v.Missing("getOpenAPIDocument 200", "getOpenAPIDocument 304"); len(got) > 0 {
		t.Errorf("not covered: %v", got)
	}
}

func TestResponseStatusNotListed(t *testing.T) {
	v := openapitest.New(t)
	req := post("/api/v1/cylinders/query", "application/json", []byte(`{"id":"CY0RZ8X4T6M2K9P3QW"}`))
	for _, status := range []int{http.StatusNotModified, http.StatusTemporaryRedirect, http.StatusConflict} {
		got := failures(t, func(tb testing.TB) { v.Response(tb, req, nil, status, jsonHeader, nil) })
		if len(got) == 0 {
			t.Errorf("status %d passed for queryCylinder", status)
		}
	}
	if len(v.Covered()) != 0 {
		t.Errorf("Covered() = %v after failures only", v.Covered())
	}
}

func TestDocumented(t *testing.T) {
	v := openapitest.New(t)
	doc := v.Documented()
	for _, want := range []string{"issueToken 200", "queryCylinder 404", "bindTag 409", "submitFillings 413",
		"submitInspections 415", "submitTrails 429", "getOpenAPIDocument 304", "checkFilling 200", "getRules 200",
		"updateRules 409", "lockCylinder 404", "unlockCylinder 404"} {
		if !doc[want] {
			t.Errorf("Documented() lacks %q", want)
		}
	}
	for _, not := range []string{"issueToken 403", "checkFilling 404", "getRules 403"} {
		if doc[not] {
			t.Errorf("Documented() has %s", not)
		}
	}
}

func TestRequest(t *testing.T) {
	v := openapitest.New(t)
	png := pngImage(t)
	for _, c := range []struct {
		what        string
		path        string
		contentType string
		body        []byte
		valid       bool
	}{
		{"token", "/api/v1/auth/token", "application/json", tokenRequest, true},
		{"token with an unknown field", "/api/v1/auth/token", "application/json",
			[]byte(`{"appKey":"a","appSecret":"b","scope":"all"}`), false},
		{"token as a form", "/api/v1/auth/token", "application/x-www-form-urlencoded",
			[]byte(`appKey=a&appSecret=b`), false},
		{"query by infoCode", "/api/v1/cylinders/query", "application/json; charset=utf-8",
			[]byte(`{"infoCode":"CQ7H3K9M2P4R6T8V0W"}`), true},
		{"query by product", "/api/v1/cylinders/query", "application/json",
			[]byte(`{"manufacturer":"重庆恒祥石油液化气钢瓶制造有限公司","productNumber":"A100417","manufactureDate":"2020-08"}`), true},
		{"query two ways", "/api/v1/cylinders/query", "application/json",
			[]byte(`{"infoCode":"CQ7H3K9M2P4R6T8V0W","id":"CY0RZ8X4T6M2K9P3QW"}`), false},
		{"query product and infoCode", "/api/v1/cylinders/query", "application/json",
			[]byte(`{"manufacturer":"m","productNumber":"p","infoCode":"CQ7H3K9M2P4R6T8V0W"}`), false},
		{"query by date alone", "/api/v1/cylinders/query", "application/json",
			[]byte(`{"manufactureDate":"2020-08"}`), false},
		{"query by nothing", "/api/v1/cylinders/query", "application/json", []byte(`{}`), false},
		{"fillings", "/api/v1/fillings/submit", "application/json", []byte(`{"records":[
			{"sourceId":"F-1","cylinderId":"CY0RZ8X4T6M2K9P3QW","mediumCode":"G13","filler":"张三",
			 "fillingDate":"2021-08-13","fillingUnitName":"重庆玉灵燃气有限公司"}]}`), true},
		{"fillings with an unknown record field", "/api/v1/fillings/submit", "application/json", []byte(`{"records":[
			{"sourceId":"F-1","cylinderId":"CY0RZ8X4T6M2K9P3QW","mediumCode":"G13","filler":"张三",
			 "fillingDate":"2021-08-13","fillingUnitName":"重庆玉灵燃气有限公司","volumeL":35.5}]}`), false},
		{"no records", "/api/v1/fillings/submit", "application/json", []byte(`{"records":[]}`), false},
		{"records not an array", "/api/v1/inspections/submit", "application/json", []byte(`{"records":{}}`), false},
		{"1001 records", "/api/v1/trails/submit", "application/json", trails(1001), false},
		{"1000 records", "/api/v1/trails/submit", "application/json", trails(1000), true},
		{"check by infoCode", "/api/v1/fillings/check", "application/json",
			[]byte(`{"infoCode":"CQ7H3K9M2P4R6T8V0W","mediumCode":"G13"}`), true},
		{"check by scanned label", "/api/v1/fillings/check", "application/json",
			[]byte(`{"qrContent":"https://trace.example.cn/q/CQ7H3K9M2P4R6T8V0W","mediumCode":"G13"}`), true},
		{"check two ways", "/api/v1/fillings/check", "application/json",
			[]byte(`{"infoCode":"CQ7H3K9M2P4R6T8V0W","cylinderId":"CY0RZ8X4T6M2K9P3QW","mediumCode":"G13"}`), false},
		{"check no cylinder", "/api/v1/fillings/check", "application/json", []byte(`{"mediumCode":"G13"}`), false},
		{"check no medium", "/api/v1/fillings/check", "application/json", []byte(`{"cylinderId":"CY0RZ8X4T6M2K9P3QW"}`), false},
		{"check unknown medium", "/api/v1/fillings/check", "application/json",
			[]byte(`{"cylinderId":"CY0RZ8X4T6M2K9P3QW","mediumCode":"G21"}`), false},
		{"rules with no body", "/api/v1/rules/current", "application/json", nil, true},
		{"rules with {}", "/api/v1/rules/current", "application/json", []byte(`{}`), true},
		{"rules with a field", "/api/v1/rules/current", "application/json", []byte(`{"version":1}`), false},
		{"rules update", "/api/v1/rules/update", "application/json", rulesUpdate(t, "依据 TSG 23-2021 核对"), true},
		{"rules update without note", "/api/v1/rules/update", "application/json", rulesUpdate(t, ""), false},
		{"rules update with the metadata", "/api/v1/rules/update", "application/json",
			[]byte(`{"rules":` + rulesJSON(t, "system", "x") + `,"note":"x"}`), false},
		{"lock", "/api/v1/cylinders/lock", "application/json", []byte(`{"cylinderId":"CY0RZ8X4T6M2K9P3QW","reason":"举报"}`), true},
		{"lock without reason", "/api/v1/cylinders/lock", "application/json", []byte(`{"cylinderId":"CY0RZ8X4T6M2K9P3QW"}`), false},
		{"lock by infoCode", "/api/v1/cylinders/lock", "application/json", []byte(`{"infoCode":"CQ7H3K9M2P4R6T8V0W","reason":"举报"}`), false},
		{"unlock", "/api/v1/cylinders/unlock", "application/json",
			[]byte(`{"cylinderId":"CY0RZ8X4T6M2K9P3QW","lockId":17,"note":"举报不实"}`), true},
		{"unlock lockId as a string", "/api/v1/cylinders/unlock", "application/json",
			[]byte(`{"cylinderId":"CY0RZ8X4T6M2K9P3QW","lockId":"17","note":"举报不实"}`), false},
		{"bind a QR tag", "/api/v1/tags/bind", "", nil, true},
		{"bind a QR tag without its URL", "/api/v1/tags/bind", "", nil, false},
		{"bind an RFID tag by product", "/api/v1/tags/bind", "", nil, true},
		{"bind with an unknown part", "/api/v1/tags/bind", "", nil, false},
		{"bind without the image", "/api/v1/tags/bind", "", nil, false},
		{"bind naming the cylinder twice", "/api/v1/tags/bind", "", nil, false},
	} {
		t.Run(c.what, func(t *testing.T) {
			contentType, body := c.contentType, c.body
			if c.path == "/api/v1/tags/bind" {
				contentType, body = bindForm(t, c.what, png)
			}
			req := post(c.path, contentType, body)
			got := failures(t, func(tb testing.TB) { v.Request(tb, req, body) })
			switch {
			case c.valid && len(got) > 0:
				t.Errorf("a valid request failed: %v", got)
			case !c.valid && len(got) == 0:
				t.Errorf("an invalid request passed")
			}
		})
	}
}

// rulesUpdate is a /rules/update body with the default table.
func rulesUpdate(t *testing.T, note string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"rules": cyltrace.DefaultRuleTable(), "note": note})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bindForm returns the multipart body of a bind request of the case what.
func bindForm(t *testing.T, what string, img []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	field := func(name, value string) {
		if err := w.WriteField(name, value); err != nil {
			t.Fatal(err)
		}
	}
	switch what {
	case "bind an RFID tag by product":
		field("manufacturer", "重庆恒祥石油液化气钢瓶制造有限公司")
		field("productNumber", "A100417")
		field("manufactureDate", "2020-08")
		field("tagType", cyltrace.TagRFID)
	case "bind naming the cylinder twice":
		field("cylinderId", "CY0RZ8X4T6M2K9P3QW")
		field("manufacturer", "重庆恒祥石油液化气钢瓶制造有限公司")
		field("productNumber", "A100417")
		field("manufactureDate", "2020-08")
		field("tagType", cyltrace.TagRFID)
	default:
		field("cylinderId", "CY0RZ8X4T6M2K9P3QW")
		field("tagType", cyltrace.TagQR)
	}
	if what != "bind a QR tag without its URL" && what != "bind an RFID tag by product" && what != "bind naming the cylinder twice" {
		field("qrContent", "https://trace.example.cn/q/CQ7H3K9M2P4R6T8V0W")
	}
	if what == "bind with an unknown part" {
		field("note", "x")
	}
	if what != "bind without the image" {
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", `form-data; name="stampImage"; filename="stamp.png"`)
		h.Set("Content-Type", "image/png")
		part, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := part.Write(img); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), buf.Bytes()
}

func pngImage(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func trails(n int) []byte {
	records := make([]cyltrace.TrailEvent, n)
	for i := range records {
		records[i] = cyltrace.TrailEvent{
			SourceID: fmt.Sprintf("T-%d", i), CylinderID: "CY0RZ8X4T6M2K9P3QW",
			Time: "2021-08-13 14:05:00", Node: cyltrace.NodeDelivery, ActorName: "重庆玉灵燃气有限公司",
		}
	}
	b, err := json.Marshal(map[string]any{"records": records})
	if err != nil {
		panic(err)
	}
	return b
}

// TestParallel uses one Validator from parallel tests, as the API's tests may.
func TestParallel(t *testing.T) {
	v := openapitest.New(t)
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			req := post("/api/v1/fillings/submit", "application/json", nil)
			v.Response(t, req, nil, 200, jsonHeader, []byte(submitResult))
			v.Response(t, req, nil, 401, jsonHeader, []byte(`{"code":"401","message":"访问令牌无效或已过期，请重新获取","data":{}}`))
		})
	}
	t.Cleanup(func() {
		if got := v.Missing("submitFillings 200", "submitFillings 401"); len(got) > 0 {
			t.Errorf("not covered: %v", got)
		}
	})
}
