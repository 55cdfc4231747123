// Package web serves the public pages a phone opens when anyone scans a
// cylinder's QR code (SPEC.md §7, the mock-up of Attachment 1 §五.4).
//
// # Routes (routes.go)
//
//   - GET /q/{infoCode}: the scan page, server-rendered Chinese HTML for a
//     phone; GET /q/{infoCode}.json: the same public data in the API's
//     envelope {"code","message","data"}.
//   - GET /q?u=<qrContent>: the content of a unit's own QR label (or a URL of
//     our own pages) redirects (302) to /q/{infoCode}.
//   - anything else under /q/: the 404 page.
//
// Routes such as the QR labels (labels.go) are added with Web.Handle; they
// may use RateLimit, ScanURL, notFound, fail and lookup of this package.
//
// # The page
//
// One response, no JavaScript and nothing else to fetch: the stylesheet
// (templates/page.css) is inlined in one <style>, and the
// Content-Security-Policy allows exactly that stylesheet by its SHA-256 and
// nothing else (default-src 'none'), overriding the server's default. A
// page with four trail nodes is 3.9 KB of HTML (1.8 KB gzipped); the demo
// data's largest is 4.6 KB. Each trail node adds some 210 bytes, so the 50
// a page shows at most make 14.5 KB (2.1 KB gzipped).
//
// Fields carry stable hooks for tests: <dd data-field="…"> for each field,
// named by the archive's JSON name (SPEC.md §3.1) and showing the value as
// the page does (varietyCode and mediumCode show the names, an empty value
// "—"); <span class="badge …" data-status="…"> for each badge; and
// <li data-node="…" data-time="…"> with <span data-trail="date"> and
// <span data-trail="actor"> for each trail node.
//
// # Caching
//
// A page or JSON of a cylinder carries a strong ETag, the SHA-256 of the
// uncompressed body ("-gz" added for the gzip encoding, a representation of
// its own), Cache-Control: public, max-age=60 and Vary: Accept-Encoding;
// If-None-Match with the tag gets a 304. The body holds no request time, so
// the tag changes only when the data or a badge does (a badge changes at
// midnight CST). Error pages are no-store.
//
// # Privacy
//
// The trail's actorName is "单位名称或姓名" and may name a person (a
// courier, a household). publicName shows a name only when it contains a
// word that marks an organisation (公司, 局, 院, 所, 站, 部, 中心, 厂, 店, 协会 …,
// see orgWords); anything else is masked as its first character and "**"
// (张三 → 张**), so an unexpected form errs on the side of privacy. The same
// rule applies to 使用单位名称, which may be a person's name too. Fillers
// (充装人员) never reach the trail: a filling's trail node names its unit.
//
// # Badges
//
// 已报废 (status 报废), 已停用 (停用), 超期未检 (past the last day of the
// month of 下次检验日期, in CST, by Config.Now) and 未登记 (no certificate
// number): every one that applies, in that order; 检验合格 only when none
// does.
//
// # Limits
//
// Codes are checked by shape (cyltrace.ValidInfoCode) and u by length
// before any query. Each client address (ratelimit.ClientIP, behind a proxy
// with TrustProxy) may view RatePerMinute pages a minute; over it a 429
// page (an envelope for .json) with Retry-After.
//
// # Deviations
//
// No static files under a content hash as miniflux serves them: a page on a
// slow phone network should be one round trip, so the 1.5 KB stylesheet is
// inlined. The render and response helpers live in templates.go and
// respond.go rather than web.go, to keep files small.
package web
