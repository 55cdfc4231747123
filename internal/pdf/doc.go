// Package pdf makes the printable PDFs of the system: the A4 sheet of QR
// labels a filling unit prints, cuts apart and fixes to its cylinders, and a
// using unit's use-registration certificate (使用登记证). It is a format
// package: no database, no HTTP.
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
// # The certificate
//
// [CertificatePDF] prints landscape A4, since the summary table has 14
// columns. Page 1 is the certificate proper (特种设备使用登记证: number, unit,
// code, address, 设备类别 气瓶, 数量, authority, date, and a note that the
// table is part of it), alone on its page so that it can be sealed and kept;
// then the table 气瓶基本信息汇总表 (DOMAIN.md §4), CertificateRowsPerPage =
// 22 rows a page, each page with its heading and column header. Every
// footer has the certificate number and "第 x 页 共 y 页", so a loose page
// can be put back. A cell's text shrinks to fit; below 6 pt it is broken into
// two lines instead ([cellLines]), and it is shrunk however far it must be
// never to leave its cell — the test checks this with pdftotext -bbox. The
// document is dated with the certificate's date, so a reprint gives the
// same bytes. Measured: 2 cylinders ≈ 37 KB; 100,000 (MaxCertificateCylinders,
// 4,547 pages) ≈ 16 MB in about 3 s with about 640 MB of peak memory, since
// fpdf holds every page uncompressed until output.
//
// fpdf writes a font operator at every SetFont, needed or not, and each one
// is about 60 bytes; [setFont] skips those that change nothing, which made a
// table page about 3.5 times smaller.
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
// CertificatePDF refuses, with a *cyltrace.Error, no cylinders or an empty
// number, authority, unit name or product number, a date not yyyy-mm-dd,
// text over MaxCertificateText characters or with control characters
// (EINVALID), and more than MaxCertificateCylinders cylinders (ETOOLARGE).
//
// Sheet checks the whole sheet before drawing and refuses it with a
// *cyltrace.Error naming the label: EINVALID for no labels, a bad URL (empty,
// over a QR code's capacity), a product number, info code or title too long
// or with control characters; ETOOLARGE for more than MaxLabels labels.
package pdf
