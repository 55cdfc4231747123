// Package console is the web console of the city bureau, the district
// bureaus and the units, mounted under /console/: login with a picture
// captcha, server-side sessions, the password change, the rule table, cylinder
// locks and the audit trail.
//
// Shape (see ../../STYLE.md, miniflux): stdlib ServeMux with one route table
// (routes.go), one small file per action, html/template pages embedded and
// parsed at start, one typed struct per page, POST-redirect-GET with a flash
// cookie, a CSRF token on every form.
//
// Deviations, and why:
//   - The stylesheet is served from /console/static/ rather than inlined
//     (the server's CSP has no style hash for the console), and like every
//     console response it is sent with Cache-Control: no-store: a console page
//     must never be kept by a shared or browser cache, and the file is small.
//   - The signed-in user is put in the request context: it is request-scoped
//     data, and the store needs the actor in the context for its audit trail.
//   - The login form carries a double-submit CSRF token (a cookie and a
//     field) since no session exists yet; every later form carries its
//     session's own token.
//   - The audit page reads one page and one row more (to know whether a next
//     page exists), 50 rows a page, at most maxAuditPage pages deep.
package console
