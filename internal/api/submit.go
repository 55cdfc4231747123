package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

// maxRecords is how many records one submission may carry (SPEC.md §4).
const maxRecords = 1000

type submitRequest struct {
	Records []json.RawMessage `json:"records"`
}

type warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// recordResult is what became of one submitted record.
type recordResult struct {
	Index    int                   `json:"index"`
	SourceID string                `json:"sourceId"`
	Status   string                `json:"status"` // accepted, duplicate, rejected
	Code     string                `json:"code"`
	Message  string                `json:"message"`
	RecordID int64                 `json:"recordId,omitempty"`
	Fields   []cyltrace.FieldError `json:"fields,omitempty"`
	Warnings []warning             `json:"warnings,omitempty"`
}

type submitResult struct {
	Accepted  int            `json:"accepted"`
	Duplicate int            `json:"duplicate"`
	Rejected  int            `json:"rejected"`
	Results   []recordResult `json:"results"`
}

// record is what the submit endpoints need of each kind of record.
type record interface {
	*cyltrace.Filling | *cyltrace.Inspection | *cyltrace.TrailEvent
}

// kind describes one submit endpoint.
type kind[R record] struct {
	new      func() R
	check    func(R, *cyltrace.APIClient) error // business rules beyond Validate
	store    func(context.Context, []R) ([]store.Outcome, error)
	warnings func(store.Outcome) []warning
}

func (a *API) submitFillings(w http.ResponseWriter, r *http.Request) {
	submit(a, w, r, kind[*cyltrace.Filling]{
		new: func() *cyltrace.Filling { return new(cyltrace.Filling) },
		check: func(f *cyltrace.Filling, c *cyltrace.APIClient) error {
			if f.FillingUnitName != c.UnitName {
				return cyltrace.Errorf(cyltrace.EREFUSED, "充装单位名称“%s”与接口账号所属单位“%s”不一致", f.FillingUnitName, c.UnitName)
			}
			return nil
		},
		store: a.store.SubmitFillings,
		warnings: func(o store.Outcome) []warning {
			if o.CylinderID != "" {
				return nil
			}
			return []warning{{Code: "NOT_FOUND", Message: "未找到该气瓶的电子档案：记录已保存，作为未登记气瓶充装的证据"}}
		},
	})
}

func (a *API) submitInspections(w http.ResponseWriter, r *http.Request) {
	submit(a, w, r, kind[*cyltrace.Inspection]{
		new:   func() *cyltrace.Inspection { return new(cyltrace.Inspection) },
		store: a.store.SubmitInspections,
	})
}

func (a *API) submitTrail(w http.ResponseWriter, r *http.Request) {
	submit(a, w, r, kind[*cyltrace.TrailEvent]{
		new:   func() *cyltrace.TrailEvent { return new(cyltrace.TrailEvent) },
		store: a.store.SubmitTrail,
	})
}

// submit runs a submission: each record is decoded and checked on its own,
// the good ones are stored in one transaction (committed before the answer),
// and every record gets its own result.
func submit[R record](a *API, w http.ResponseWriter, r *http.Request, k kind[R]) {
	body, err := readJSON(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var req submitRequest
	if err := decodeStrict(body, &req, "请求体"); err != nil {
		a.fail(w, r, err)
		return
	}
	if n := len(req.Records); n == 0 || n > maxRecords {
		var fe cyltrace.FieldErrors
		fe.Add("records", cyltrace.RuleRange, fmt.Sprintf("records 应包含 1 到 %d 条记录，现为 %d 条", maxRecords, n))
		a.fail(w, r, fe.Err())
		return
	}
	client := clientOf(r.Context())
	now := a.now()
	res := submitResult{Results: make([]recordResult, len(req.Records))}
	var good []R
	var goodAt []int
	for i, raw := range req.Records {
		rec := k.new()
		res.Results[i] = recordResult{Index: i, SourceID: sourceIDOf(raw)}
		if err := prepare(rec, raw, i, client, now, k.check); err != nil {
			reject(&res.Results[i], err)
			continue
		}
		good, goodAt = append(good, rec), append(goodAt, i)
	}
	if len(good) > 0 {
		outcomes, err := k.store(r.Context(), good)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for j, o := range outcomes {
			rr := &res.Results[goodAt[j]]
			switch o.Status {
			case store.Accepted:
				rr.Status, rr.Code, rr.Message, rr.RecordID = "accepted", "200", "已接收", o.RecordID
				if k.warnings != nil {
					rr.Warnings = k.warnings(o)
				}
			case store.Duplicate:
				rr.Status, rr.Code, rr.Message, rr.RecordID = "duplicate", "200", "该记录已接收过，未重复保存", o.RecordID
			default:
				reject(rr, cyltrace.Errorf(cyltrace.ENOTFOUND, "未找到该气瓶的电子档案"))
			}
		}
	}
	for _, rr := range res.Results {
		switch rr.Status {
		case "accepted":
			res.Accepted++
		case "duplicate":
			res.Duplicate++
		default:
			res.Rejected++
		}
	}
	ok(w, res)
}

// prepare decodes, stamps and checks one record.
func prepare[R record](rec R, raw json.RawMessage, i int, client *cyltrace.APIClient, now time.Time,
	check func(R, *cyltrace.APIClient) error) error {
	if err := decodeStrict(raw, rec, fmt.Sprintf("第 %d 条记录", i+1)); err != nil {
		return err
	}
	var err error
	switch v := any(rec).(type) {
	case *cyltrace.Filling:
		v.UnitID, v.ClientID = client.UnitID, client.ID
		err = v.Validate(now)
	case *cyltrace.Inspection:
		v.UnitID, v.ClientID = client.UnitID, client.ID
		err = v.Validate(now)
	case *cyltrace.TrailEvent:
		v.UnitID, v.ClientID = client.UnitID, client.ID
		err = v.Validate(now)
	}
	if err != nil || check == nil {
		return err
	}
	return check(rec, client)
}

func reject(rr *recordResult, err error) {
	rr.Status = "rejected"
	rr.Code = strconv.Itoa(statusOf(cyltrace.ErrorCode(err)))
	rr.Message = cyltrace.ErrorMessage(err)
	if e, ok := err.(*cyltrace.Error); ok {
		rr.Fields = e.Fields
	}
}

// sourceIDOf reads a record's sourceId even when the record is otherwise
// broken, so that its result can name it.
func sourceIDOf(raw json.RawMessage) string {
	var v struct {
		SourceID any `json:"sourceId"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	s, _ := v.SourceID.(string)
	return s
}
