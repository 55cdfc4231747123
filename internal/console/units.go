package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"cyltrace"
	"cyltrace/internal/store"
)

const (
	regionCookie   = "cyltrace_region"
	regionKeep     = 180 * 24 * 3600 // seconds the city admin's region filter is remembered
	unitScanBatch  = 500
	maxSearchRunes = 100
)

// unitsPage lists units, 50 a page, searched by code or name and filtered
// by region and kind.
type unitsPage struct {
	base
	Query     string
	CityWide  bool // the region select offers every region (the city admin)
	Regions   []option
	Kinds     []option
	CanCreate bool
	Rows      []unitRow
	pager
}

type unitRow struct{ Code, Name, Kinds, Region string }

func (c *Console) units(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !canLock(u) { // the city bureau and the district bureaus, like the locks
		c.forbidden(w, r, msgForbidden)
		return
	}
	region, ok := c.unitRegion(w, r, u)
	if !ok {
		c.forbidden(w, r, "您没有权限查看其他区域的单位")
		return
	}
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	if utf8.RuneCountInString(text) > maxSearchRunes {
		text = string([]rune(text)[:maxSearchRunes])
	}
	kind := cyltrace.UnitKind(q.Get("kind"))
	if unitKindName(kind) == string(kind) {
		kind = "" // not a known kind
	}
	city := u.HasRole(cyltrace.CityAdmin)
	p := unitsPage{base: c.page(w, r, "单位管理", "/console/units"), Query: text, CityWide: city,
		Kinds: kindOptions(kind), CanCreate: city}
	if city {
		p.Regions = regionOptions(region)
	} else {
		p.Regions = []option{{Value: region, Label: region + " " + regionName(region), Selected: true}}
	}
	page := pageOf(q)
	list, err := c.findUnits(r.Context(), store.UnitFilter{RegionCode: region, Kind: kind}, text, (page-1)*perPage, perPage+1)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	to := min(perPage, len(list))
	for _, unit := range list[:to] {
		p.Rows = append(p.Rows, unitRow{Code: unit.Code, Name: unit.Name, Kinds: unitKindNames(unit.Kinds),
			Region: regionName(unit.RegionCode)})
	}
	v := url.Values{}
	if city {
		v.Set("region", region) // the link shows what the page shows
	}
	if text != "" {
		v.Set("q", text)
	}
	if kind != "" {
		v.Set("kind", string(kind))
	}
	p.pager = newPager("/console/units", v, page, len(list) > to)
	c.render(w, r, http.StatusOK, "units", p)
}

// unitRegion returns the region whose units u sees, "" for all. A district
// user sees their own region only: another asked for by URL is refused (ok
// false). The city admin sees ?region= when given, which is then
// remembered in a cookie, or else the remembered one.
func (c *Console) unitRegion(w http.ResponseWriter, r *http.Request, u *cyltrace.User) (string, bool) {
	asked, given := r.URL.Query()["region"]
	if !u.HasRole(cyltrace.CityAdmin) {
		if u.RegionCode == "" || given && asked[0] != "" && asked[0] != u.RegionCode {
			return "", false
		}
		return u.RegionCode, true
	}
	if given {
		region := asked[0]
		if _, ok := cyltrace.LookupRegion(region); !ok {
			c.clearCookie(w, regionCookie)
			return "", true
		}
		http.SetCookie(w, &http.Cookie{Name: regionCookie, Value: region, Path: "/console/", MaxAge: regionKeep,
			HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
		return region, true
	}
	if ck, err := r.Cookie(regionCookie); err == nil {
		if _, ok := cyltrace.LookupRegion(ck.Value); ok {
			return ck.Value, true
		}
	}
	return "", true
}

// findUnits returns up to n units of the filter after skipping skip. With a
// search text it reads the filter's units in batches and keeps those whose
// code or name contains the text: the store has no text filter, and SQL
// LIKE differs in case between the dialects (STYLE.md §6).
func (c *Console) findUnits(ctx context.Context, f store.UnitFilter, text string, skip, n int) ([]*cyltrace.Unit, error) {
	if text == "" {
		f.Limit, f.Offset = n, skip
		return c.store.Units(ctx, f)
	}
	upper := strings.ToUpper(text)
	var found []*cyltrace.Unit
	f.Limit = unitScanBatch
	for f.Offset = 0; ; f.Offset += unitScanBatch {
		batch, err := c.store.Units(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, u := range batch {
			if !strings.Contains(strings.ToUpper(u.Code), upper) && !strings.Contains(u.Name, text) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			if found = append(found, u); len(found) == n {
				return found, nil
			}
		}
		if len(batch) < unitScanBatch {
			return found, nil
		}
	}
}
