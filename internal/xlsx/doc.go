// Package xlsx reads and writes the registration workbook of use registration
// (使用登记, Attachment 2 §三.3): the template a unit downloads (下载模板), the
// import of a filled one (导入) and the workbook of refused rows (下载错误数据).
// Formats only: no database, no HTTP; the caller validates each row with
// (*cyltrace.Cylinder).Validate and checks duplicates.
//
// The makers' factory workbook (出厂信息: FactoryTemplate, ReadFactory,
// FactoryErrorWorkbook) works the same way, with the columns of
// cyltrace.FactoryRecord, validated by (*cyltrace.FactoryRecord).Validate.
// Both are a schema: sheet name, columns, code lists, help text and how a
// row maps to a record; the reading and writing below are shared.
//
// Limits, the same for both, all refused with a *cyltrace.Error:
//   - the file itself at most MaxFileBytes (ETOOLARGE);
//   - the declared uncompressed size of all zip entries at most
//     MaxUnzipBytes, checked before excelize parses anything, and passed to
//     excelize as Options.UnzipSizeLimit (ETOOLARGE: a zip bomb);
//   - a sheet XML larger than UnzipXMLSizeLimit is unpacked by excelize to a
//     temporary file and streamed from there, not held in memory;
//   - at most maxRows non-empty data rows, the caller's limit (ETOOLARGE);
//     TemplateRows is the number of rows the template's drop-downs cover.
//
// Cells are read as stored (excelize's RawCellValue), not as displayed, so
// that 15.555 is reported as having too many decimals instead of being
// silently rounded to the displayed 15.56; date cells in the date columns are
// converted from Excel's serial numbers to yyyy-mm or yyyy-mm-dd.
package xlsx
