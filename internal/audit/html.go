package audit

import (
	_ "embed"
	"html/template"
	"io"
	"sync"

	"github.com/cambscan/cambscan/internal/redact"
)

// reportTemplate is the HTML page: self-contained (inline CSS and
// script, no external asset), the summary at the top, one table whose
// keys sort by a click on a column header. html/template escapes every
// value for its context; before that, names (name) and free text (text)
// from the cache get their control and format characters escaped as
// package redact does for a terminal (html/template leaves ESC, NUL and
// U+202E as they are).
//
//go:embed report.html.tmpl
var reportTemplate string

// pageTemplate is parsed on first use, not at start-up: every cambscan
// command links this package, few write HTML.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"stamp": stamp,
		"short": short,
		"name":  redact.Quote,
		"text":  redact.Escape,
	}).Parse(reportTemplate))
})

// htmlSink streams the page: the head with the summary, a tbody per key,
// the script at the end.
type htmlSink struct {
	w             io.Writer
	tool, version string
	sum           *Summary
	n             int // keys written
}

func newHTMLSink(w io.Writer, tool, version string) *htmlSink {
	return &htmlSink{w: w, tool: tool, version: version}
}

// page is the data of the head and the foot.
type page struct {
	Tool, Version string
	Summary       *Summary
}

func (h *htmlSink) begin(s *Summary) error {
	h.sum = s
	return pageTemplate().ExecuteTemplate(h.w, "head", page{h.tool, h.version, s})
}

func (h *htmlSink) key(k *Key) error {
	h.n++
	return pageTemplate().ExecuteTemplate(h.w, "key", struct {
		K     *Key
		Order int
		Rank  int
	}{k, h.n, rank(k.Status)})
}

func (h *htmlSink) loc(l *Location) error { return pageTemplate().ExecuteTemplate(h.w, "loc", l) }

func (h *htmlSink) endKey() error { return pageTemplate().ExecuteTemplate(h.w, "endkey", nil) }

func (h *htmlSink) end() error {
	return pageTemplate().ExecuteTemplate(h.w, "foot", page{h.tool, h.version, h.sum})
}
