package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under content-hashed names (/static/app.3f2a9c1e.css), so
// they can be cached forever; only names in the table are served, so no path can escape it.
type assets struct {
	byURL  map[string]asset // "/static/app.3f2a9c1e.css" → file
	byName map[string]string
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets() (*assets, error) {
	a := &assets{byURL: map[string]asset{}, byName: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.byURL[url] = asset{body: body, contentType: ct}
		a.byName[name] = url
		return nil
	})
	return a, err
}

// url returns the hashed URL of a static file; templates call it as {{asset "app.css"}}.
func (a *assets) url(name string) string {
	if u, ok := a.byName[name]; ok {
		return u
	}
	panic("unknown static asset " + name) // caught at template parse time by a test rendering every page
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.assets.byURL[r.URL.Path]
	if !ok {
		return errNoRoute
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(f.body)
	return err
}
