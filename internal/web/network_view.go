package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/network"
)

// Shared view models and form plumbing of the network pages.

// nameView is a coded thing with both names (a region, a topic).
type nameView struct{ Code, Zh, En string }

// networkRef is the reference data a network page needs to name things.
type networkRef struct {
	regions []network.Region
	byCode  map[string]network.Region
	topics  []network.Topic
	topic   map[string]network.Topic
}

func (s *Server) networkRef(ctx context.Context) (*networkRef, error) {
	regions, err := s.Network.ListRegions(ctx, network.RegionFilter{})
	if err != nil {
		return nil, err
	}
	topics, err := s.Network.Topics(ctx)
	if err != nil {
		return nil, err
	}
	ref := &networkRef{regions: regions, byCode: map[string]network.Region{}, topics: topics, topic: map[string]network.Topic{}}
	for _, r := range regions {
		ref.byCode[r.Code] = r
	}
	for _, t := range topics {
		ref.topic[t.Code] = t
	}
	return ref, nil
}

func (ref *networkRef) region(code string) nameView {
	r, ok := ref.byCode[code]
	if !ok {
		return nameView{Code: code, Zh: code, En: code}
	}
	return nameView{Code: code, Zh: r.NameZh, En: r.NameEn}
}

func (ref *networkRef) regionNames(codes []string) []nameView {
	out := make([]nameView, len(codes))
	for i, c := range codes {
		out[i] = ref.region(c)
	}
	return out
}

func (ref *networkRef) topicNames(codes []string) []nameView {
	out := make([]nameView, len(codes))
	for i, c := range codes {
		t := ref.topic[c]
		out[i] = nameView{Code: c, Zh: t.NameZh, En: t.NameEn}
	}
	return out
}

// ofKind returns the regions of some kinds, in display order.
func (ref *networkRef) ofKind(kinds ...string) []network.Region {
	var out []network.Region
	for _, r := range ref.regions {
		for _, k := range kinds {
			if r.Kind == k {
				out = append(out, r)
			}
		}
	}
	return out
}

// pointView is a point with everything named.
type pointView struct {
	network.Point
	Region    nameView
	Caps      []nameView
	Countries []nameView
	LocalTime string // the point's local time now, with its UTC offset
}

func (ref *networkRef) point(p network.Point) pointView {
	v := pointView{Point: p, Region: ref.region(p.RegionCode), Caps: ref.topicNames(p.Capabilities), Countries: ref.regionNames(p.Countries)}
	if loc, err := time.LoadLocation(p.TimeZone); err == nil {
		v.LocalTime = time.Now().In(loc).Format("15:04 (UTC-07:00)")
	}
	return v
}

func (ref *networkRef) points(ps []network.Point) []pointView {
	out := make([]pointView, len(ps))
	for i, p := range ps {
		out[i] = ref.point(p)
	}
	return out
}

// allianceView is an alliance with its regions named.
type allianceView struct {
	network.Alliance
	Owner   nameView
	Members []nameView
}

func (ref *networkRef) alliance(a network.Alliance) allianceView {
	return allianceView{Alliance: a, Owner: ref.region(a.OwnerRegion), Members: ref.regionNames(a.Regions)}
}

// pager is the navigation between pages of a list.
type pager struct {
	Lang               string
	Page, Pages, Total int
	Prev, Next         string // links, empty at the ends
}

func newPager(r *http.Request, pg Paging, total int) pager {
	p := pager{Lang: info(r).lang, Page: pg.Page, Total: total, Pages: max(1, (total+pg.PerPage-1)/pg.PerPage)}
	link := func(page int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page))
		return r.URL.Path + "?" + q.Encode()
	}
	if pg.Page > 1 {
		p.Prev = link(min(pg.Page-1, p.Pages))
	}
	if pg.Page < p.Pages {
		p.Next = link(pg.Page + 1)
	}
	return p
}

// formField is one input of a form, built in Go so that every field renders alike: label, hint,
// the error beside it (linked with aria-describedby) and the submitted value kept on error.
type formField struct {
	Lang     string
	Name     string // the input name, which is also the JSON field name that errors refer to
	Label    string // catalogue id
	Hint     string // catalogue id, optional
	Kind     string // text, email, tel, date, textarea, select, multiselect, checkboxes, checkbox
	Value    string
	Groups   []optGroup // select, multiselect, checkboxes
	Required bool
	ReadOnly bool
	MaxLen   int
	InputLan string // lang attribute of the value (en for English fields)
	Error    string
}

// Described is the aria-describedby of the input.
func (f formField) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "h-"+f.Name)
	}
	if f.Error != "" {
		ids = append(ids, "e-"+f.Name)
	}
	return strings.Join(ids, " ")
}

type optGroup struct {
	Label   string // catalogue id; empty for no group
	Options []option
}

type option struct {
	Value    string
	Key      string // catalogue id of the label, or
	Zh, En   string // the label in both languages
	Selected bool
}

// formState is what a form page receives.
type formState struct {
	Action  string
	Fields  []formField
	Version int
	Summary []formProblem // every error, linked to its field, at the top of the form
	Cancel  string
}

type formProblem struct{ Field, Label, Message string }

// formFailure turns a save error into messages on the form: validation failures go beside their
// fields, a conflict goes to the summary. It returns the status to render with, or the error itself
// when it is not the form's to show.
func (s *Server) formFailure(r *http.Request, err error, st *formState) (int, error) {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
		return 0, err
	}
	lang := info(r).lang
	if e.Kind == apperr.KindConflict {
		st.Summary = append(st.Summary, formProblem{Message: s.Cat.T(lang, "network.form.conflict", nil)})
		return http.StatusConflict, nil
	}
	for _, fe := range e.Fields {
		msg := s.Cat.T(lang, fe.Key, fe.Args)
		item := formProblem{Label: fe.Name, Message: msg}
		for i := range st.Fields {
			if st.Fields[i].Name == fe.Name {
				if st.Fields[i].Error == "" {
					st.Fields[i].Error = msg
				}
				item.Field, item.Label = "f-"+fe.Name, s.Cat.T(lang, st.Fields[i].Label, nil)
				break
			}
		}
		st.Summary = append(st.Summary, item)
	}
	if len(e.Fields) == 0 {
		st.Summary = append(st.Summary, formProblem{Message: s.Cat.T(lang, e.Key, e.Args)})
	}
	return http.StatusBadRequest, nil
}

// readForm returns a posted form (endpoint has parsed it, turning an oversized body into a 413 and
// a garbled one into a 400; parsing again here is free and keeps the handler correct on its own).
func readForm(r *http.Request) (url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, formError(err)
	}
	return r.PostForm, nil
}

// formVersion reads the hidden version field.
func formVersion(f url.Values) (int, error) {
	n, err := strconv.Atoi(f.Get("version"))
	if err != nil || n < 1 {
		return 0, apperr.Invalid(apperr.F("version", "network.version.required"))
	}
	return n, nil
}

func trimmed(f url.Values, name string) string { return strings.TrimSpace(f.Get(name)) }
