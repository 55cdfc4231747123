// Package console is the web console of the city bureau, the district
// bureaus and the units, mounted under /console/: login with a picture
// captcha, server-side sessions, the password change, the rule table, cylinder
// locks, the audit trail, and the city bureau's admin pages: units (the
// district bureaus see their own region's), users and API clients.
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
//     page exists), 50 rows a page, at most maxAuditPage pages deep. The
//     units and users lists page the same way (options.go's pager).
//   - The units search (code or name contains the text) runs in Go over the
//     store's pages of the region and kind filter: the store has no text
//     filter, and LIKE differs in case between SQLite and PostgreSQL
//     (STYLE.md §6). Fine for a city's units; a store-side filter is the
//     next step if the list grows past some ten thousand.
//   - The city admin's region filter is remembered in the cyltrace_region
//     cookie (set by ?region=, cleared by ?region= empty); a district user's
//     region is always their own and ?region= of another is the 403 page.
//   - A generated password (new user, reset) and a new client's appSecret
//     are rendered in the POST's own answer, never put in a flash cookie or
//     a redirect, so they exist only in that one no-store response; the
//     store keeps only hashes. Reloading that page re-POSTs and makes
//     another account or password, which the browser warns about.
//   - An admin may not reset or disable their own account here: a reset
//     would end their own session, and disabling oneself locks the city out.
//   - roleKind (clients.go) repeats internal/cli's ten-line switch rather
//     than moving it: the console does not import the CLI, and the rule is
//     too small for a package of its own.
package console
