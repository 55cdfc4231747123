// Package cyltrace holds the domain of the city-wide gas cylinder quality-safety
// traceability system (气瓶质量安全追溯体系): the cylinder archive and the records
// that units submit about it, the code tables of notice 渝市监发〔2021〕67号, and
// the validation rules every transport shares.
//
// The package imports only the standard library. Storage, HTTP and the command
// line live in internal/ and depend on this package, never the other way round.
package cyltrace
