package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/client"
)

// TestGoClient drives the real API through the public Go client that a
// unit's platform imports.
func TestGoClient(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := client.New(e.url, "key-filling", e.secrets[cyltrace.RoleFilling], client.WithClock(e.now),
			client.WithRetry(2, time.Millisecond))

		got, err := c.QueryByInfoCode(ctx, e.own.InfoCode)
		if err != nil || got.ID != e.own.ID || got.VolumeL.String() != "35.50" {
			t.Fatalf("QueryByInfoCode = %+v, %v", got, err)
		}
		_, err = c.QueryByID(ctx, "CY9999999999999999")
		var apiErr *client.Error
		if !errors.As(err, &apiErr) || apiErr.Code != "404" {
			t.Errorf("query of an unknown cylinder: %v, want a 404 *client.Error", err)
		}

		// 2,500 records: three batches, all stored; sending them again stores nothing.
		var fs []cyltrace.Filling
		for i := 0; i < 2500; i++ {
			fs = append(fs, cyltrace.Filling{SourceID: fmt.Sprintf("G-%d", i), CylinderID: e.own.ID, MediumCode: "G13",
				Filler: "张三", FillingDate: "2026-11-25", FillingUnitName: "重庆玉灵燃气有限公司"})
		}
		res, err := c.SubmitFillings(ctx, fs)
		if err != nil || res.Accepted != 2500 || res.Results[2499].Index != 2499 {
			t.Fatalf("SubmitFillings: %+v, %v", res.Accepted, err)
		}
		res, err = c.SubmitFillings(ctx, fs)
		if err != nil || res.Duplicate != 2500 {
			t.Fatalf("resubmitted: %d duplicates, %v", res.Duplicate, err)
		}

		// The token runs out; the client fetches a new one by itself.
		e.advance(3 * time.Hour)
		if _, err := c.QueryByID(ctx, e.own.ID); err != nil {
			t.Fatalf("query after the token expired: %v", err)
		}

		b, err := c.BindTag(ctx, client.BindRequest{CylinderID: e.bare.ID, TagType: cyltrace.TagQR,
			QRContent: "https://label.yuling.example.cn/q/go", StampImage: bytes.NewReader(stampPNG(t, 72)), StampImageName: "s.png"})
		if err != nil || !cyltrace.ValidInfoCode(b.InfoCode) {
			t.Fatalf("BindTag = %+v, %v", b, err)
		}
		byQR, err := c.QueryByQRContent(ctx, "https://label.yuling.example.cn/q/go")
		if err != nil || byQR.InfoCode != b.InfoCode {
			t.Errorf("query by the new label: %+v, %v", byQR, err)
		}
	})
}
