// Package client is the Go client of the cyltrace data-sharing API
// (渝市监发〔2021〕67号 附件1): what a filling unit's, an inspection body's or
// a manufacturer's own platform (the "N") imports to dock with the city
// system (the "1"). It is also the harness of the API's black-box tests, so
// it follows the wire contract to the letter and reports any departure from
// it as an error.
//
// A Client holds one API client's appKey and appSecret, fetches the bearer
// token and keeps it until shortly before it expires, and sends every call
// as the POST the source requires:
//
//	c := client.New("https://cyltrace.example.gov.cn", appKey, appSecret)
//	res, err := c.SubmitFillings(ctx, fillings)
//
// # Errors
//
// Every response that is not code "200" becomes an *Error carrying the
// envelope's code, its Chinese message and, for code "400", each bad field.
// A submission answers "200" as a whole and reports each record on its own
// in SubmitResult.Results: a rejected record is not an error of the call.
//
// # Retries
//
// Transport errors and the codes 429, 500, 502, 503 and 504 are retried with
// exponential backoff (see WithRetry); a 429's Retry-After is honoured. A 401
// makes the client fetch a new token and repeat the call once. No other code
// is retried: the same request would be refused again.
//
// Retrying a submission is safe. Each record carries its platform's own
// sourceId, unique per API client, and the city system stores a sourceId
// once: a record that was stored before the answer got lost comes back
// "duplicate" on the next attempt, never twice. For the same reason a
// platform that is not sure whether a batch arrived should simply submit the
// whole batch again.
//
// The package imports only the standard library and the root package for
// the record types; nothing of cyltrace/internal.
package client
