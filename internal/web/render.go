package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"chuhai/internal/auth"
	"chuhai/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// Page is what every page template receives.
type Page struct {
	Lang      string
	Title     string // catalogue id
	Path      string
	Query     string
	RequestID string
	User      *auth.Principal
	Nav       []NavItem
	Status    int
	Data      any
}

// NavItem is one console navigation entry.
type NavItem struct {
	Href, Label string // Label is a catalogue id
	Current     bool
}

func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"t": func(lang, id string, kv ...any) string {
			var data map[string]any
			if len(kv) > 0 {
				data = map[string]any{}
				for i := 0; i+1 < len(kv); i += 2 {
					data[fmt.Sprint(kv[i])] = kv[i+1]
				}
			}
			return s.Cat.T(lang, id, data)
		},
		"asset": s.assets.url,
		"other": func(lang string) string {
			if lang == i18n.English {
				return i18n.Chinese
			}
			return i18n.English
		},
		"zhen": func(lang, zh, en string) string {
			if lang == i18n.English && en != "" {
				return en
			}
			return zh
		},
		"add": func(a, b int) int { return a + b },
		// list passes several values to a template: {{template "x" (list $.Lang .Names)}}.
		"list": func(vs ...any) []any { return vs },
		"join": strings.Join,
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return pages, nil
}

// render writes a full page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name, title string, data any) error {
	s.renderStatus(w, r, http.StatusOK, name, data, title)
	return nil
}

func (s *Server) page(r *http.Request, title string, data any) Page {
	ri := info(r)
	return Page{Lang: ri.lang, Title: title, Path: r.URL.Path, Query: r.URL.RawQuery, RequestID: ri.id,
		User: ri.principal, Nav: s.nav(r.URL.Path, ri.principal), Data: data}
}

// renderStatus renders into a buffer first, so a template failure becomes a clean error page rather
// than half a page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data any, title ...string) {
	t, ok := s.pages[name]
	p := s.page(r, "", data)
	p.Status = status
	if len(title) > 0 {
		p.Title = title[0]
	}
	var buf bytes.Buffer
	if !ok {
		s.Log.Error("unknown page template", "name", name)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Log.Error("render", "page", name, "request_id", p.RequestID, "error", err)
		if name != "error" {
			s.renderStatus(w, r, http.StatusInternalServerError, "error", Problem{Status: 500, Detail: s.Cat.T(p.Lang, "error.internal", map[string]any{"RequestID": p.RequestID})})
			return
		}
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.Lang)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
