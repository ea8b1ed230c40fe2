package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/db"
	"chuhai/internal/directory"
	"chuhai/internal/i18n"
	"chuhai/internal/idempotency"
	"chuhai/internal/knowledge"
	"chuhai/internal/network"
	"chuhai/internal/notify"
	"chuhai/internal/odi"
	"chuhai/internal/readcache"
	"chuhai/internal/search"
	"chuhai/internal/subsidy"
	"chuhai/internal/workday"
)

// Deps is what the server needs; app builds it once.
type Deps struct {
	DB      *db.DB
	Modules []db.Module // for /readyz: every module must be fully migrated
	Cat     *i18n.Catalogue
	Log     *slog.Logger
	Audit   *audit.Log
	Auth    *auth.Service
	// Network and Directory resolve the service points, enterprises and providers that accounts
	// belong to.
	Network   *network.Store
	Directory *directory.Store
	Workday   *workday.Store
	// Subsidy owns programmes, applications, vouchers and the budget ledger.
	Subsidy *subsidy.Service
	// Casework is the one-stop window's requests, referrals and engagements.
	Casework *casework.Store
	// Idempotency keeps the Idempotency-Key records of POSTs (nil: the header is ignored).
	Idempotency *idempotency.Store
	// Notify is the inbox, notification preferences and webhook endpoints.
	Notify *notify.Service
	ODI    *odi.Store
	// Search is the full-text index over every kind of content; Knowledge the guides, policies and
	// alerts; Profiles the enterprise profiles "what applies to me" matches against.
	Search    *search.Index
	Knowledge *knowledge.Store
	Profiles  knowledge.Profiles
	// TLS says the platform is served over HTTPS (directly or behind a proxy): cookies are Secure and
	// HSTS is sent.
	TLS bool
	// ReadCache is how long the server reuses encoded responses of hot public lists; writes through
	// this instance show at once (0: no reuse).
	ReadCache time.Duration
	// TrustProxy takes the client address from X-Forwarded-For (set only behind a trusted proxy).
	TrustProxy bool
}

// Server is chuhai's HTTP handler.
type Server struct {
	Deps
	mux     *http.ServeMux
	table   []Route
	pages   map[string]*template.Template
	assets  *assets
	metrics *metrics
	encoded *readcache.Cache[[]byte] // response bodies of hot public lists
	openapi []byte                   // the OpenAPI document, built once from the route table
	handler http.Handler
}

const defaultMaxBody = 1 << 20

// New builds the server: parses templates (a broken template fails here, not in a request), hashes
// the static assets and registers every route.
func New(d Deps) (*Server, error) {
	s := &Server{Deps: d, mux: http.NewServeMux()}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(d.DB)
	s.encoded = readcache.New[[]byte](d.ReadCache, 256)
	s.table = s.routes()
	if s.openapi, err = openAPI(s.table); err != nil {
		return nil, err
	}
	for _, rt := range s.table {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.endpoint(rt))
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &errForbiddenOrigin)
	}))
	s.handler = s.recoverer(s.observe(s.secure(cop.Handler(s.identify(http.HandlerFunc(s.dispatch))))))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the route table (for the OpenAPI document and tests).
func (s *Server) Routes() []Route { return s.table }

// reqInfo is the per-request state middleware shares; it lives in the context as a pointer so inner
// layers can fill it in for outer ones.
type reqInfo struct {
	id        string
	route     string
	clientIP  string
	lang      string
	principal *auth.Principal
}

type infoKey struct{}

func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
		return i
	}
	return &reqInfo{lang: i18n.Chinese}
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.fail(w, r, fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// observe assigns the request id, logs the request and records metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		_, _ = rand.Read(b[:])
		ri := &reqInfo{id: hex.EncodeToString(b[:]), clientIP: s.clientIP(r), lang: i18n.Chinese}
		ctx := context.WithValue(r.Context(), infoKey{}, ri)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		sw.Header().Set("X-Request-Id", ri.id)
		next.ServeHTTP(sw, r.WithContext(ctx))
		elapsed := time.Since(start)
		route := ri.route
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, r.Method, sw.status, elapsed)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.Log.LogAttrs(r.Context(), level, "request", slog.String("request_id", ri.id), slog.String("method", r.Method),
			slog.String("route", route), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
			slog.Duration("duration", elapsed), slog.String("ip", ri.clientIP))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status  int
	written bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.written {
		w.status, w.written = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// secure sets the security headers every response carries.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.TLS {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// identify resolves the language and the signed-in user, and puts both plus the audit metadata into
// the context.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		ctx := r.Context()
		p, err := s.Auth.Authenticate(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p != nil {
			ri.principal = p
			ctx = auth.WithPrincipal(ctx, p)
		}
		ri.lang = s.language(r, p)
		m := audit.Meta{RequestID: ri.id, ClientIP: ri.clientIP}
		if p != nil {
			m.ActorID, m.ActorLogin = p.UserID, p.Login
		}
		next.ServeHTTP(w, r.WithContext(audit.WithMeta(ctx, m)))
	})
}

// language picks, in order: the ?lang= of this request, the user's saved choice, the lang cookie,
// then Accept-Language.
func (s *Server) language(r *http.Request, p *auth.Principal) string {
	if l := i18n.Normalize(r.URL.Query().Get("lang")); l != "" {
		return l
	}
	if p != nil {
		if l := i18n.Normalize(p.Lang); l != "" {
			return l
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l := i18n.Normalize(c.Value); l != "" {
			return l
		}
	}
	return s.Cat.Negotiate(r.Header.Get("Accept-Language"))
}

const langCookie = "chuhai_lang"

// dispatch routes the request, answering unmatched paths with our own 404 or 405.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.fail(w, r, &errMethodNotAllowed)
		return
	}
	s.fail(w, r, errNoRoute)
}

// endpoint wraps a route: access check, body limit, then the handler; errors go to fail.
func (s *Server) endpoint(rt Route) http.Handler {
	limit := rt.MaxBody
	if limit == 0 {
		limit = defaultMaxBody
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		ri.route = rt.Method + " " + rt.Pattern
		api := strings.HasPrefix(r.URL.Path, "/api/")
		if !rt.Access.Allows(ri.principal) {
			if ri.principal == nil {
				if !api {
					http.Redirect(w, r, signInURL(r), http.StatusSeeOther)
					return
				}
				s.fail(w, r, errSignInRequired)
				return
			}
			s.fail(w, r, errNotAllowed)
			return
		}
		if p := ri.principal; p != nil && p.MustEnrolTOTP && !rt.Access.Public && !rt.Enrolment {
			if !api {
				http.Redirect(w, r, "/account#totp", http.StatusSeeOther)
				return
			}
			s.fail(w, r, errEnrolFirst)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		handle := rt.Handle
		if !api && r.Method == http.MethodPost {
			handle = func(w http.ResponseWriter, r *http.Request) error {
				// Parse forms here, so that a body over the limit is a 413 and a garbled one a 400,
				// rather than fields that silently read as empty.
				if err := r.ParseForm(); err != nil {
					return formError(err)
				}
				return rt.Handle(w, r)
			}
		}
		var err error
		if r.Method == http.MethodPost && s.Idempotency != nil && r.Header.Get(idempotencyHeader) != "" {
			err = s.idempotent(w, r, rt, handle)
		} else {
			err = handle(w, r)
		}
		if err != nil {
			s.fail(w, r, err)
		}
	})
}

// formError keeps a body-too-large error as it is (fail renders it as 413) and reports anything
// else as a malformed form.
func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return apperr.New(apperr.KindInvalid, "error.bad_form")
}

// signInURL sends an anonymous visitor to sign in, and back to the page they asked for (pages only:
// after signing in the browser makes a GET, which a form's POST target would not answer).
func signInURL(r *http.Request) string {
	if r.Method != http.MethodGet || r.URL.Path == "/signin" {
		return "/signin"
	}
	return "/signin?next=" + url.QueryEscape(r.URL.RequestURI())
}

func (s *Server) clientIP(r *http.Request) string {
	if s.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			ip := strings.TrimSpace(strings.Split(xff, ",")[0])
			if net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
