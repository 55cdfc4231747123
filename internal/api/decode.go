package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"cyltrace"
)

// maxJSONBytes is the body limit of the JSON endpoints: 1000 records of a
// few hundred bytes each fit with room to spare (docs/api.md says so).
const maxJSONBytes = 1 << 20

// readJSON reads a JSON request body of at most maxJSONBytes after checking
// its content type.
func readJSON(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, cyltrace.Errorf(cyltrace.EMEDIATYPE, "请求的 Content-Type 必须是 application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, cyltrace.Errorf(cyltrace.ETOOLARGE, "请求体超过 %d KiB 上限，请分批提交", maxJSONBytes>>10)
	}
	if err != nil {
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "读取请求体失败")
	}
	return body, nil
}

// decodeStrict decodes one JSON value into v: unknown fields, wrong types
// and anything after the value are refused with a message naming the
// problem. what names the value in messages ("请求体", "第 3 条记录").
func decodeStrict(data []byte, v any, what string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return cyltrace.Errorf(cyltrace.EINVALID, "%s为空，应为 JSON 对象", what)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return cyltrace.Errorf(cyltrace.EINVALID, "%s", jsonMessage(err, what))
	}
	if _, err := dec.Token(); err != io.EOF {
		return cyltrace.Errorf(cyltrace.EINVALID, "%s只能包含一个 JSON 对象，其后不能有其他内容", what)
	}
	return nil
}

// jsonMessage turns a decoding error into a sentence for the caller.
func jsonMessage(err error, what string) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("%s不是有效的 JSON（第 %d 个字节附近）", what, syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fmt.Sprintf("%s应为 JSON 对象，而不是 %s", what, jsonType(typ.Value))
		}
		return fmt.Sprintf("%s的字段 %s 类型错误：应为%s，而不是 %s", what, typ.Field, goType(typ.Type.String()), jsonType(typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("%s不完整，JSON 提前结束", what)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Sprintf("%s含有未知字段 %s", what, strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Sprintf("%s不是有效的 JSON", what)
}

func jsonType(v string) string {
	switch v {
	case "string":
		return "字符串"
	case "number", "number int", "number float":
		return "数字"
	case "bool":
		return "布尔值"
	case "array":
		return "数组"
	case "object":
		return "对象"
	}
	return v
}

func goType(t string) string {
	switch {
	case t == "string":
		return "字符串"
	case strings.HasPrefix(t, "[]"):
		return "数组"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"):
		return "数字"
	}
	return "对象"
}
