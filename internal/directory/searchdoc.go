package directory

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/search"
)

// KindProvider is the kind of the providers' documents in the shared search index.
const KindProvider = "provider"

var isoCountry = regexp.MustCompile(`^[A-Z]{2}$`)

// providerDocument describes a provider to the search index. Its names are the title and its
// identifiers the keywords; its description, service menu and the names of its categories,
// countries, languages and office regions, in both languages, are the body, so that "越南 法律" or
// "Vietnam legal" finds it without ranking it above what is titled so (Vietnam's country guide). A provider that is not verified is a draft: only staff's searches find it. g may be nil
// (no network wired), and then the codes stand for the names.
func providerDocument(id int64, status string, in ProviderInput, g *geography) search.Document {
	ref := Ref()
	var kw []string
	for _, id := range []string{in.USCC, in.ForeignRegNo} {
		if id != "" {
			kw = append(kw, id)
		}
	}
	bodyZh, bodyEn := []string{in.DescriptionZh}, []string{in.DescriptionEn}
	add := func(zh, en string) {
		if zh != "" {
			bodyZh = append(bodyZh, zh)
		}
		if en != "" {
			bodyEn = append(bodyEn, en)
		}
	}
	for _, c := range in.Categories {
		if ch, ok := ref.Categories.Get(c); ok {
			add(ch.NameZh, ch.NameEn)
		}
	}
	for _, l := range in.Languages {
		if ch, ok := ref.Languages.Get(l); ok {
			add(ch.NameZh, ch.NameEn)
		}
	}
	regions := append(append([]string{}, in.Countries...), officeRegions(in.Offices)...)
	if in.ForeignCountry != "" {
		regions = append(regions, in.ForeignCountry)
	}
	for _, r := range regions {
		if g == nil {
			add(r, "")
			continue
		}
		add(g.name(r, "zh-CN"), g.name(r, "en"))
	}
	for _, sv := range in.Services {
		add(sv.NameZh, sv.NameEn)
	}
	countries := []string{}
	for _, c := range in.Countries {
		if isoCountry.MatchString(c) {
			countries = append(countries, c)
		}
	}
	ref64 := strconv.FormatInt(id, 10)
	return search.Document{Kind: KindProvider, Ref: ref64, TitleZh: in.NameZh, TitleEn: in.NameEn, Keywords: strings.Join(kw, " "),
		BodyZh: strings.Join(bodyZh, "\n"), BodyEn: strings.Join(bodyEn, "\n"), URL: "/providers/" + ref64, Countries: countries,
		Draft: status != ProviderVerified}
}

// indexProvider writes a provider's document inside tx, the transaction that wrote the provider.
func (s *Store) indexProvider(ctx context.Context, tx *db.Tx, id int64, status string, in ProviderInput) error {
	if s.search == nil {
		return nil
	}
	g, err := s.geo(ctx)
	if errors.Is(err, errNoNetwork) {
		g, err = nil, nil
	}
	if err != nil {
		return err
	}
	return s.search.Put(ctx, tx, providerDocument(id, status, in, g))
}

// unindexProvider removes a provider's document inside tx.
func (s *Store) unindexProvider(ctx context.Context, tx *db.Tx, id int64) error {
	if s.search == nil {
		return nil
	}
	return s.search.Delete(ctx, tx, KindProvider, strconv.FormatInt(id, 10))
}

// providerTextMatches returns the ids of the providers whose document matches q, best first (at most
// search.Window of them), with drafts when staff ask. ok is false when there is no index, or when
// q is not something the index can search (only punctuation, unbalanced quotes): the list then
// searches names and codes alone rather than refusing the query.
func (s *Store) providerTextMatches(ctx context.Context, q string, drafts bool) (ids []int64, ok bool, err error) {
	if s.search == nil {
		return nil, false, nil
	}
	refs, _, err := s.search.Refs(ctx, search.Request{Q: q, Kind: KindProvider, Drafts: drafts})
	if e, isApp := apperr.As(err); isApp && e.Kind == apperr.KindInvalid {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ids = make([]int64, 0, len(refs))
	for _, r := range refs {
		if id, err := strconv.ParseInt(r, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids, true, nil
}

// SearchSource is the providers as a source of the search index, for rebuilding it.
func (s *Store) SearchSource() search.Source { return providerSource{s} }

type providerSource struct{ s *Store }

func (providerSource) Kind() string { return KindProvider }

func (ps providerSource) Documents(ctx context.Context, q db.Querier, yield func(search.Document) error) error {
	g, err := ps.s.geo(ctx)
	if errors.Is(err, errNoNetwork) {
		g, err = nil, nil
	}
	if err != nil {
		return err
	}
	const batch = 500
	for after := int64(0); ; {
		rows, err := q.Query(ctx, `SELECT `+providerColumns+` FROM provider WHERE id > $1 ORDER BY id LIMIT $2`, after, batch)
		if err != nil {
			return err
		}
		page, err := collectProviders(rows)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		ptrs := make([]*Provider, len(page))
		for i := range page {
			ptrs[i] = &page[i]
		}
		if err := loadProviderDetails(ctx, q, ptrs); err != nil {
			return err
		}
		for _, p := range page {
			if err := yield(providerDocument(p.ID, p.Status, p.Input(), g)); err != nil {
				return err
			}
		}
		after = page[len(page)-1].ID
	}
}
