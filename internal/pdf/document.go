package pdf

import (
	"bytes"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
)

// newDocument starts an A4 document in orientation ("P" or "L"), in
// millimetres, with both fonts registered. Pages are broken by the caller,
// which knows where a table row or a label ends. A non-zero created is
// written as the creation and modification dates, so that the same input
// gives the same bytes; zero means the time of output.
func newDocument(orientation, title string, created time.Time) (*fpdf.Fpdf, error) {
	f := fpdf.New(orientation, "mm", "A4", "")
	f.SetAutoPageBreak(false, 0)
	f.SetTitle(title, true)
	f.SetCreator("cyltrace", false)
	f.SetCatalogSort(true)
	if !created.IsZero() {
		f.SetCreationDate(created)
		f.SetModificationDate(created)
	}
	if err := addFonts(f); err != nil {
		return nil, err
	}
	return f, nil
}

// finish writes f out; what names the document in the error.
func finish(f *fpdf.Fpdf, what string) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: write %s: %w", what, err)
	}
	return buf.Bytes(), nil
}
