package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/i18n"
	"chuhai/internal/money"
	"chuhai/internal/network"
)

// pageFail is a failed form on a casework page: which form, its messages and what was typed, so the
// page comes back with the errors beside the fields.
type pageFail struct {
	Form   string
	Errors FormErrors
	Values url.Values
}

// Value returns what was typed into an input of the failed form.
func (f pageFail) Value(name string) string {
	if f.Values == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Err returns the message beside an input of the failed form (form must match).
func (f pageFail) Err(form, input string) string {
	if f.Form != form {
		return ""
	}
	return f.Errors.Fields[input]
}

// topicNames is the topics by code, for labels.
type topicNames map[string]network.Topic

func (s *Server) topicNames(ctx context.Context) (topicNames, []network.Topic, error) {
	ts, err := s.Network.Topics(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := topicNames{}
	for _, t := range ts {
		m[t.Code] = t
	}
	return m, ts, nil
}

// Name is a topic's name in lang.
func (t topicNames) Name(lang, code string) string {
	tp, ok := t[code]
	if !ok {
		return code
	}
	if lang == "en" {
		return tp.NameEn
	}
	return tp.NameZh
}

// requestRow is one request in a list.
type requestRow struct {
	casework.Request
	Topic     string // the topic's name
	Submitted string
	Due       string // the running clock's deadline, shown
	DueISO    string
}

func (s *Server) requestRows(lang string, names topicNames, rs []casework.Request) []requestRow {
	out := make([]requestRow, len(rs))
	for i, r := range rs {
		row := requestRow{Request: r, Topic: names.Name(lang, r.Topic), Submitted: when(&r.SubmittedAt)}
		due := r.SLA.ResolutionDueAt
		if r.SLA.RespondedAt == nil {
			due = r.SLA.ResponseDueAt
		}
		if casework.IsOpen(r.State) {
			row.Due, row.DueISO = when(&due), due.Format(time.RFC3339)
		}
		out[i] = row
	}
	return out
}

// pointOption is a point in a select.
type pointOption struct {
	Code, NameZh, NameEn string
}

func (s *Server) pointOptions(ctx context.Context) ([]pointOption, error) {
	ps, _, err := s.Network.ListPoints(ctx, network.PointFilter{Limit: 1000})
	if err != nil {
		return nil, err
	}
	out := make([]pointOption, len(ps))
	for i, p := range ps {
		out[i] = pointOption{p.Code, p.NameZh, p.NameEn}
	}
	return out, nil
}

// staffOf lists the active staff of a point, for assignment.
func (s *Server) staffOf(ctx context.Context, pointID int64) ([]auth.User, error) {
	us, _, err := s.Auth.ListUsers(ctx, auth.UserFilter{PointID: pointID, Status: "active"}, auth.Page{Limit: 100})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(us, func(u auth.User) bool { return u.Role.Scope() != auth.ScopePoint }), nil
}

// requestPath is where a request's page is for the caller: the console page for staff, the
// enterprise's own page otherwise.
func requestPath(p *auth.Principal, ref string) string {
	if p.Staff() {
		return "/console/casework/requests/" + url.PathEscape(ref)
	}
	if p.Role.Scope() == auth.ScopeProvider {
		return "/console/referrals"
	}
	return "/requests/" + url.PathEscape(ref)
}

// afterForm sends the browser back to the request's page, saying what was done.
func afterForm(w http.ResponseWriter, r *http.Request, ref, done, anchor string) {
	http.Redirect(w, r, requestPath(info(r).principal, ref)+"?done="+url.QueryEscape(done)+"#"+anchor, http.StatusSeeOther)
}

// pageFailure turns a form's error into a pageFail (ok false: not the user's to fix).
func (s *Server) pageFailure(w http.ResponseWriter, r *http.Request, form string, err error, inputs ...string) (pageFail, int, bool) {
	fe, status, ok := s.formErrors(w, r, err, inputs...)
	if !ok {
		return pageFail{}, 0, false
	}
	if e, _ := apperr.As(err); e != nil && e.Kind == apperr.KindForbidden {
		return pageFail{}, 0, false
	}
	return pageFail{Form: form, Errors: fe, Values: r.PostForm}, status, true
}

// reshow renders the request's page again with a failed form, or hands the error on.
func (s *Server) reshow(w http.ResponseWriter, r *http.Request, ref, form string, err error, inputs ...string) error {
	fail, status, ok := s.pageFailure(w, r, form, err, inputs...)
	if !ok {
		return err
	}
	p := info(r).principal
	switch {
	case p.Staff():
		return s.renderRequestPage(w, r, ref, status, fail)
	case p.Role.Scope() == auth.ScopeProvider:
		return s.renderProviderReferrals(w, r, status, fail)
	}
	return s.renderMyRequest(w, r, ref, status, fail)
}

// formInt reads an integer input; a missing or malformed one is a field error.
func formInt(f url.Values, name string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(f.Get(name)), 10, 64)
	if err != nil {
		return 0, apperr.Invalid(apperr.F(name, "error.bad_id"))
	}
	return n, nil
}

// formYuan reads an amount typed in yuan (e.g. 80000 or 80,000.50) as fen.
func formYuan(f url.Values, name string) (money.Fen, error) {
	return money.ParseYuan(name, f.Get(name))
}

// yuan shows an amount in fen as yuan with separators.
func yuan(f money.Fen) string { return f.String() }

// stars renders a rating for people: ★★★★☆.
func stars(n int) string {
	if n < 0 || n > 5 {
		return ""
	}
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

func todayString() string { return time.Now().In(shanghai).Format("2006-01-02") }

// doneNotice is the ?done= of a page that a form redirected to, when it names a known notice
// (anything else in the address is ignored).
func (s *Server) doneNotice(r *http.Request) string {
	d := r.URL.Query().Get("done")
	if d == "" || !s.Cat.Has(i18n.Chinese, "casework.done."+d) {
		return ""
	}
	return d
}
