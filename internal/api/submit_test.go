package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"cyltrace"
)

type result struct {
	Index    int
	SourceID string
	Status   string
	Code     string
	Message  string
	RecordID int64
	Fields   []cyltrace.FieldError
	Warnings []struct{ Code, Message string }
}

type submitted struct {
	Accepted, Duplicate, Rejected int
	Results                       []result
}

func (r *response) results(t *testing.T) submitted {
	t.Helper()
	var s submitted
	if err := json.Unmarshal(r.Data, &s); err != nil {
		t.Fatalf("submit data: %v\n%s", err, r.raw)
	}
	return s
}

func filling(source string, c *cyltrace.Cylinder) map[string]any {
	return map[string]any{"sourceId": source, "cylinderId": c.ID, "mediumCode": "G13", "filler": "张三",
		"fillingDate": "2026-11-25", "fillingUnitName": "重庆玉灵燃气有限公司", "fillingTime": "2026-11-25 08:15:00"}
}

func TestSubmitFillings(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok := e.token(cyltrace.RoleFilling)
		unknown := filling("F-4", e.own)
		unknown["cylinderId"] = "CY9999999999999999"
		wrongUnit := filling("F-3", e.own)
		wrongUnit["fillingUnitName"] = "重庆别家燃气有限公司"
		bad := filling("F-2", e.own)
		bad["fillingDate"], bad["mediumCode"] = "2026/11/25", "G33"
		byCode := filling("F-5", e.own)
		delete(byCode, "cylinderId")
		byCode["infoCode"] = e.own.InfoCode
		extra := filling("F-6", e.own)
		extra["pressure"] = 1.5
		batch := []any{filling("F-1", e.own), bad, wrongUnit, unknown, byCode, filling("F-1", e.own), extra, "not an object"}
		r := e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": batch}).want(t, 200)
		got := r.results(t)
		want := []struct{ status, code string }{
			{"accepted", "200"}, {"rejected", "400"}, {"rejected", "422"}, {"accepted", "200"},
			{"accepted", "200"}, {"duplicate", "200"}, {"rejected", "400"}, {"rejected", "400"},
		}
		for i, w := range want {
			res := got.Results[i]
			if res.Index != i || res.Status != w.status || res.Code != w.code {
				t.Errorf("record %d: %s %s (%s), want %s %s", i, res.Status, res.Code, res.Message, w.status, w.code)
			}
		}
		if got.Accepted != 3 || got.Duplicate != 1 || got.Rejected != 4 {
			t.Errorf("counts %d/%d/%d, want 3/1/4", got.Accepted, got.Duplicate, got.Rejected)
		}
		if f := got.Results[1].Fields; len(f) != 2 || got.Results[1].SourceID != "F-2" {
			t.Errorf("invalid record fields %+v", f)
		}
		if w := got.Results[3].Warnings; len(w) != 1 || w[0].Code != "NOT_FOUND" {
			t.Errorf("unknown cylinder warnings %+v", w)
		}
		if got.Results[5].RecordID != got.Results[0].RecordID {
			t.Errorf("duplicate names record %d, want %d", got.Results[5].RecordID, got.Results[0].RecordID)
		}
		if !strings.Contains(got.Results[6].Message, "pressure") {
			t.Errorf("unknown field message %q", got.Results[6].Message)
		}

		// Retrying the whole batch stores nothing twice.
		again := e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": batch}).want(t, 200).results(t)
		if again.Accepted != 0 || again.Duplicate != 4 || again.Rejected != 4 {
			t.Errorf("retry counts %d/%d/%d, want 0/4/4", again.Accepted, again.Duplicate, again.Rejected)
		}
		counts, _ := e.store.TableCounts(context.Background())
		if counts["fillings"] != 3 {
			t.Errorf("filling rows %d, want 3", counts["fillings"])
		}
		// The record keeps who submitted it; the trail shows the filling.
		fs, _ := e.store.Fillings(context.Background(), e.own.ID, 10)
		if len(fs) != 2 || fs[0].UnitID != e.units[cyltrace.RoleFilling].ID || fs[0].ClientID == 0 {
			t.Errorf("stored fillings %+v", fs)
		}
		trail, _ := e.store.Trail(context.Background(), e.own.ID, 10)
		if len(trail) != 2 || trail[0].Node != cyltrace.NodeFilling {
			t.Errorf("trail after fillings: %+v", trail)
		}

		// Whole-request errors.
		e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": []any{}}).want(t, 400)
		e.postJSON("/api/v1/fillings/submit", tok, map[string]any{}).want(t, 400)
		e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": "F-1"}).want(t, 400)
		many := make([]any, 1001)
		for i := range many {
			many[i] = map[string]any{"sourceId": fmt.Sprint(i)}
		}
		e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": many}).want(t, 400)
		huge := `{"records":[{"sourceId":"` + strings.Repeat("x", 1<<20) + `"}]}`
		e.post("/api/v1/fillings/submit", tok, "application/json", []byte(huge)).want(t, 413)
	})
}

func TestSubmitInspectionsAndTrail(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok := e.token(cyltrace.RoleInspection)
		periodic := map[string]any{"sourceId": "I-1", "cylinderId": e.own.ID, "inspectionDate": "2026-11-20",
			"inspectionAgency": "重庆市特种设备检测研究院", "nextInspectionDate": "2030-11", "conclusion": "合格",
			"inspectionType": "定期"}
		scrap := map[string]any{"sourceId": "I-2", "infoCode": e.other.InfoCode, "inspectionDate": "2026-11-21",
			"inspectionAgency": "重庆市特种设备检测研究院", "conclusion": "报废", "inspectionType": "报废处置"}
		lost := map[string]any{"sourceId": "I-3", "cylinderId": "CY9999999999999999", "inspectionDate": "2026-11-21",
			"inspectionAgency": "重庆市特种设备检测研究院", "nextInspectionDate": "2030-11", "conclusion": "合格",
			"inspectionType": "定期"}
		got := e.postJSON("/api/v1/inspections/submit", tok, map[string]any{"records": []any{periodic, scrap, lost}}).
			want(t, 200).results(t)
		if got.Accepted != 2 || got.Results[2].Code != "404" {
			t.Errorf("inspection results %+v", got.Results)
		}
		own, _ := e.store.Cylinder(context.Background(), e.own.ID)
		if own.LastInspectionDate != "2026-11-20" || own.NextInspectionDate != "2030-11" {
			t.Errorf("archive after inspection: %s / %s", own.LastInspectionDate, own.NextInspectionDate)
		}
		other, _ := e.store.Cylinder(context.Background(), e.other.ID)
		if other.Status != cyltrace.StatusScrapped {
			t.Errorf("status after 报废处置: %s", other.Status)
		}

		// Trail events: the distribution role may send them.
		dtok := e.token(cyltrace.RoleDistribution)
		ev := map[string]any{"sourceId": "T-1", "cylinderId": e.own.ID, "time": "2026-11-25 09:30:00",
			"node": "配送", "actorName": "重庆快送燃气配送有限公司"}
		lostEv := map[string]any{"sourceId": "T-2", "cylinderId": "CY9999999999999999", "time": "2026-11-25 09:30:00",
			"node": "配送", "actorName": "重庆快送燃气配送有限公司"}
		badEv := map[string]any{"sourceId": "T-3", "cylinderId": e.own.ID, "time": "2026-11-25", "node": "运输", "actorName": ""}
		res := e.postJSON("/api/v1/trails/submit", dtok, map[string]any{"records": []any{ev, lostEv, badEv}}).want(t, 200).results(t)
		if res.Results[0].Status != "accepted" || res.Results[1].Code != "404" || len(res.Results[2].Fields) != 3 {
			t.Errorf("trail results %+v", res.Results)
		}
		trail, _ := e.store.Trail(context.Background(), e.own.ID, 10)
		if len(trail) != 2 || trail[0].Node != cyltrace.NodeDelivery || trail[1].Node != cyltrace.NodeInspection {
			t.Errorf("trail %+v, want 配送 then 检验", trail)
		}
	})
}

// TestConcurrentSameBatch: a platform that retries while its first request
// is still running gets every record stored once.
func TestConcurrentSameBatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok := e.token(cyltrace.RoleFilling)
		var batch []any
		for i := 0; i < 200; i++ {
			batch = append(batch, filling(fmt.Sprintf("C-%d", i), e.own))
		}
		var wg sync.WaitGroup
		out := make([]submitted, 3)
		for i := range out {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i] = e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": batch}).want(t, 200).results(t)
			}()
		}
		wg.Wait()
		total := 0
		for _, o := range out {
			total += o.Accepted
			if o.Accepted+o.Duplicate != 200 {
				t.Errorf("a submission: %d accepted, %d duplicate, %d rejected", o.Accepted, o.Duplicate, o.Rejected)
			}
		}
		if total != 200 {
			t.Errorf("accepted over three submissions: %d, want 200", total)
		}
		counts, _ := e.store.TableCounts(context.Background())
		if counts["fillings"] != 200 {
			t.Errorf("filling rows %d, want 200", counts["fillings"])
		}
	})
}
