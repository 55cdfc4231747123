// Package pdf makes the printable PDFs of the system: for now the A4 sheet of
// QR labels a filling unit prints, cuts apart and fixes to its cylinders. It
// is a format package: no database, no HTTP.
//
// # The label sheet
//
// [Sheet] lays out Columns×Rows = 3×7 = 21 labels on an A4 portrait page
// (cells of 63.3×37.4 mm, light dashed borders to cut along). Each cell has
// the code (26 mm with its quiet zone: modules of about 0.63 mm for a
// 50-character URL, 0.43 mm for 200 characters), the product number (9 pt)
// and the 信息化编码 (7 pt), each shrunk to fit the cell when long. Every page
// has the title, "第 x/y 页" and a line of instructions. A sheet takes 1 to
// MaxLabels (2,000) labels, about 95 pages; more must be printed in batches.
//
// The codes are drawn as vectors from [qr.Modules], one filled path per code
// in a coordinate system of one unit a module: sharp at any printer
// resolution, a few KB a code, and no seams between modules. Measured: 21
// labels ≈ 44 KB, 100 labels ≈ 100 KB, 2,000 labels ≈ 1.6 MB; about 40 ms
// a sheet, most of it spent parsing the 4 MB CJK font.
//
// # Fonts
//
// Chinese needs two fonts, switched per run of characters ([splitRuns]):
// DejaVu Sans for Latin letters, digits and punctuation, Droid Sans Fallback
// for CJK — Droid has no Latin letters or digits and DejaVu no CJK, and a
// PDF drawn in the wrong one shows empty boxes while pdftotext still reads it
// back perfectly (shared/NOTES.md). Both are vendored in fonts/ with their
// licences (Bitstream Vera / public domain, and Apache-2.0) and embedded in
// the binary, so a machine with no font packages prints the same sheet. fpdf
// embeds only the glyphs used (a subset), so a sheet carries a few KB of
// font, not 4.8 MB.
//
// # Errors
//
// Sheet checks the whole sheet before drawing and refuses it with a
// *cyltrace.Error naming the label: EINVALID for no labels, a bad URL (empty,
// over a QR code's capacity), a product number, info code or title too long
// or with control characters; ETOOLARGE for more than MaxLabels labels.
package pdf
