package knowledge

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"chuhai/internal/db"
	"chuhai/internal/search"
)

// The kinds of document knowledge keeps in the search index.
const (
	KindGuide  = "guide"
	KindPolicy = "policy"
	KindAlert  = "alert"
)

// draftRef is the search reference of a guide's working copy; the published guide's is its country.
func draftRef(country string) string { return country + "/draft" }

// guideDocument describes a guide revision to the search index: its title with the country's names,
// every section's text in both languages, the country as the facet.
func (s *Store) guideDocument(ctx context.Context, r Revision, working bool) search.Document {
	var zh, en []string
	if r.SummaryZh != "" {
		zh = append(zh, r.SummaryZh)
	}
	if r.SummaryEn != "" {
		en = append(en, r.SummaryEn)
	}
	for _, sec := range r.Sections {
		zh = append(zh, PlainText(sec.BodyZh))
		en = append(en, PlainText(sec.BodyEn))
	}
	keywords := r.Keywords
	if reg, err := s.places.RegionByCode(ctx, r.Country); err == nil {
		keywords += " " + reg.NameZh + " " + reg.NameEn
	}
	d := search.Document{Kind: KindGuide, Ref: r.Country, TitleZh: r.TitleZh, TitleEn: r.TitleEn, Keywords: keywords + " " + r.Country,
		BodyZh: strings.Join(zh, "\n"), BodyEn: strings.Join(en, "\n"), URL: "/guides/" + url.PathEscape(r.Country),
		Countries: []string{r.Country}, Dated: r.ReviewedOn}
	if working {
		d.Ref, d.URL, d.Draft = draftRef(r.Country), "/guides/"+url.PathEscape(r.Country)+"/draft", true
	}
	return d
}

// policyDocument describes a policy to the search index, faceted by its issuer and target countries,
// whose names are searchable too: a policy for Vietnam is found by 越南 even if its text only says
// "ASEAN".
func (s *Store) policyDocument(ctx context.Context, p Policy) search.Document {
	keywords := []string{p.DocNumber}
	for _, c := range p.Applies.Countries {
		if reg, err := s.places.RegionByCode(ctx, c); err == nil {
			keywords = append(keywords, reg.NameZh, reg.NameEn)
		}
	}
	body := []string{PlainText(p.SummaryZh), PlainText(p.BodyZh)}
	if p.DocNumber != "" {
		body = append([]string{p.DocNumber}, body...)
	}
	return search.Document{Kind: KindPolicy, Ref: strconv.FormatInt(p.ID, 10), TitleZh: p.TitleZh, TitleEn: p.TitleEn,
		Keywords: strings.Join(keywords, " "), BodyZh: strings.Join(body, "\n"), BodyEn: PlainText(p.SummaryEn) + "\n" + PlainText(p.BodyEn),
		URL: "/policies/" + strconv.FormatInt(p.ID, 10), Countries: p.Applies.Countries, Issuer: p.IssuerCode,
		IssuerZh: p.IssuerZh, IssuerEn: p.IssuerEn, Draft: p.State != StatePublished, Dated: p.IssuedOn}
}

// alertDocument describes a risk alert to the search index, under its country.
func alertDocument(a Alert) search.Document {
	return search.Document{Kind: KindAlert, Ref: strconv.FormatInt(a.ID, 10), TitleZh: a.TitleZh, TitleEn: a.TitleEn,
		BodyZh: a.AreaZh + "\n" + PlainText(a.BodyZh), BodyEn: a.AreaEn + "\n" + PlainText(a.BodyEn),
		URL: "/alerts/" + strconv.FormatInt(a.ID, 10), Countries: []string{a.Country}, Draft: a.State != StatePublished,
		Dated: a.StartsOn}
}

// Sources returns the search sources of guides, policies and alerts, for search.Index.Rebuild.
func (s *Store) Sources() []search.Source {
	return []search.Source{guideSource{s}, policySource{s}, alertSource{s}}
}

type guideSource struct{ s *Store }

func (guideSource) Kind() string { return KindGuide }

func (g guideSource) Documents(ctx context.Context, q db.Querier, yield func(search.Document) error) error {
	rows, err := q.Query(ctx, `SELECT r.id FROM guide_revision r JOIN guide g ON g.id = r.guide_id
		WHERE r.state IN ('draft', 'review') OR (r.state = 'published' AND r.number = g.published_version) ORDER BY r.id`)
	if err != nil {
		return err
	}
	ids, err := collectIDs(rows)
	if err != nil {
		return err
	}
	for _, id := range ids {
		r, err := g.s.revision(ctx, q, `r.id = $1`, id)
		if err != nil {
			return err
		}
		if err := yield(g.s.guideDocument(ctx, r, r.State != StatePublished)); err != nil {
			return err
		}
	}
	return nil
}

type policySource struct{ s *Store }

func (policySource) Kind() string { return KindPolicy }

func (p policySource) Documents(ctx context.Context, q db.Querier, yield func(search.Document) error) error {
	rows, err := q.Query(ctx, `SELECT id FROM policy ORDER BY id`)
	if err != nil {
		return err
	}
	ids, err := collectIDs(rows)
	if err != nil {
		return err
	}
	for _, id := range ids {
		pol, err := p.s.policy(ctx, q, id)
		if err != nil {
			return err
		}
		if err := yield(p.s.policyDocument(ctx, pol)); err != nil {
			return err
		}
	}
	return nil
}

type alertSource struct{ s *Store }

func (alertSource) Kind() string { return KindAlert }

func (a alertSource) Documents(ctx context.Context, q db.Querier, yield func(search.Document) error) error {
	rows, err := q.Query(ctx, `SELECT id FROM alert ORDER BY id`)
	if err != nil {
		return err
	}
	ids, err := collectIDs(rows)
	if err != nil {
		return err
	}
	for _, id := range ids {
		al, err := a.s.alert(ctx, q, id)
		if err != nil {
			return err
		}
		if err := yield(alertDocument(al)); err != nil {
			return err
		}
	}
	return nil
}

// collectIDs reads a column of ids and closes the rows (PostgreSQL cannot run the next query on a
// transaction while rows are open).
func collectIDs(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
