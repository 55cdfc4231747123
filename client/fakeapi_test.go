package client_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"cyltrace"
)

// fakeAPI implements just enough of the wire contract (notes/api-contract.md)
// to test the client while the real API is being built: it is as strict
// about requests as the contract (POST only, application/json, no unknown
// fields, 1 to 1000 records) so that a client that drifts from it fails here.
type fakeAPI struct {
	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	expiresIn int
	tokens    map[string]bool                        // valid bearer tokens
	issued    int                                    // tokens issued
	calls     map[string]int                         // requests per path
	lastToken map[string]string                      // bearer token of the last request per path
	queued    map[string][]func(http.ResponseWriter) // forced replies per path, used first
	batches   map[string][]int                       // records per submission per path
	stored    map[string]int64                       // path + sourceId → record id
	nextID    int64
	lastQuery map[string]any    // the last query body
	bind      *boundForm        // the last tag binding received
	cylinders map[string]string // infoCode → archive JSON
}

// boundForm is what /tags/bind received.
type boundForm struct {
	fields   map[string]string
	fileName string
	fileType string
	file     []byte
}

const (
	testKey    = "ak_test"
	testSecret = "s3cret-do-not-print"
	testInfo   = "CQDKZVNQPYPD36Z6RY"
)

// testArchive is an archive as the API returns it: all 20 keys.
const testArchive = `{"id":"CY00H3XB2MEB3J4XPN","useUnitName":"重庆万家燃气有限公司","regionCode":"500298",
"varietyCode":"2320","productNumber":"101240029479","mediumCode":"G13",
"manufacturer":"重庆恒祥石油液化气钢瓶制造有限公司","manufactureDate":"2024-09","nominalPressureMPa":2.10,
"volumeL":35.50,"lastInspectionDate":"","nextInspectionDate":"2028-09","unitInternalNumber":"000061",
"status":"在用","tagType":"二维码","infoCode":"CQDKZVNQPYPD36Z6RY",
"qrContent":"https://trace.hengxiang.example.cn/c/101240029479","registrationCertNumber":"瓶32渝A00306(22)",
"registrationDate":"2024-10-27","registrationAuthority":"重庆两江新区市场监督管理局"}`

func newFakeAPI(t testing.TB) *fakeAPI {
	t.Helper()
	f := &fakeAPI{
		t:         t,
		expiresIn: 7200,
		tokens:    map[string]bool{},
		calls:     map[string]int{},
		lastToken: map[string]string{},
		queued:    map[string][]func(http.ResponseWriter){},
		batches:   map[string][]int{},
		stored:    map[string]int64{},
		cylinders: map[string]string{testInfo: testArchive},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// queue makes the next requests to path get the given replies, in order,
// before the fake answers normally again.
func (f *fakeAPI) queue(path string, replies ...func(http.ResponseWriter)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queued[path] = append(f.queued[path], replies...)
}

// revokeAll makes every token issued so far invalid, as a server restart
// or a disabled-then-enabled client would.
func (f *fakeAPI) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.tokens)
}

func (f *fakeAPI) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

// batchSizes returns the number of records of each submission to path.
func (f *fakeAPI) batchSizes(path string) []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int(nil), f.batches[path]...)
}

// tokenSent returns the bearer token of the last request to path.
func (f *fakeAPI) tokenSent(path string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastToken[path]
}

// lastBind returns the last tag binding received.
func (f *fakeAPI) lastBind() *boundForm {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bind
}

// lastQueryBody returns the body of the last query.
func (f *fakeAPI) lastQueryBody() map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastQuery
}

func (f *fakeAPI) tokensIssued() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.issued
}

// envelopeReply is a forced reply in the contract's envelope.
func envelopeReply(status int, message string, data string, header ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"code":"%d","message":%q,"data":%s}`, status, message, data)
	}
}

// rawReply is a forced reply that is not an envelope, as a proxy sends.
func rawReply(status int, contentType, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// dropConnection closes the connection without a reply.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

func writeEnvelope(w http.ResponseWriter, status int, message string, data any) {
	b, err := json.Marshal(map[string]any{"code": fmt.Sprint(status), "message": message, "data": data})
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	f.mu.Lock()
	f.calls[path]++
	var forced func(http.ResponseWriter)
	if q := f.queued[path]; len(q) > 0 {
		forced, f.queued[path] = q[0], q[1:]
	}
	f.mu.Unlock()
	if r.Method != http.MethodPost {
		writeEnvelope(w, 405, "只接受 POST", map[string]any{})
		return
	}
	if path != "/api/v1/auth/token" {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		f.mu.Lock()
		valid := ok && f.tokens[tok]
		f.lastToken[path] = tok
		f.mu.Unlock()
		if forced == nil && !valid {
			writeEnvelope(w, 401, "访问令牌无效或已过期，请重新获取", map[string]any{})
			return
		}
	}
	if forced != nil {
		forced(w)
		return
	}
	if path == "/api/v1/tags/bind" {
		f.serveBind(w, r)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeEnvelope(w, 415, "请求体应为 application/json", map[string]any{})
		return
	}
	switch path {
	case "/api/v1/auth/token":
		f.serveToken(w, r)
	case "/api/v1/cylinders/query":
		f.serveQuery(w, r)
	case "/api/v1/fillings/submit", "/api/v1/inspections/submit", "/api/v1/trails/submit":
		f.serveSubmit(w, r)
	default:
		writeEnvelope(w, 404, "接口不存在", map[string]any{})
	}
}

// decodeStrict decodes one JSON object, refusing unknown fields as the
// contract does.
func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("请求体只能包含一个 JSON 对象")
	}
	return nil
}

func (f *fakeAPI) serveToken(w http.ResponseWriter, r *http.Request) {
	var in struct{ AppKey, AppSecret string }
	if err := decodeStrict(r.Body, &in); err != nil {
		writeEnvelope(w, 400, err.Error(), map[string]any{})
		return
	}
	if in.AppKey != testKey || in.AppSecret != testSecret {
		writeEnvelope(w, 401, "appKey 或 appSecret 错误", map[string]any{})
		return
	}
	f.mu.Lock()
	f.issued++
	tok := fmt.Sprintf("tok-%d", f.issued)
	f.tokens[tok] = true
	exp := f.expiresIn
	f.mu.Unlock()
	writeEnvelope(w, 200, "ok", map[string]any{"accessToken": tok, "tokenType": "Bearer", "expiresIn": exp})
}

func (f *fakeAPI) serveQuery(w http.ResponseWriter, r *http.Request) {
	var in struct {
		InfoCode, ID, QRContent, Manufacturer, ProductNumber, ManufactureDate string
	}
	body, _ := io.ReadAll(r.Body)
	if err := decodeStrict(bytes.NewReader(body), &in); err != nil {
		writeEnvelope(w, 400, err.Error(), map[string]any{})
		return
	}
	var raw map[string]any
	json.Unmarshal(body, &raw)
	f.mu.Lock()
	f.lastQuery = raw
	archive, ok := f.cylinders[in.InfoCode]
	f.mu.Unlock()
	switch {
	case len(raw) == 0:
		writeEnvelope(w, 400, "请提供查询条件", map[string]any{"fields": []cyltrace.FieldError{
			{Field: "infoCode", Rule: "required", Message: "请提供信息化编码、气瓶档案ID、二维码内容或制造单位和产品编号之一"}}})
	case in.ProductNumber != "" && in.Manufacturer == "Twice":
		writeEnvelope(w, 400, "数据校验未通过，请按提示修改", map[string]any{"fields": []cyltrace.FieldError{
			{Field: "manufactureDate", Rule: "required", Message: "该制造单位和产品编号对应多只气瓶，请同时提供制造年月"}}})
	case in.InfoCode != "" && ok:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		fmt.Fprintf(w, `{"code":"200","message":"ok","data":%s}`, archive)
	default:
		writeEnvelope(w, 404, "未找到该气瓶的电子档案", map[string]any{})
	}
}

func (f *fakeAPI) serveSubmit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Records []json.RawMessage `json:"records"`
	}
	if err := decodeStrict(r.Body, &in); err != nil {
		writeEnvelope(w, 400, err.Error(), map[string]any{})
		return
	}
	if len(in.Records) == 0 || len(in.Records) > 1000 {
		writeEnvelope(w, 400, "records 应有 1 到 1000 条记录", map[string]any{"fields": []cyltrace.FieldError{
			{Field: "records", Rule: "range", Message: "每次提交 1 到 1000 条记录"}}})
		return
	}
	type result struct {
		Index    int                   `json:"index"`
		SourceID string                `json:"sourceId"`
		Status   string                `json:"status"`
		Code     string                `json:"code"`
		Message  string                `json:"message"`
		RecordID int64                 `json:"recordId,omitempty"`
		Fields   []cyltrace.FieldError `json:"fields,omitempty"`
	}
	out := struct {
		Accepted  int      `json:"accepted"`
		Duplicate int      `json:"duplicate"`
		Rejected  int      `json:"rejected"`
		Results   []result `json:"results"`
	}{Results: []result{}}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.batches[r.URL.Path] = append(f.batches[r.URL.Path], len(in.Records))
	for i, raw := range in.Records {
		var rec struct {
			SourceID   string `json:"sourceId"`
			MediumCode string `json:"mediumCode"`
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			f.t.Errorf("record %d is not an object: %v", i, err)
		}
		res := result{Index: i, SourceID: rec.SourceID}
		key := r.URL.Path + "\x00" + rec.SourceID
		id, seen := f.stored[key]
		switch {
		case rec.MediumCode == "G99":
			res.Status, res.Code, res.Message = "rejected", "400", "数据校验未通过，请按提示修改"
			res.Fields = []cyltrace.FieldError{{Field: "mediumCode", Rule: "code", Message: "充装介质代码 G99 不在代码表中"}}
			out.Rejected++
		case seen:
			res.Status, res.Code, res.Message, res.RecordID = "duplicate", "200", "该记录已接收过，未重复保存", id
			out.Duplicate++
		default:
			f.nextID++
			f.stored[key] = f.nextID
			res.Status, res.Code, res.Message, res.RecordID = "accepted", "200", "已接收", f.nextID
			out.Accepted++
		}
		out.Results = append(out.Results, res)
	}
	writeEnvelope(w, 200, "ok", out)
}

func (f *fakeAPI) serveBind(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		writeEnvelope(w, 415, "请求体应为 multipart/form-data", map[string]any{})
		return
	}
	if err := r.ParseMultipartForm(6 << 20); err != nil {
		writeEnvelope(w, 400, "表单无效："+err.Error(), map[string]any{})
		return
	}
	got := &boundForm{fields: map[string]string{}}
	for k, v := range r.MultipartForm.Value {
		got.fields[k] = v[0]
	}
	fhs := r.MultipartForm.File["stampImage"]
	if len(fhs) != 1 {
		writeEnvelope(w, 400, "缺少钢印照片", map[string]any{"fields": []cyltrace.FieldError{
			{Field: "stampImage", Rule: "required", Message: "请上传钢印照片"}}})
		return
	}
	file, err := fhs[0].Open()
	if err != nil {
		f.t.Fatal(err)
	}
	got.file, _ = io.ReadAll(file)
	file.Close()
	got.fileName = fhs[0].Filename
	got.fileType = fhs[0].Header.Get("Content-Type")
	f.mu.Lock()
	f.bind = got
	f.mu.Unlock()
	writeEnvelope(w, 200, "ok", map[string]any{
		"cylinderId": got.fields["cylinderId"], "infoCode": "CQ0000000000000001",
		"tagType": got.fields["tagType"], "qrContent": got.fields["qrContent"],
		"stampImage": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	})
}

// fakeClock is an injectable clock that tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, cyltrace.CST)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
