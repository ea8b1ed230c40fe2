package web

import (
	"net/http"
)

func (s *Server) systemRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/healthz", Access: Anyone, Handle: s.healthz},
		{Method: "GET", Pattern: "/readyz", Access: Anyone, Handle: s.readyz},
		{Method: "GET", Pattern: "/metrics", Access: Anyone, Handle: s.serveMetrics},
		{Method: "GET", Pattern: "/static/", Access: Anyone, Handle: s.serveStatic},
		{Method: "GET", Pattern: "/api/v1/openapi.json", Access: Anyone, Handle: s.serveOpenAPI,
			API: &APIDoc{Summary: "This OpenAPI 3.1 document", Tag: "system", Response: map[string]any{}}},
	}
}

// healthz says the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// readyz says the database answers and every migration is applied.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.DB.Ping(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return nil
	}
	ok, err := s.DB.Current(r.Context(), s.Modules...)
	if err != nil || !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("migrations pending\n"))
		return nil
	}
	_, err = w.Write([]byte("ready\n"))
	return err
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	return s.metrics.write(w)
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(s.openapi)
	return err
}
