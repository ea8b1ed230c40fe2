package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
)

// Request is one search.
type Request struct {
	Q       string // as typed
	Kind    string // only documents of this kind ("" for all)
	Country string // only documents concerning this country (ISO 3166-1 alpha-2)
	Issuer  string // only documents of this issuer
	Drafts  bool   // include drafts: the caller may edit them
	Lang    string // the reader's language: snippets quote it first ("en", or Chinese otherwise)
	Page    int    // from 1 (0 means 1)
	PerPage int    // at most MaxPerPage (0 means 20)
}

// MaxPerPage bounds one page of results.
const MaxPerPage = 100

// Window is how many matches a search looks at in full. A query matching at most Window documents is
// ranked: documents whose titles match first, then by relevance (bm25 on SQLite, ts_rank_cd on
// PostgreSQL, normalised by length, title terms weighing most), with exact totals and facets. A query matching more — a common word over a large corpus — lists the documents
// whose titles match first (by relevance while there are at most Window of them), then the others
// newest first; its total reads "more than Window" and its facets count the newest Window matches.
// This keeps every search's cost bounded, whatever the corpus size: ranking all of 100,000 matches
// would cost more than the reader gains from it.
const Window = 1000

// titleFirst is added to the relevance of a document whose title (or keywords) matches every term: on
// both engines and on either side of the Window, such documents come before those that only mention
// the query in the body, however often. Relevance scores are far below it.
const titleFirst = 1e6

// Results is one page of ranked matches with the facets of all of them.
type Results struct {
	Query   string `json:"q"`
	Total   int    `json:"total"`
	More    bool   `json:"more"` // there are more than Total matches (see Window)
	Page    int    `json:"page"`
	PerPage int    `json:"per_page"`
	Hits    []Hit  `json:"items"`
	Facets  Facets `json:"facets"`
}

// Hit is one matching document.
type Hit struct {
	Kind      string     `json:"type"`
	Ref       string     `json:"ref"`
	TitleZh   string     `json:"title_zh"`
	TitleEn   string     `json:"title_en"`
	URL       string     `json:"url"`
	Countries []string   `json:"countries"`
	Issuer    string     `json:"issuer,omitempty"`
	IssuerZh  string     `json:"issuer_zh,omitempty"`
	IssuerEn  string     `json:"issuer_en,omitempty"`
	Draft     bool       `json:"draft"`
	Dated     string     `json:"date,omitempty"`
	Snippet   []Fragment `json:"snippet"`
}

// Facets counts the matches by kind, country and issuer. Each facet counts the matches that pass the
// request's other filters, so a reader sees what choosing another value would give.
type Facets struct {
	Kinds     []FacetValue `json:"types"`
	Countries []FacetValue `json:"countries"`
	Issuers   []FacetValue `json:"issuers"`
	Partial   bool         `json:"partial"` // counted over the newest Window matches only
}

// FacetValue is one value of a facet and how many matches have it.
type FacetValue struct {
	Value  string `json:"value"`
	Count  int    `json:"count"`
	NameZh string `json:"name_zh,omitempty"` // issuers only
	NameEn string `json:"name_en,omitempty"`
	Chosen bool   `json:"chosen"`
}

// check validates the request's filters, naming the field at fault.
func (r *Request) check() error {
	var v apperr.Validator
	r.Country = strings.ToUpper(strings.TrimSpace(r.Country))
	r.Kind = strings.TrimSpace(r.Kind)
	v.Check(r.Kind == "" || kindPattern.MatchString(r.Kind), "type", "error.bad_choice")
	v.Check(r.Country == "" || countryPattern.MatchString(r.Country), "country", "search.bad_country")
	v.Check(utf8.ValidString(r.Issuer) && len(r.Issuer) <= MaxIssuerLen, "issuer", "error.bad_choice")
	if r.Page == 0 {
		r.Page = 1
	}
	if r.PerPage == 0 {
		r.PerPage = 20
	}
	v.Check(r.Page >= 1 && r.Page <= Window, "page", "error.bad_page", "Max", MaxPerPage)
	v.Check(r.PerPage >= 1 && r.PerPage <= MaxPerPage, "per_page", "error.bad_page", "Max", MaxPerPage)
	return v.Err()
}

// Offset is the number of matches before the page.
func (r Request) Offset() int { return (r.Page - 1) * r.PerPage }

// Search runs r. A query with no letters, digits or Han characters (only punctuation or search syntax)
// finds nothing; an empty, over-long, malformed or over-complex query is a field error on "q", as is a
// malformed filter on its own field.
func (ix *Index) Search(ctx context.Context, r Request) (Results, error) {
	terms, err := parseTerms(r.Q)
	if err := errors.Join(err, r.check()); err != nil {
		return Results{}, mergeInvalid(err)
	}
	res := Results{Query: strings.TrimSpace(r.Q), Page: r.Page, PerPage: r.PerPage, Hits: []Hit{},
		Facets: Facets{Kinds: []FacetValue{}, Countries: []FacetValue{}, Issuers: []FacetValue{}}}
	if len(terms) == 0 {
		return res, nil
	}
	var b backend = sqliteBackend{ix.db, terms, r}
	if ix.db.Dialect() == db.Postgres {
		b = newPostgresBackend(ix.db, terms, r)
	}
	ids, err := ix.rank(ctx, b, r, &res)
	if err != nil {
		return Results{}, fmt.Errorf("search %q: %w", r.Q, err)
	}
	if len(ids) == 0 {
		return res, nil
	}
	res.Hits, err = ix.hits(ctx, ids, terms, r.Lang)
	return res, err
}

// backend is one engine's way of answering the questions rank asks.
type backend interface {
	// newest returns the newest limit visible matches, with their facet values.
	newest(ctx context.Context, limit int) ([]match, error)
	// scores returns the relevance of every visible match (rank asks only when there are at most
	// Window).
	scores(ctx context.Context) (map[int64]float64, error)
	// count returns how many visible documents match, up to limit: with the request's filters, in
	// the titles alone or anywhere.
	count(ctx context.Context, titles bool, limit int) (int, error)
	// titleTier returns a page of the filtered title matches, by relevance or newest first.
	titleTier(ctx context.Context, byRelevance bool, limit, offset int) ([]int64, error)
	// bodyTier returns a page of the filtered matches whose titles do not match, newest first.
	bodyTier(ctx context.Context, limit, offset int) ([]int64, error)
}

// match is one document a query found, with its relevance and facet values.
type match struct {
	id                 int64
	score              float64 // higher is better
	kind, issuer       string
	issuerZh, issuerEn string
	countries          string
}

// rank fills the total and facets of res and returns the ids of the requested page, in order. The
// first question, the newest Window+1 matches, both tells which side of the Window the query is on and
// gives the facet values, so that no query asks the full-text index more often than it must.
func (ix *Index) rank(ctx context.Context, b backend, r Request, res *Results) ([]int64, error) {
	window := ix.window
	ms, err := b.newest(ctx, window+1)
	if err != nil {
		return nil, err
	}
	if len(ms) <= window {
		scores, err := b.scores(ctx)
		if err != nil {
			return nil, err
		}
		for i := range ms {
			ms[i].score = scores[ms[i].id]
		}
		var page []match
		res.Total, res.Facets, page = facet(ms, r)
		return ids(page), nil
	}
	ms = ms[:window]
	_, res.Facets, _ = facet(ms, r)
	res.Facets.Partial = true
	if r.Kind != "" || r.Country != "" || r.Issuer != "" {
		if res.Total, err = b.count(ctx, false, window+1); err != nil {
			return nil, err
		}
	} else {
		res.Total = window + 1
	}
	if res.Total > window {
		res.Total, res.More = window, true
	}
	offset := r.Offset()
	limit := min(r.PerPage, res.Total-offset)
	if limit <= 0 {
		return nil, nil
	}
	titles, err := b.count(ctx, true, window+1)
	if err != nil {
		return nil, err
	}
	if titles > window {
		return b.titleTier(ctx, false, limit, offset)
	}
	var out []int64
	if offset < titles {
		if out, err = b.titleTier(ctx, true, limit, offset); err != nil {
			return nil, err
		}
	}
	if rest := limit - len(out); rest > 0 {
		more, err := b.bodyTier(ctx, rest, max(0, offset-titles))
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

func ids(ms []match) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.id
	}
	return out
}

// facet applies the filters, counts the facets and cuts the requested page from the ranked matches.
func facet(ms []match, r Request) (int, Facets, []match) {
	kinds, countries, issuers := map[string]int{}, map[string]int{}, map[string]int{}
	issuerNames := map[string][2]string{}
	var kept []match
	country := " " + r.Country + " "
	for _, m := range ms {
		kindOK := r.Kind == "" || m.kind == r.Kind
		issuerOK := r.Issuer == "" || m.issuer == r.Issuer
		countryOK := r.Country == "" || strings.Contains(m.countries, country)
		if issuerOK && countryOK {
			kinds[m.kind]++
		}
		if kindOK && countryOK && m.issuer != "" {
			issuers[m.issuer]++
			issuerNames[m.issuer] = [2]string{m.issuerZh, m.issuerEn}
		}
		if kindOK && issuerOK {
			for _, c := range strings.Fields(m.countries) {
				countries[c]++
			}
		}
		if kindOK && issuerOK && countryOK {
			kept = append(kept, m)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].score != kept[j].score {
			return kept[i].score > kept[j].score
		}
		return kept[i].id > kept[j].id
	})
	f := Facets{Kinds: values(kinds, r.Kind), Countries: values(countries, r.Country), Issuers: values(issuers, r.Issuer)}
	for i := range f.Issuers {
		n := issuerNames[f.Issuers[i].Value]
		f.Issuers[i].NameZh, f.Issuers[i].NameEn = n[0], n[1]
	}
	from := min(r.Offset(), len(kept))
	to := min(from+r.PerPage, len(kept))
	return len(kept), f, kept[from:to]
}

// values lists a facet's counts, largest first; the chosen value is listed even when nothing matches.
func values(counts map[string]int, chosen string) []FacetValue {
	if chosen != "" {
		if _, ok := counts[chosen]; !ok {
			counts[chosen] = 0
		}
	}
	out := make([]FacetValue, 0, len(counts))
	for v, n := range counts {
		out = append(out, FacetValue{Value: v, Count: n, Chosen: v == chosen})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// scanMatches reads rows of (id, kind, issuer, issuer_zh, issuer_en, countries); scores come apart.
func scanMatches(ctx context.Context, d *db.DB, q string, args ...any) ([]match, error) {
	rows, err := d.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []match
	for rows.Next() {
		var m match
		if err := rows.Scan(&m.id, &m.kind, &m.issuer, &m.issuerZh, &m.issuerEn, &m.countries); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// matchColumns are the facet values of search_doc d, as scanMatches reads them after the id.
const matchColumns = `d.kind, d.issuer, d.issuer_zh, d.issuer_en, d.countries`

// scanScores reads rows of (id, score).
func scanScores(ctx context.Context, d *db.DB, q string, args ...any) (map[int64]float64, error) {
	rows, err := d.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]float64{}
	for rows.Next() {
		var id int64
		var score float64
		if err := rows.Scan(&id, &score); err != nil {
			return nil, err
		}
		out[id] = score
	}
	return out, rows.Err()
}

// scanIDs reads a column of ids.
func scanIDs(ctx context.Context, d *db.DB, q string, args ...any) ([]int64, error) {
	rows, err := d.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// hits loads the page's documents and quotes each around its matches.
func (ix *Index) hits(ctx context.Context, page []int64, terms []term, lang string) ([]Hit, error) {
	args := make([]any, len(page))
	marks := make([]string, len(page))
	for i, id := range page {
		args[i] = id
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := ix.db.Query(ctx, `SELECT d.id, d.kind, d.ref, d.title_zh, d.title_en, t.body_zh, t.body_en, d.url,
		d.countries, d.issuer, d.issuer_zh, d.issuer_en, d.draft, d.dated
		FROM search_doc d JOIN search_text t ON t.doc_id = d.id WHERE d.id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	byID := map[int64]Hit{}
	needles := needlesOf(terms)
	for rows.Next() {
		var h Hit
		var id int64
		var bodyZh, bodyEn, countries string
		if err := rows.Scan(&id, &h.Kind, &h.Ref, &h.TitleZh, &h.TitleEn, &bodyZh, &bodyEn, &h.URL, &countries,
			&h.Issuer, &h.IssuerZh, &h.IssuerEn, &h.Draft, &h.Dated); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.Countries = strings.Fields(countries)
		first, second := bodyZh, bodyEn
		if lang == "en" {
			first, second = bodyEn, bodyZh
		}
		h.Snippet = Snippet(needles, first, second)
		byID[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make([]Hit, 0, len(page))
	for _, id := range page {
		if h, ok := byID[id]; ok {
			out = append(out, h)
		}
	}
	return out, nil
}

func needlesOf(terms []term) []string {
	var out []string
	for _, t := range terms {
		out = append(out, t.needles...)
	}
	return out
}

// mergeInvalid joins the field errors of several validation failures into one.
func mergeInvalid(err error) error {
	var fields []apperr.Field
	for _, e := range unwrapAll(err) {
		if ae, ok := apperr.As(e); ok && ae.Kind == apperr.KindInvalid {
			fields = append(fields, ae.Fields...)
			continue
		}
		return err
	}
	return apperr.Invalid(fields...)
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// sqliteBackend asks FTS5. The query a person typed is confined to the title and body columns; the
// filters and the draft rule are terms of the meta column.
type sqliteBackend struct {
	db    *db.DB
	terms []term
	r     Request
}

func (s sqliteBackend) expr(filtered, titles bool) string {
	e := "(" + ftsQuery(s.terms, "{title body}", "{title3 body3}") + ")"
	if titles {
		e = "(" + ftsQuery(s.terms, "{title}", "") + ")"
	}
	if filtered {
		if s.r.Kind != "" {
			e += ` AND {meta} : "` + metaKind(s.r.Kind) + `"`
		}
		if s.r.Country != "" {
			e += ` AND {meta} : "` + metaCountry(s.r.Country) + `"`
		}
		if s.r.Issuer != "" {
			e += ` AND {meta} : "` + metaIssuer(s.r.Issuer) + `"`
		}
	}
	if !s.r.Drafts {
		e = "(" + e + `) NOT {meta} : "` + metaDraft + `"`
	}
	return e
}

func table(titles bool) string {
	if titles {
		return "search_title_fts"
	}
	return "search_fts"
}

func (s sqliteBackend) count(ctx context.Context, titles bool, limit int) (int, error) {
	t := table(titles)
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+t+` WHERE `+t+` MATCH $1 LIMIT $2)`,
		s.expr(true, titles), limit).Scan(&n)
	return n, err
}

func (s sqliteBackend) newest(ctx context.Context, limit int) ([]match, error) {
	return scanMatches(ctx, s.db, `SELECT d.id, `+matchColumns+`
		FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH $1 ORDER BY rowid DESC LIMIT $2) h
		JOIN search_doc d ON d.id = h.id ORDER BY d.id DESC`, s.expr(false, false), limit)
}

// scores are bm25 with the title (bigrams or trigrams) weighing eight times the body; a document whose
// title (or keywords) matches every term scores titleFirst plus the bm25 of its title alone, as the title
// tier is ordered past the Window, so that a short title naming the query comes before a long list of
// keywords that includes it, however long either body. The title matches are a query of their own: as
// a subquery joined to the first, SQLite would run it again for every match.
func (s sqliteBackend) scores(ctx context.Context) (map[int64]float64, error) {
	out, err := scanScores(ctx, s.db, `SELECT rowid, -bm25(search_fts, 8.0, 1.0, 0.0, 8.0, 1.0) FROM search_fts WHERE search_fts MATCH $1`,
		s.expr(false, false))
	if err != nil {
		return nil, err
	}
	titles, err := scanScores(ctx, s.db, `SELECT rowid, -bm25(search_title_fts, 1.0, 0.0) FROM search_title_fts WHERE search_title_fts MATCH $1`,
		s.expr(false, true))
	for id, score := range titles {
		out[id] = titleFirst + score
	}
	return out, err
}

func (s sqliteBackend) titleTier(ctx context.Context, byRelevance bool, limit, offset int) ([]int64, error) {
	order := "rowid DESC"
	if byRelevance {
		order = "bm25(search_title_fts, 1.0, 0.0), rowid DESC"
	}
	return scanIDs(ctx, s.db, `SELECT rowid FROM search_title_fts WHERE search_title_fts MATCH $1 ORDER BY `+order+` LIMIT $2 OFFSET $3`,
		s.expr(true, true), limit, offset)
}

func (s sqliteBackend) bodyTier(ctx context.Context, limit, offset int) ([]int64, error) {
	return scanIDs(ctx, s.db, `SELECT rowid FROM search_fts WHERE search_fts MATCH $1
		AND rowid NOT IN (SELECT rowid FROM search_title_fts WHERE search_title_fts MATCH $2)
		ORDER BY rowid DESC LIMIT $3 OFFSET $4`, s.expr(true, false), s.expr(true, true), limit, offset)
}

// postgresBackend asks the GIN indexes on tsv and tsv_title.
type postgresBackend struct {
	db      *db.DB
	query   string // the tsquery text
	r       Request
	country string // LIKE pattern for the country filter, or ""
}

func newPostgresBackend(d *db.DB, terms []term, r Request) postgresBackend {
	p := postgresBackend{db: d, query: tsQuery(terms), r: r}
	if r.Country != "" {
		p.country = "% " + r.Country + " %"
	}
	return p
}

// where is the condition on search_doc d for the tsquery q: visible, and filtered if asked.
func (p postgresBackend) where(filtered bool, column string) (string, []any) {
	cond := `d.` + column + ` @@ to_tsquery('simple', $1) AND ($2 OR NOT d.draft)`
	args := []any{p.query, p.r.Drafts}
	if filtered {
		cond += ` AND ($3 = '' OR d.kind = $3) AND ($4 = '' OR d.issuer = $4) AND ($5 = '' OR d.countries LIKE $5)`
		args = append(args, p.r.Kind, p.r.Issuer, p.country)
	}
	return cond, args
}

func column(titles bool) string {
	if titles {
		return "tsv_title"
	}
	return "tsv"
}

func (p postgresBackend) count(ctx context.Context, titles bool, limit int) (int, error) {
	cond, args := p.where(true, column(titles))
	var n int
	err := p.db.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM search_doc d WHERE %s LIMIT $%d) x`, cond, len(args)+1),
		append(args, limit)...).Scan(&n)
	return n, err
}

// scores are cover density, title terms (weight A) counting 2.5 times body terms (B), divided by 1 +
// the logarithm of the document's length as bm25 does on SQLite, so that a long text does not win by
// length alone; a document whose title matches every term scores titleFirst plus the cover density of
// its title alone (as on SQLite, and as the title tier is ordered past the Window), which spares reading
// its whole term vector.
func (p postgresBackend) scores(ctx context.Context) (map[int64]float64, error) {
	cond, args := p.where(false, "tsv")
	return scanScores(ctx, p.db, fmt.Sprintf(`SELECT d.id, CASE WHEN d.tsv_title @@ to_tsquery('simple', $1)
			THEN $%d + ts_rank_cd(d.tsv_title, to_tsquery('simple', $1), 1) ELSE ts_rank_cd(d.tsv, to_tsquery('simple', $1), 1) END
		FROM search_doc d WHERE %s`, len(args)+1, cond), append(args, titleFirst)...)
}

func (p postgresBackend) newest(ctx context.Context, limit int) ([]match, error) {
	cond, args := p.where(false, "tsv")
	return scanMatches(ctx, p.db, fmt.Sprintf(`SELECT d.id, %s FROM search_doc d WHERE %s ORDER BY d.id DESC LIMIT $%d`,
		matchColumns, cond, len(args)+1), append(args, limit)...)
}

func (p postgresBackend) titleTier(ctx context.Context, byRelevance bool, limit, offset int) ([]int64, error) {
	cond, args := p.where(true, "tsv_title")
	order := "d.id DESC"
	if byRelevance {
		order = "ts_rank_cd(d.tsv_title, to_tsquery('simple', $1), 1) DESC, d.id DESC"
	}
	n := len(args)
	return scanIDs(ctx, p.db, fmt.Sprintf(`SELECT d.id FROM search_doc d WHERE %s ORDER BY %s LIMIT $%d OFFSET $%d`,
		cond, order, n+1, n+2), append(args, limit, offset)...)
}

func (p postgresBackend) bodyTier(ctx context.Context, limit, offset int) ([]int64, error) {
	cond, args := p.where(true, "tsv")
	n := len(args)
	return scanIDs(ctx, p.db, fmt.Sprintf(`SELECT d.id FROM search_doc d WHERE %s AND NOT (d.tsv_title @@ to_tsquery('simple', $1))
		ORDER BY d.id DESC LIMIT $%d OFFSET $%d`, cond, n+1, n+2), append(args, limit, offset)...)
}
