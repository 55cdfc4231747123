package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

// rulesCacheTTL bounds how stale another process's rule change may be here;
// a change made through this process is seen at once.
const rulesCacheTTL = 10 * time.Second

// ruleCache keeps the rule table in force in memory: the interlock reads it
// on every check.
type ruleCache struct {
	mu       sync.Mutex
	current  *store.RuleVersion
	loadedAt time.Time
}

func (a *API) rules(ctx context.Context) (*store.RuleVersion, error) {
	a.ruleCache.mu.Lock()
	defer a.ruleCache.mu.Unlock()
	if a.ruleCache.current != nil && a.now().Sub(a.ruleCache.loadedAt) < rulesCacheTTL {
		return a.ruleCache.current, nil
	}
	rv, err := a.store.CurrentRules(ctx)
	if err != nil {
		return nil, err
	}
	a.ruleCache.current, a.ruleCache.loadedAt = rv, a.now()
	return rv, nil
}

func (a *API) forgetRules() {
	a.ruleCache.mu.Lock()
	a.ruleCache.current = nil
	a.ruleCache.mu.Unlock()
}

// rulesData is the rule table as the API shows it.
type rulesData struct {
	cyltrace.RuleTable
	ChangedBy string `json:"changedBy"`
	Note      string `json:"note"`
	CreatedAt string `json:"createdAt"`
}

func rulesOf(rv *store.RuleVersion) rulesData {
	return rulesData{RuleTable: rv.Rules, ChangedBy: rv.ChangedBy, Note: rv.Note, CreatedAt: rv.CreatedAt}
}

// currentRules answers /rules/current: the table in force, with its version.
func (a *API) currentRules(w http.ResponseWriter, r *http.Request) {
	body, err := readJSON(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(body) > 0 {
		var none struct{}
		if err := decodeStrict(body, &none, "请求体"); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	rv, err := a.rules(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, rulesOf(rv))
}

type rulesUpdate struct {
	Rules cyltrace.RuleTable `json:"rules"`
	Note  string             `json:"note"`
}

// updateRules stores a new version of the rule table (city bureau only).
func (a *API) updateRules(w http.ResponseWriter, r *http.Request) {
	var req rulesUpdate
	if !a.decodeBody(w, r, &req) {
		return
	}
	var fe cyltrace.FieldErrors
	textField(&fe, "note", req.Note, 200, "请填写修改说明（依据的文件或原因）", "修改说明")
	if err := req.Rules.Validate(); err != nil {
		if e, isDomain := err.(*cyltrace.Error); isDomain {
			for _, f := range e.Fields {
				fe.Add("rules."+f.Field, f.Rule, f.Message)
			}
		} else {
			a.fail(w, r, err)
			return
		}
	}
	if err := fe.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	client := clientOf(r.Context())
	if err := a.store.SaveRules(r.Context(), &req.Rules, "client:"+client.AppKey, req.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	a.forgetRules()
	a.logger.Info("rule table changed", "version", req.Rules.Version, "by", client.AppKey)
	rv, err := a.rules(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, rulesOf(rv))
}
