package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strings"
)

// pageFiles names each page and the file it is built from; every page is
// layout.html plus its own file, which defines "main".
var pageFiles = map[string]string{
	pageScan:  "scan.html",
	pageError: "error.html",
}

const (
	pageScan  = "scan"
	pageError = "error"
)

// layout is what every page gives templates/layout.html.
type layout struct {
	Title string
	CSS   template.CSS // templates/page.css, inlined: one response, nothing more to fetch
}

// parseTemplates parses every page and runs it once on sample data, so that
// a template that refers to a missing field fails the start, not a request.
// It also fixes the Content-Security-Policy of our HTML: the SHA-256 of the
// one inline stylesheet and nothing else — no script can run.
func (w *Web) parseTemplates(fsys fs.FS) error {
	css, err := fs.ReadFile(fsys, "templates/page.css")
	if err != nil {
		return fmt.Errorf("web: read stylesheet: %w", err)
	}
	css = bytes.TrimSpace(css)
	sum := sha256.Sum256(css)
	w.css = template.CSS(css)
	w.cspHTML = "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	funcs := template.FuncMap{"dash": dash}
	w.pages = make(map[string]*template.Template, len(pageFiles))
	for name, file := range pageFiles {
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/"+file)
		if err != nil {
			return fmt.Errorf("web: parse template %s: %w", file, err)
		}
		if err := t.ExecuteTemplate(io.Discard, "layout", w.sample(name)); err != nil {
			return fmt.Errorf("web: template %s: %w", file, err)
		}
		w.pages[name] = t
	}
	return nil
}

// sample returns data of the page's type with every part filled in.
func (w *Web) sample(page string) any {
	switch page {
	case pageScan:
		v := publicCylinder{
			Statuses: []statusBadge{{Status: statusOverdue, Label: "超期未检", Class: "red", Note: "示例"}},
			Trail:    []trailNode{{Node: "充装", Time: "2024-01-02 03:04:05", ActorName: "示例公司"}},
		}
		return w.scanPage(v)
	case pageError:
		return errorPage{layout: w.layout("示例"), Heading: "示例", Message: "示例", Advice: "示例", Call: true, RequestID: "x"}
	}
	return nil
}

// layout returns the layout data of a page titled title.
func (w *Web) layout(title string) layout {
	if title != siteTitle {
		title += " - " + siteTitle
	}
	return layout{Title: title, CSS: w.css}
}

// siteTitle is the title of the scan page (Attachment 1 §五.4).
const siteTitle = "重庆市气瓶质量安全追溯信息"

// dash shows an empty value as "—".
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
