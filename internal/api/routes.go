package api

import (
	"net/http"
	"slices"

	"cyltrace"
	"cyltrace/internal/api/openapi"
)

// route is one endpoint: its handler and the roles that may call it (nil:
// no token needed).
type route struct {
	handler http.HandlerFunc
	roles   []cyltrace.Role
}

var (
	everyRole = []cyltrace.Role{cyltrace.RoleFilling, cyltrace.RoleInspection, cyltrace.RoleManufacturer, cyltrace.RoleDistribution}
	binders   = []cyltrace.Role{cyltrace.RoleFilling, cyltrace.RoleManufacturer}
	trailers  = []cyltrace.Role{cyltrace.RoleFilling, cyltrace.RoleInspection, cyltrace.RoleDistribution}
	bureau    = []cyltrace.Role{cyltrace.RoleBureau}
	allRoles  = slices.Concat(everyRole, []cyltrace.Role{cyltrace.RoleBureau})
)

// routes is every endpoint of the API and who may call it (SPEC.md §4).
func (a *API) routes() map[string]route {
	return map[string]route{
		"/api/v1/auth/token":         {a.token, nil},
		"/api/v1/cylinders/query":    {a.query, allRoles},
		"/api/v1/tags/bind":          {a.bind, binders},
		"/api/v1/fillings/submit":    {a.submitFillings, []cyltrace.Role{cyltrace.RoleFilling}},
		"/api/v1/inspections/submit": {a.submitInspections, []cyltrace.Role{cyltrace.RoleInspection}},
		"/api/v1/trails/submit":      {a.submitTrail, trailers},
		"/api/v1/factory/submit":     {a.submitFactory, []cyltrace.Role{cyltrace.RoleManufacturer}},
		"/api/v1/fillings/check":     {a.check, []cyltrace.Role{cyltrace.RoleFilling}},
		"/api/v1/rules/current":      {a.currentRules, allRoles},
		"/api/v1/rules/update":       {a.updateRules, bureau},
		"/api/v1/cylinders/lock":     {a.lock, bureau},
		"/api/v1/cylinders/unlock":   {a.unlock, bureau},
	}
}

// Handler serves everything under /api/: the endpoints (POST only, as the
// source requires), the OpenAPI document (GET), and an envelope for every
// other path or method, so that no plain-text error ever reaches a platform.
func (a *API) Handler() http.Handler {
	routes := a.routes()
	doc := openapi.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/openapi.json" {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				w.Header().Set("Allow", "GET, HEAD")
				write(w, http.StatusMethodNotAllowed, "该地址只支持 GET 请求", nil)
				return
			}
			doc.ServeHTTP(w, r)
			return
		}
		rt, found := routes[r.URL.Path]
		if !found {
			write(w, http.StatusNotFound, "接口不存在："+r.URL.Path, nil)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			write(w, http.StatusMethodNotAllowed, "接口统一采用 POST 请求", nil)
			return
		}
		if rt.roles == nil {
			rt.handler(w, r)
			return
		}
		a.authenticate(rt.roles, rt.handler).ServeHTTP(w, r)
	})
}
