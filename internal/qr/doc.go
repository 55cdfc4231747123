// Package qr draws the QR label of a cylinder: the code that opens its public
// page, with its product number printed under it. It is a format package: no
// database, no HTTP.
//
// # Encoding
//
// The code is made by github.com/skip2/go-qrcode at medium error correction
// (about 15 % of the symbol may be dirty or scratched and it still scans), with
// the standard quiet zone of four modules on every side. This package only
// draws the library's module bitmap; it never encodes by hand. [Modules] gives
// that bitmap to other formats (the PDF label sheet draws it as vectors).
//
// # Pictures
//
// [PNG] draws every module as a whole number of pixels (no blurred edges, the
// best case for a phone camera) and centres the code in the size asked for;
// the caption is drawn with the 7×13 bitmap font of golang.org/x/image,
// scaled by a whole factor. That font has ASCII only: any other character
// of a caption is drawn as '?' in the PNG (product numbers are ASCII in
// practice; the SVG and the PDF sheet keep every character).
//
// [SVG] draws the code as <rect> elements, one per horizontal run of dark
// modules, in a viewBox measured in modules, so it scales to any print size;
// the caption is a <text> element, XML-escaped.
//
// # Errors
//
// Bad input is refused with a *cyltrace.Error of code EINVALID and a message a
// clerk can read: an empty URL, a URL longer than a QR code holds at medium
// correction (2,331 bytes), a caption over MaxCaption characters or with
// control characters, a size out of range.
package qr
