package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

const (
	auditPerPage = 50
	maxAuditPage = 100
	auditValue   = 200 // characters of a before/after value shown
)

// auditPage searches the audit trail, newest first.
type auditPage struct {
	base
	Action, Object string
	Rows           []auditRow
	Page           int
	PrevURL        string
	NextURL        string
}

type auditRow struct {
	At                             time.Time
	Actor, Address, Action, Object string
	UnitID                         int64
	Before, After                  string
}

func (c *Console) audit(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	q := r.URL.Query()
	p := auditPage{base: c.page(w, r, "审计日志", "/console/audit"),
		Action: strings.TrimSpace(q.Get("action")), Object: strings.TrimSpace(q.Get("object"))}
	p.Page, _ = strconv.Atoi(q.Get("page"))
	p.Page = min(max(p.Page, 1), maxAuditPage)
	// One row more than a page tells whether there is a next page.
	list, err := c.store.AuditLog(r.Context(), store.AuditFilter{Action: p.Action, Object: p.Object,
		Limit: auditPerPage + 1, Offset: (p.Page - 1) * auditPerPage})
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	to := min(auditPerPage, len(list))
	for _, e := range list[:to] {
		p.Rows = append(p.Rows, auditRow{At: e.At, Actor: e.Actor, Address: e.Address, Action: e.Action,
			Object: e.Object, UnitID: e.UnitID, Before: truncateRunes(string(e.Before), auditValue), After: truncateRunes(string(e.After), auditValue)})
	}
	link := func(page int) string {
		v := url.Values{"page": {strconv.Itoa(page)}}
		if p.Action != "" {
			v.Set("action", p.Action)
		}
		if p.Object != "" {
			v.Set("object", p.Object)
		}
		return "/console/audit?" + v.Encode()
	}
	if p.Page > 1 {
		p.PrevURL = link(p.Page - 1)
	}
	if len(list) > to && p.Page < maxAuditPage {
		p.NextURL = link(p.Page + 1)
	}
	c.render(w, r, http.StatusOK, "audit", p)
}
