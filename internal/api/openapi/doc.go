// Package openapi holds the OpenAPI 3.0.3 description of the data-sharing
// API (SPEC.md §4 and the wire contract of issue 3) and serves it at
// GET /api/v1/openapi.json.
//
// The document, openapi.json, is written by hand rather than generated from
// the handlers: it is the contract the units' platforms dock against, in
// Chinese, with the source's field names (渝市监发〔2021〕67号 附件1 §二) as
// descriptions, and the tests keep it honest instead: it must pass the
// OpenAPI 3 rules, its code tables must equal cyltrace.Regions(), Media()
// and the other tables, its record schemas must name exactly the JSON fields
// of the Go types, and the API's own tests validate every response they get
// against it through the openapitest package.
//
// Conventions of the document, which a change must keep:
//   - every response except the document itself is the envelope
//     {code, message, data}; each response narrows code to its HTTP status
//     and data to its schema with allOf;
//   - request objects have additionalProperties false because the server
//     refuses unknown fields; response objects have it too, so that a field
//     the handlers add without documenting it fails the tests;
//   - the x-roles extension of each operation lists the API-client roles
//     allowed to call it (empty: no authentication);
//   - lengths are maxLength in characters, as the source's 字符型(n).
package openapi
