package console

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"cyltrace"
)

const (
	perPage = 50    // rows of a list page
	maxPage = 10000 // keeps an offset far from overflowing
)

// option is one entry of a select, or one checkbox of a group.
type option struct {
	Value, Label string
	Selected     bool
}

// regionOptions lists the 42 regions, selected marked.
func regionOptions(selected string) []option {
	regs := cyltrace.Regions()
	opts := make([]option, len(regs))
	for i, reg := range regs {
		opts[i] = option{Value: reg.Code, Label: reg.Code + " " + reg.Name, Selected: reg.Code == selected}
	}
	return opts
}

// kindOptions lists the unit kinds, those in selected marked.
func kindOptions(selected ...cyltrace.UnitKind) []option {
	var opts []option
	for _, k := range cyltrace.UnitKinds() {
		o := option{Value: string(k.Kind), Label: k.Name}
		for _, s := range selected {
			o.Selected = o.Selected || s == k.Kind
		}
		opts = append(opts, o)
	}
	return opts
}

// userRoleOptions lists the console roles, those in selected marked.
func userRoleOptions(selected []cyltrace.UserRole) []option {
	var opts []option
	for _, r := range cyltrace.UserRoles() {
		o := option{Value: string(r.Role), Label: r.Name}
		for _, s := range selected {
			o.Selected = o.Selected || s == r.Role
		}
		opts = append(opts, o)
	}
	return opts
}

// apiRoleOptions lists the API roles, selected marked.
func apiRoleOptions(selected cyltrace.Role) []option {
	var opts []option
	for _, r := range cyltrace.Roles() {
		opts = append(opts, option{Value: string(r.Role), Label: string(r.Role) + " " + r.Name, Selected: r.Role == selected})
	}
	return opts
}

// regionName shows a region code by its name, or the code when unknown.
func regionName(code string) string {
	if reg, ok := cyltrace.LookupRegion(code); ok {
		return reg.Name
	}
	return code
}

// unitKindName returns the Chinese name of a unit kind.
func unitKindName(k cyltrace.UnitKind) string {
	for _, known := range cyltrace.UnitKinds() {
		if known.Kind == k {
			return known.Name
		}
	}
	return string(k)
}

// unitKindNames shows kinds as "充装单位、使用单位".
func unitKindNames(kinds []cyltrace.UnitKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = unitKindName(k)
	}
	return strings.Join(names, "、")
}

// fieldErrors maps each bad field of an EINVALID error to its messages, for
// the form to show next to the fields; nil for any other error.
func fieldErrors(err error) map[string]string {
	var e *cyltrace.Error
	if !errors.As(err, &e) || e.Code != cyltrace.EINVALID || len(e.Fields) == 0 {
		return nil
	}
	m := make(map[string]string, len(e.Fields))
	for _, f := range e.Fields {
		if m[f.Field] != "" {
			m[f.Field] += "；"
		}
		m[f.Field] += f.Message
	}
	return m
}

// formValues returns the trimmed values of a repeated form field.
func formValues(v url.Values, name string) []string {
	var out []string
	for _, s := range v[name] {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// pageOf reads ?page=, 1 to maxPage.
func pageOf(q url.Values) int {
	n, _ := strconv.Atoi(q.Get("page"))
	return min(max(n, 1), maxPage)
}

// pager holds the links of a list page that read one row more than it
// shows, to know whether a next page exists.
type pager struct {
	Page             int
	PrevURL, NextURL string
}

// newPager links the pages around page of path with the query v.
func newPager(path string, v url.Values, page int, more bool) pager {
	link := func(n int) string {
		v.Set("page", strconv.Itoa(n))
		return path + "?" + v.Encode()
	}
	p := pager{Page: page}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if more && page < maxPage {
		p.NextURL = link(page + 1)
	}
	return p
}
