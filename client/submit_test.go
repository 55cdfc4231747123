package client_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/client"
)

func TestSubmitSplitsIntoBatchesAndMergesIndexes(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	records := make([]cyltrace.Filling, 2500)
	for i := range records {
		records[i] = oneFilling(fmt.Sprintf("F-%04d", i))[0]
	}
	records[1500].MediumCode = "G99" // rejected by the fake: index 500 of the second batch

	res, err := c.SubmitFillings(context.Background(), records)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if got, want := api.batchSizes(fillingsPath), []int{1000, 1000, 500}; !slices.Equal(got, want) {
		t.Errorf("batches sent = %v, want %v", got, want)
	}
	if res.Accepted != 2499 || res.Duplicate != 0 || res.Rejected != 1 {
		t.Errorf("counts = %d/%d/%d, want 2499/0/1", res.Accepted, res.Duplicate, res.Rejected)
	}
	if got, want := len(res.Results), 2500; got != want {
		t.Fatalf("results = %d, want %d", got, want)
	}
	for i, r := range res.Results {
		if r.Index != i || r.SourceID != records[i].SourceID {
			t.Fatalf("result %d = index %d sourceId %q, want index %d sourceId %q", i, r.Index, r.SourceID, i, records[i].SourceID)
		}
	}
	bad := res.Results[1500]
	if bad.Status != client.StatusRejected || bad.Code != "400" || len(bad.Fields) != 1 || bad.Fields[0].Field != "mediumCode" {
		t.Errorf("result 1500 = %+v, want rejected 400 with a mediumCode field", bad)
	}
	if res.Results[2499].RecordID == 0 {
		t.Errorf("result 2499 has no recordId")
	}
}

func TestSubmitAgainComesBackDuplicate(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	events := []cyltrace.TrailEvent{
		{SourceID: "T-1", CylinderID: "CY00H3XB2MEB3J4XPN", Time: "2026-03-01 10:00:00", Node: "配送", ActorName: "李四"},
		{SourceID: "T-2", InfoCode: testInfo, Time: "2026-03-01 11:00:00", Node: "使用", ActorName: "王五"},
	}
	first, err := c.SubmitTrail(context.Background(), events)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.SubmitTrail(context.Background(), events)
	if err != nil {
		t.Fatal(err)
	}
	if first.Accepted != 2 || again.Duplicate != 2 || again.Accepted != 0 {
		t.Errorf("first %+v, again %+v: want 2 accepted, then 2 duplicate", first, again)
	}
	for i := range events {
		if first.Results[i].RecordID != again.Results[i].RecordID {
			t.Errorf("record %d: recordId %d then %d, want the same", i, first.Results[i].RecordID, again.Results[i].RecordID)
		}
	}
	if got := api.batchSizes("/api/v1/trails/submit"); !slices.Equal(got, []int{2, 2}) {
		t.Errorf("batches = %v, want [2 2]", got)
	}
}

func TestSubmitInspections(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	res, err := c.SubmitInspections(context.Background(), []cyltrace.Inspection{{
		SourceID: "I-1", CylinderID: "CY00H3XB2MEB3J4XPN", InspectionDate: "2026-02-27",
		InspectionAgency: "重庆演示气瓶检测有限公司", NextInspectionDate: "2030-02", Conclusion: "合格", InspectionType: "定期",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 1 {
		t.Errorf("result = %+v, want one accepted", res)
	}
}

func TestSubmitNothingSendsNothing(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	res, err := c.SubmitFillings(context.Background(), nil)
	if err != nil || res == nil || len(res.Results) != 0 {
		t.Errorf("SubmitFillings(nil) = %+v, %v; want an empty result", res, err)
	}
	if got := api.count(fillingsPath) + api.count("/api/v1/auth/token"); got != 0 {
		t.Errorf("requests = %d, want 0", got)
	}
}

func TestSubmitFailedBatchKeepsEarlierResults(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api, client.WithRetry(0, 0))
	records := make([]cyltrace.Filling, 1200)
	for i := range records {
		records[i] = oneFilling(fmt.Sprintf("F-%04d", i))[0]
	}
	// The first batch is answered normally (nil), the second meets a 500.
	api.queue(fillingsPath, nil, envelopeReply(500, "系统内部错误，请稍后重试", "{}"))

	res, err := c.SubmitFillings(context.Background(), records)
	var e *client.Error
	if !errors.As(err, &e) || e.Code != "500" {
		t.Fatalf("err = %v, want a *client.Error 500", err)
	}
	if !strings.Contains(err.Error(), "records 1000 to 1199 of 1200") {
		t.Errorf("err = %q, want it to name the failed batch", err)
	}
	if res == nil || res.Accepted != 1000 || len(res.Results) != 1000 {
		t.Fatalf("partial result = %+v, want the 1000 records of the first batch", res)
	}

	// Submitting everything again is the whole recovery.
	res, err = client.New(api.srv.URL, testKey, testSecret).SubmitFillings(context.Background(), records)
	if err != nil {
		t.Fatal(err)
	}
	if res.Duplicate != 1000 || res.Accepted != 200 {
		t.Errorf("resubmission: %d duplicate, %d accepted; want 1000 and 200", res.Duplicate, res.Accepted)
	}
}

func TestSubmitAnswerMustCoverEachRecord(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	api.queue(fillingsPath, envelopeReply(200, "ok", `{"accepted":0,"duplicate":0,"rejected":0,"results":[]}`))
	if _, err := c.SubmitFillings(context.Background(), oneFilling("F-1")); err == nil {
		t.Error("an answer without a result per record was taken")
	}
}
