// Package api is the data-sharing API of Attachment 1 (SPEC.md §4): the
// endpoints under /api/v1 that the units' own platforms call.
//
// Every response, success or failure, is the envelope {code, message, data}
// with the HTTP status equal to code; every call is a POST, as the source
// requires (the OpenAPI document is the one GET). Handlers decode strictly —
// unknown fields, wrong types, trailing data, wrong content types and
// oversized bodies are refused — and map domain errors to codes in one
// place (envelope.go).
package api
