package client

import (
	"context"
	"fmt"

	"cyltrace"
)

// MaxBatch is the most records one submission may carry; the Submit methods
// split longer slices.
const MaxBatch = 1000

// The statuses of a submitted record.
const (
	StatusAccepted  = "accepted"  // stored now
	StatusDuplicate = "duplicate" // its sourceId was stored before; nothing stored twice
	StatusRejected  = "rejected"  // not stored; Code, Message and Fields say why
)

// SubmitResult is the answer to a submission: the counts and one result per
// record.
type SubmitResult struct {
	Accepted  int            `json:"accepted"`
	Duplicate int            `json:"duplicate"`
	Rejected  int            `json:"rejected"`
	Results   []RecordResult `json:"results"`
}

// RecordResult is what became of one submitted record.
type RecordResult struct {
	// Index is the record's position in the slice given to the Submit
	// method (not in the batch it travelled in).
	Index    int    `json:"index"`
	SourceID string `json:"sourceId"`
	Status   string `json:"status"` // StatusAccepted, StatusDuplicate or StatusRejected
	// Code is "200" for accepted and duplicate records; for a rejected one
	// "400" (Fields lists the bad fields), "404" (no such cylinder) or "422"
	// (refused by a business rule).
	Code     string                `json:"code"`
	Message  string                `json:"message"`
	RecordID int64                 `json:"recordId,omitempty"` // the city system's id of the stored record
	Fields   []cyltrace.FieldError `json:"fields,omitempty"`
	Warnings []Warning             `json:"warnings,omitempty"`
}

// Warning is a remark on a record that was stored anyway, such as a filling
// of a cylinder that is not in the archive (kept as evidence).
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type submitRequest[T any] struct {
	Records []T `json:"records"`
}

// SubmitFillings submits filling records (充装信息) to /api/v1/fillings/submit,
// MaxBatch at a time. A record's fillingUnitName must be the name of the
// API client's unit.
//
// The call succeeds when the city system answered for every record; what
// became of each is in the result. When a batch fails, the error says so and
// the result holds the batches answered before it. Submitting the same
// records again is always safe: a stored sourceId comes back "duplicate".
func (c *Client) SubmitFillings(ctx context.Context, records []cyltrace.Filling) (*SubmitResult, error) {
	return submit(ctx, c, apiPrefix+"/fillings/submit", records)
}

// SubmitInspections submits inspection records (检验信息) to
// /api/v1/inspections/submit, MaxBatch at a time, as SubmitFillings does.
func (c *Client) SubmitInspections(ctx context.Context, records []cyltrace.Inspection) (*SubmitResult, error) {
	return submit(ctx, c, apiPrefix+"/inspections/submit", records)
}

// SubmitTrail submits trail records (溯源轨迹信息: 配送, 销售, 使用 …) to
// /api/v1/trails/submit, MaxBatch at a time, as SubmitFillings does.
func (c *Client) SubmitTrail(ctx context.Context, records []cyltrace.TrailEvent) (*SubmitResult, error) {
	return submit(ctx, c, apiPrefix+"/trails/submit", records)
}

// SubmitFactory submits a maker's factory data (出厂信息) to
// /api/v1/factory/submit, MaxBatch at a time, as SubmitFillings does. The
// client's unit is the maker: a traceCode must begin with its maker code,
// and a traceCode published once (by anyone) is refused again.
func (c *Client) SubmitFactory(ctx context.Context, records []cyltrace.FactoryRecord) (*SubmitResult, error) {
	return submit(ctx, c, apiPrefix+"/factory/submit", records)
}

// submit sends records in batches of at most MaxBatch and merges the
// answers, shifting each index to the caller's slice. An empty slice sends
// nothing.
func submit[T any](ctx context.Context, c *Client, path string, records []T) (*SubmitResult, error) {
	total := &SubmitResult{Results: make([]RecordResult, 0, len(records))}
	for start := 0; start < len(records); start += MaxBatch {
		end := min(start+MaxBatch, len(records))
		var got SubmitResult
		err := c.call(ctx, path, submitRequest[T]{Records: records[start:end]}, &got)
		if err == nil {
			err = checkBatch(&got, end-start)
			if err != nil {
				err = fmt.Errorf("client: POST %s: %w", path, err)
			}
		}
		if err != nil {
			if len(records) > MaxBatch {
				err = fmt.Errorf("records %d to %d of %d: %w", start, end-1, len(records), err)
			}
			return total, err
		}
		total.Accepted += got.Accepted
		total.Duplicate += got.Duplicate
		total.Rejected += got.Rejected
		for _, r := range got.Results {
			r.Index += start
			total.Results = append(total.Results, r)
		}
	}
	return total, nil
}

// checkBatch verifies that the answer covers each of the n records of a
// batch exactly once and that the counts agree with the statuses.
func checkBatch(got *SubmitResult, n int) error {
	if len(got.Results) != n {
		return fmt.Errorf("%d results for %d records", len(got.Results), n)
	}
	seen := make([]bool, n)
	var counts [3]int
	for _, r := range got.Results {
		if r.Index < 0 || r.Index >= n || seen[r.Index] {
			return fmt.Errorf("result index %d out of range or repeated", r.Index)
		}
		seen[r.Index] = true
		switch r.Status {
		case StatusAccepted:
			counts[0]++
		case StatusDuplicate:
			counts[1]++
		case StatusRejected:
			counts[2]++
		default:
			return fmt.Errorf("result %d has unknown status %q", r.Index, r.Status)
		}
	}
	if counts != [3]int{got.Accepted, got.Duplicate, got.Rejected} {
		return fmt.Errorf("counts accepted %d, duplicate %d, rejected %d disagree with the results",
			got.Accepted, got.Duplicate, got.Rejected)
	}
	return nil
}
