// Package server composes the HTTP surfaces of cyltrace — the data-sharing API
// and the web console are mounted on it with Handle — and owns what they share:
// the middleware, GET /healthz, the TLS policy and graceful shutdown.
//
// # Middleware
//
// Every request passes, outermost first, through:
//
//  1. recover: a panic becomes a 500 (the API envelope under /api/, a plain
//     Chinese text page elsewhere), logged with its stack; the client never
//     sees the stack. It is outermost so that a panic in any later layer is
//     caught too.
//  2. request id: X-Request-ID is taken from the request when it is sane
//     (1–64 of [A-Za-z0-9_-]) so a unit's platform can correlate its calls,
//     otherwise generated; it is echoed on the response and available to
//     handlers through RequestID.
//  3. access log: one slog record per request with the path but never the
//     query string, since tokens and secrets sometimes travel there.
//  4. security headers: nosniff, Referrer-Policy, X-Frame-Options, a
//     Content-Security-Policy (routes may override it) and HSTS whenever
//     clients reach us over HTTPS.
//  5. body limit: http.MaxBytesReader with Config.MaxBodyBytes; routes that
//     accept less wrap the body again with a lower limit.
//
// # TLS policy
//
// The source requires HTTPS. Plain HTTP is therefore only accepted on a
// loopback address (development, or a proxy on the same host); anywhere else
// exactly one of a certificate file pair, a self-signed certificate kept in the
// data directory, or an explicit "a TLS proxy is in front" must be chosen, and
// New refuses to start otherwise. The self-signed certificate is reused across
// restarts so that unit platforms can pin it.
//
// # Deviations
//
// The package does not import the root package: the envelope it writes for
// /healthz and for a panic is tiny and fixed, and keeping server free of the
// domain keeps start-up failures (TLS, listen) independent of it. Its
// configuration errors are plain errors with Chinese text naming the command
// line flags, because they are shown to an operator, not mapped to a status.
package server
