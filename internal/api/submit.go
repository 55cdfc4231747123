package api

import (
	"context"
	"encoding/json"
	"errors"
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
	*cyltrace.Filling | *cyltrace.Inspection | *cyltrace.TrailEvent | *cyltrace.FactoryRecord
}

// kind describes one submit endpoint.
type kind[R record] struct {
	new      func() R
	check    func(context.Context, R, *cyltrace.APIClient) error // business rules beyond Validate
	store    func(context.Context, []R) ([]store.Outcome, error)
	warnings func(store.Outcome) []warning
}

func (a *API) submitFillings(w http.ResponseWriter, r *http.Request) {
	client := clientOf(r.Context())
	submit(a, w, r, kind[*cyltrace.Filling]{
		new: func() *cyltrace.Filling { return new(cyltrace.Filling) },
		check: func(_ context.Context, f *cyltrace.Filling, c *cyltrace.APIClient) error {
			if f.FillingUnitName != c.UnitName {
				return cyltrace.Errorf(cyltrace.EREFUSED, "充装单位名称“%s”与接口账号所属单位“%s”不一致", f.FillingUnitName, c.UnitName)
			}
			return nil
		},
		// Every accepted filling is judged by the interlock at its filling
		// time; one it would have refused is kept, flagged, and reported back.
		store: func(ctx context.Context, recs []*cyltrace.Filling) ([]store.Outcome, error) {
			rv, err := a.rules(ctx)
			if err != nil {
				return nil, err
			}
			return a.store.SubmitFillingsJudged(ctx, recs, a.judge(rv, client.UnitID))
		},
		warnings: func(o store.Outcome) []warning {
			var ws []warning
			for _, reason := range o.Violation {
				ws = append(ws, warning{Code: reason.Code, Message: "违规充装：" + reason.Message})
			}
			return ws
		},
	})
}

func (a *API) submitInspections(w http.ResponseWriter, r *http.Request) {
	submit(a, w, r, kind[*cyltrace.Inspection]{
		new:   func() *cyltrace.Inspection { return new(cyltrace.Inspection) },
		check: a.plausibleInspection,
		store: a.store.SubmitInspections,
	})
}

// plausibleInspection refuses a next inspection date beyond the interval of
// the cylinder's class (DOMAIN.md §1); an unknown cylinder is left to the
// store, which answers 404 for it.
func (a *API) plausibleInspection(ctx context.Context, in *cyltrace.Inspection, _ *cyltrace.APIClient) error {
	by, value := "id", in.CylinderID
	if value == "" {
		by, value = "infoCode", in.InfoCode
	}
	c, _, err := a.store.CylinderForCheck(ctx, by, value)
	if cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	rv, err := a.rules(ctx)
	if err != nil {
		return err
	}
	return rv.Rules.CheckInspection(c, in)
}

// submitFactory takes a maker's factory data (出厂信息). The maker is the
// client's unit: every traceCode must begin with its 3-digit maker code, so
// a maker cannot publish another maker's cylinders.
func (a *API) submitFactory(w http.ResponseWriter, r *http.Request) {
	client := clientOf(r.Context())
	maker, err := a.store.Unit(r.Context(), client.UnitID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	submit(a, w, r, kind[*cyltrace.FactoryRecord]{
		new: func() *cyltrace.FactoryRecord { return new(cyltrace.FactoryRecord) },
		check: func(_ context.Context, f *cyltrace.FactoryRecord, _ *cyltrace.APIClient) error {
			return f.CheckMaker(maker)
		},
		store: a.store.SubmitFactory,
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
		if err := prepare(r.Context(), rec, raw, i, client, now, k.check); err != nil {
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
			case store.Conflict:
				reject(rr, cyltrace.Errorf(cyltrace.ECONFLICT, "%s", o.Message))
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
func prepare[R record](ctx context.Context, rec R, raw json.RawMessage, i int, client *cyltrace.APIClient, now time.Time,
	check func(context.Context, R, *cyltrace.APIClient) error) error {
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
	case *cyltrace.FactoryRecord:
		v.UnitID, v.ClientID, v.MakerName = client.UnitID, client.ID, client.UnitName
		err = v.Validate(now)
	}
	if err != nil || check == nil {
		return err
	}
	return check(ctx, rec, client)
}

func reject(rr *recordResult, err error) {
	rr.Status = "rejected"
	rr.Code = strconv.Itoa(statusOf(cyltrace.ErrorCode(err)))
	rr.Message = cyltrace.ErrorMessage(err)
	var e *cyltrace.Error
	if errors.As(err, &e) {
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
