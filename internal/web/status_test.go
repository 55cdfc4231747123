package web

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"cyltrace"
)

func TestBadges(t *testing.T) {
	lastMinute := time.Date(2026, 8, 31, 23, 59, 0, 0, cyltrace.CST)
	nextDay := time.Date(2026, 9, 1, 0, 0, 0, 0, cyltrace.CST)
	unregistered := func(c *cyltrace.Cylinder) { c.RegistrationCertNumber, c.RegistrationDate = "", "" }
	status := func(s string) cylinderOpt { return func(c *cyltrace.Cylinder) { c.Status = s } }
	dueAug2026 := func(c *cyltrace.Cylinder) { c.NextInspectionDate = "2026-08" }
	tests := []struct {
		name   string
		now    time.Time
		opts   []cylinderOpt
		want   []string
		labels []string
	}{
		{"in date", testNow, nil, []string{"ok"}, []string{"检验合格"}},
		{"last minute of the due month", lastMinute, []cylinderOpt{dueAug2026}, []string{"ok"}, []string{"检验合格"}},
		{"first day after", nextDay, []cylinderOpt{dueAug2026}, []string{"overdue"}, []string{"超期未检"}},
		{"first day after, clock in UTC", nextDay.UTC(), []cylinderOpt{dueAug2026}, []string{"overdue"}, []string{"超期未检"}},
		{"scrapped", testNow, []cylinderOpt{status(cyltrace.StatusScrapped)}, []string{"scrapped"}, []string{"已报废"}},
		{"stopped", testNow, []cylinderOpt{status(cyltrace.StatusStopped)}, []string{"stopped"}, []string{"已停用"}},
		{"unregistered", testNow, []cylinderOpt{unregistered}, []string{"unregistered"}, []string{"未登记"}},
		{"scrapped and overdue", nextDay, []cylinderOpt{status(cyltrace.StatusScrapped), dueAug2026},
			[]string{"scrapped", "overdue"}, []string{"已报废", "超期未检"}},
		{"stopped, overdue, unregistered", nextDay, []cylinderOpt{status(cyltrace.StatusStopped), dueAug2026, unregistered},
			[]string{"stopped", "overdue", "unregistered"}, []string{"已停用", "超期未检", "未登记"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Config{})
			c := mustCylinder(t, e.store, tt.opts...)
			e.clock.set(tt.now)
			res := e.get(t, "/q/"+c.InfoCode)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d", res.StatusCode)
			}
			doc := parseHTML(t, res.body)
			if got := badges(doc); !slices.Equal(got, tt.want) {
				t.Errorf("badges = %v, want %v", got, tt.want)
			}
			var labels []string
			for _, b := range findAll(doc, withAttr("data-status", "")) {
				labels = append(labels, text(b))
			}
			if !slices.Equal(labels, tt.labels) {
				t.Errorf("badge labels = %v, want %v", labels, tt.labels)
			}
			notes := findAll(doc, withAttr("class", "note"))
			if wantNotes := len(tt.want); tt.want[0] == "ok" && len(notes) != 0 || tt.want[0] != "ok" && len(notes) != wantNotes {
				t.Errorf("notes = %d for badges %v", len(notes), tt.want)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	tests := []struct {
		next string
		now  time.Time
		want bool
	}{
		{"2024-02", time.Date(2024, 2, 29, 23, 59, 59, 0, cyltrace.CST), false},
		{"2024-02", time.Date(2024, 3, 1, 0, 0, 0, 0, cyltrace.CST), true},
		{"2024-02", time.Date(2024, 2, 29, 16, 0, 0, 0, time.UTC), true}, // 2024-03-01 00:00 CST
		{"2024-12", time.Date(2025, 1, 1, 0, 0, 0, 0, cyltrace.CST), true},
		{"", testNow, false},
		{"2024-13", testNow, false},
	}
	for _, tt := range tests {
		if got := overdue(tt.next, tt.now); got != tt.want {
			t.Errorf("overdue(%q, %v) = %v, want %v", tt.next, tt.now, got, tt.want)
		}
	}
}
