package directory

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"chuhai/internal/apperr"
)

// Need is what an enterprise is looking for.
type Need struct {
	Categories   []string `json:"categories"`        // at least one
	Countries    []string `json:"countries"`         // target countries; a provider must cover one when given
	Languages    []string `json:"languages"`         // optional working languages
	EnterpriseID int64    `json:"enterprise_id"`     // whose need: its home district and declared conflicts count
	BudgetFen    int64    `json:"budget_fen"`        // optional
	Alliance     string   `json:"alliance"`          // optional preferred alliance
	Text         string   `json:"text"`              // optional free text, matched against names, descriptions and services
	Exclude      []int64  `json:"exclude,omitempty"` // providers to leave out (conflicts declared in a case)
	Limit        int      `json:"limit,omitempty"`   // default 10, at most 50
}

// Reason kinds, each worth points in the ranking and shown to people.
const (
	ReasonCountries   = "countries"   // Codes: the need's countries the provider covers
	ReasonCategories  = "categories"  // Codes: the need's categories the provider offers
	ReasonLanguages   = "languages"   // Codes
	ReasonAlliance    = "alliance"    // Codes: [alliance code]; Name*: the alliance
	ReasonHome        = "home"        // Codes: [district]: an office in the enterprise's home district
	ReasonBudget      = "budget"      // Amount: the lowest matching price, within budget
	ReasonOverBudget  = "over_budget" // Amount: the lowest matching price, above budget
	ReasonEngagements = "engagements" // Count
	ReasonRating      = "rating"      // Rating, Count (number of ratings)
	ReasonText        = "text"        // Codes: the words of the need found in the profile
)

// Reason is one line of why a provider ranks where it does.
type Reason struct {
	Kind   string   `json:"kind"`
	Codes  []string `json:"codes,omitempty"`
	NameZh string   `json:"name_zh,omitempty"`
	NameEn string   `json:"name_en,omitempty"`
	Count  int      `json:"count,omitempty"`
	Rating float64  `json:"rating,omitempty"`
	Amount int64    `json:"amount_fen,omitempty"`
	Points int      `json:"points"`
}

// Match is one ranked provider.
type Match struct {
	Rank     int      `json:"rank"`
	Provider Provider `json:"provider"` // names, coverage, alliances and activity; no lists of offices or services
	Score    int      `json:"score"`
	Reasons  []Reason `json:"reasons"`
}

// MatchResult is a ranked list and how many providers qualified in all.
type MatchResult struct {
	Matches   []Match `json:"matches"`
	Qualified int     `json:"qualified"`
}

// Points. A provider must offer one of the categories and, when countries are given, cover one;
// everything else orders the qualified providers. Coverage of the need counts most; then what
// vouches for the provider (an alliance, its record, its rating); then convenience.
const (
	ptsCategory       = 20 // each category of the need offered
	ptsCountry        = 15 // each country of the need covered
	ptsLanguage       = 5  // each language of the need spoken
	ptsPreferred      = 15 // member of the alliance the need prefers
	ptsHomeAlliance   = 8  // member of an alliance of the enterprise's home district
	ptsAnyAlliance    = 4  // member of some alliance
	ptsHomeOffice     = 8  // an office in the enterprise's home district
	ptsWithinBudget   = 10
	ptsOverBudget     = -15
	ptsTextTerm       = 3
	maxTextTerms      = 3
	minRatingsToCount = 3
	defaultMatches    = 10
	maxMatches        = 50
	maxNeedText       = 200
)

// needContext is a validated need with what matching looks up once.
type needContext struct {
	Need
	home  string   // the enterprise's home district, "" when unknown
	terms []string // lower-cased words of Text
}

func (s *Store) prepareNeed(ctx context.Context, n Need) (needContext, error) {
	ref := Ref()
	nc := needContext{Need: n}
	var v apperr.Validator
	nc.Categories = normCodes(n.Categories, func(s string) string {
		if c, ok := ref.Categories.Resolve(s); ok {
			return c
		}
		return s
	})
	if len(nc.Categories) == 0 {
		v.Add("categories", "error.required")
	}
	checkVocabulary(&v, "categories", nc.Categories, ref.Categories, maxCategories)
	nc.Languages = normCodes(n.Languages, func(s string) string {
		if c, ok := ref.Languages.Resolve(s); ok {
			return c
		}
		return s
	})
	checkVocabulary(&v, "languages", nc.Languages, ref.Languages, maxLanguages)
	if len(n.Countries) > 0 {
		g, err := s.geo(ctx)
		if err != nil {
			return nc, err
		}
		nc.Countries = resolveRegions(n.Countries, g, RegionCountry)
		checkRegions(&v, "countries", nc.Countries, g, maxCountries, "directory.country.unknown", RegionCountry)
	}
	v.Check(n.BudgetFen >= 0 && n.BudgetFen <= maxPriceFen, "budget_fen", "directory.service.price", "Max", maxPriceFen/100)
	nc.Alliance = strings.ToUpper(strings.TrimSpace(n.Alliance))
	nc.Text = strings.TrimSpace(n.Text)
	checkLen(&v, "text", nc.Text, maxNeedText)
	if nc.Limit == 0 {
		nc.Limit = defaultMatches
	}
	v.Check(nc.Limit >= 1 && nc.Limit <= maxMatches, "limit", "directory.match.limit", "Max", maxMatches)
	v.Check(len(n.Exclude) <= 1000, "exclude", "directory.too_many", "Max", 1000)
	if err := v.Err(); err != nil {
		return nc, err
	}
	if nc.Alliance != "" {
		if _, err := s.allianceMembers(ctx, nc.Alliance); err != nil {
			return nc, err
		}
	}
	// An enterprise's users match for their own enterprise only.
	p := s.caller(ctx)
	if p != nil && p.EnterpriseID != 0 {
		if nc.EnterpriseID != 0 && nc.EnterpriseID != p.EnterpriseID {
			return nc, apperr.ErrForbidden
		}
		nc.EnterpriseID = p.EnterpriseID
	} else if p != nil && !p.Staff {
		return nc, apperr.ErrForbidden
	}
	if nc.EnterpriseID != 0 {
		e := Enterprise{ID: nc.EnterpriseID}
		err := s.db.QueryRow(ctx, `SELECT home_district FROM enterprise WHERE id = $1`, nc.EnterpriseID).Scan(&e.HomeDistrict)
		if errors.Is(err, sql.ErrNoRows) {
			return nc, apperr.Invalid(apperr.F("enterprise_id", "directory.enterprise.unknown"))
		}
		if err != nil {
			return nc, err
		}
		if err := s.mayViewEnterprise(ctx, e); err != nil {
			return nc, err
		}
		nc.home = e.HomeDistrict
	}
	nc.terms = textTerms(nc.Text)
	return nc, nil
}

// textTerms splits free text into words: runs of letters or digits, lower-cased, of at least two
// characters (one Chinese character says too little).
func textTerms(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if utf8.RuneCountInString(f) >= 2 && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// candidate is what ranking reads of a provider: one row.
type candidate struct {
	p          Provider
	regions    []string
	prices     []menuPrice
	searchable string // names, descriptions and service names, lower-cased
	ratingSum  int
	pos        int // place in the match index
}

type menuPrice struct {
	category string
	min, max int64
}

func parsePrices(s string) []menuPrice {
	var out []menuPrice
	for _, item := range strings.Fields(s) {
		parts := strings.Split(item, ":")
		if len(parts) != 3 {
			continue
		}
		lo, err1 := strconv.ParseInt(parts[1], 10, 64)
		hi, err2 := strconv.ParseInt(parts[2], 10, 64)
		if err1 == nil && err2 == nil {
			out = append(out, menuPrice{parts[0], lo, hi})
		}
	}
	return out
}

// candidateColumns are what ranking reads of every candidate: the coded profile and the record;
// textColumns add what free text is matched against and what a listed provider shows.
const candidateColumns = `id, match_categories, match_countries, match_languages, match_regions, match_prices,
	last_engagement_at, engagements_completed, rating_count, rating_sum`

const textColumns = `, name_zh, name_en, description_zh, description_en, website, match_text`

func scanCandidate(row interface{ Scan(...any) error }, withText bool) (candidate, error) {
	var c candidate
	var cats, countries, langs, regions, prices, text string
	dest := []any{&c.p.ID, &cats, &countries, &langs, &regions, &prices, nullTime{&c.p.Activity.LastEngagementAt},
		&c.p.Activity.Completed, &c.p.Activity.RatingCount, &c.ratingSum}
	if withText {
		dest = append(dest, &c.p.NameZh, &c.p.NameEn, &c.p.DescriptionZh, &c.p.DescriptionEn, &c.p.Website, &text)
	}
	err := row.Scan(dest...)
	c.p.Status = ProviderVerified
	c.p.Categories, c.p.Countries, c.p.Languages = splitFields(cats), splitFields(countries), splitFields(langs)
	c.p.Activity.Rating = ratingOf(c.ratingSum, c.p.Activity.RatingCount)
	c.p.Offices, c.p.Services, c.p.Licences, c.p.Contacts, c.p.Alliances = []Office{}, []Service{}, []Licence{}, []Contact{}, []Membership{}
	c.regions, c.prices = splitFields(regions), parsePrices(prices)
	if withText {
		c.searchable = strings.ToLower(c.p.NameZh+" | "+c.p.NameEn+" | "+c.p.DescriptionZh+" | "+c.p.DescriptionEn) + " | " + text
	}
	return c, err
}

// Match ranks verified providers for a need and says why for each. Suspended, pending and delisted
// providers, providers that declared a conflict with the enterprise and those excluded by the need
// are never proposed. Providers with equal scores are equally good: their order among themselves is
// drawn afresh for every call, so that over many calls they share the exposure evenly rather than
// the same few always coming first.
func (s *Store) Match(ctx context.Context, n Need) (MatchResult, error) {
	nc, err := s.prepareNeed(ctx, n)
	if err != nil {
		return MatchResult{}, err
	}
	excluded := map[int64]bool{}
	for _, id := range nc.Exclude {
		excluded[id] = true
	}
	if nc.EnterpriseID != 0 {
		rows, err := s.db.Query(ctx, `SELECT provider_id FROM provider_conflict WHERE enterprise_id = $1`, nc.EnterpriseID)
		if err != nil {
			return MatchResult{}, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return MatchResult{}, err
			}
			excluded[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return MatchResult{}, err
		}
	}
	idx, err := s.index(ctx)
	if err != nil {
		return MatchResult{}, err
	}
	return s.rank(ctx, nc, idx.candidates(nc, excluded), idx.coverage(nc))
}

// rank scores the candidates, orders them (ties rotated by a fresh seed) and keeps the first Limit.
// With cov (the candidates come from the match index), coverage is counted from its posting lists.
func (s *Store) rank(ctx context.Context, nc needContext, cands []*candidate, cov *coverage) (MatchResult, error) {
	var memberships map[int64][]Membership
	if s.network != nil && len(cands) > 0 {
		ids := make([]int64, len(cands))
		for i := range cands {
			ids[i] = cands[i].p.ID
		}
		var err error
		if memberships, err = s.network.Memberships(ctx, ids); err != nil {
			return MatchResult{}, err
		}
	}
	type scored struct {
		c      *candidate
		points int
		key    uint64
	}
	seed := s.seed()
	out := make([]scored, 0, len(cands))
	for _, c := range cands {
		points, _, ok := score(nc, c, memberships[c.p.ID], false, cov)
		if ok {
			out = append(out, scored{c: c, points: points, key: mix(seed ^ uint64(c.p.ID))})
		}
	}
	slices.SortFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.points, a.points); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	res := MatchResult{Qualified: len(out), Matches: make([]Match, 0, min(len(out), nc.Limit))}
	for i := 0; i < len(out) && i < nc.Limit; i++ {
		c := out[i].c
		ms := memberships[c.p.ID]
		points, reasons, _ := score(nc, c, ms, true, nil)
		// The index's copy is shared between calls: the result gets its own lists.
		p := c.p
		p.Categories, p.Countries, p.Languages = slices.Clone(p.Categories), slices.Clone(p.Countries), slices.Clone(p.Languages)
		p.Alliances = []Membership{}
		if ms != nil {
			p.Alliances = slices.Clone(ms)
		}
		res.Matches = append(res.Matches, Match{Rank: i + 1, Provider: p, Score: points, Reasons: reasons})
	}
	return res, nil
}

// mix is SplitMix64's finaliser: a cheap, well-spread hash of a provider id under a seed.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// score rates one candidate for a need; ok is false when the provider does not qualify (it offers
// none of the categories, or covers none of the countries). With explain, it also says why, reason
// by reason; ranking first scores every candidate without, and explains only those it lists. Without
// explain, cov (when given) counts the categories, countries and languages covered by bit tests.
func score(nc needContext, c *candidate, ms []Membership, explain bool, cov *coverage) (points int, reasons []Reason, ok bool) {
	p := &c.p
	add := func(r Reason) {
		points += r.Points
		if explain {
			reasons = append(reasons, r)
		}
	}
	// matching returns the codes of want that have contains, or just their count without explain.
	matching := func(want, have []string) ([]string, int) {
		var codes []string
		n := 0
		for _, code := range want {
			if slices.Contains(have, code) {
				n++
				if explain {
					codes = append(codes, code)
				}
			}
		}
		return codes, n
	}
	var countries, cats, langs []string
	var nCountries, nCats, nLangs int
	if cov != nil && !explain {
		nCountries, nCats, nLangs = covered(cov.countries, c.pos), covered(cov.categories, c.pos), covered(cov.languages, c.pos)
	} else {
		countries, nCountries = matching(nc.Countries, p.Countries)
		cats, nCats = matching(nc.Categories, p.Categories)
		langs, nLangs = matching(nc.Languages, p.Languages)
	}
	if len(nc.Countries) > 0 && nCountries == 0 || nCats == 0 {
		return 0, nil, false
	}
	if nCountries > 0 {
		add(Reason{Kind: ReasonCountries, Codes: countries, Points: ptsCountry * nCountries})
	}
	add(Reason{Kind: ReasonCategories, Codes: cats, Points: ptsCategory * nCats})
	if nLangs > 0 {
		add(Reason{Kind: ReasonLanguages, Codes: langs, Points: ptsLanguage * nLangs})
	}
	if r, ok := allianceReason(nc, ms); ok {
		add(r)
	}
	if nc.home != "" && slices.Contains(c.regions, nc.home) {
		add(Reason{Kind: ReasonHome, Codes: []string{nc.home}, Points: ptsHomeOffice})
	}
	if nc.BudgetFen > 0 {
		lowest := int64(-1)
		for _, mp := range c.prices {
			if slices.Contains(nc.Categories, mp.category) && slices.Contains(p.Categories, mp.category) && (lowest < 0 || mp.min < lowest) {
				lowest = mp.min
			}
		}
		switch {
		case lowest < 0: // no listed price for these categories: nothing to say
		case lowest <= nc.BudgetFen:
			add(Reason{Kind: ReasonBudget, Amount: lowest, Points: ptsWithinBudget})
		default:
			add(Reason{Kind: ReasonOverBudget, Amount: lowest, Points: ptsOverBudget})
		}
	}
	if n := p.Activity.Completed; n > 0 {
		add(Reason{Kind: ReasonEngagements, Count: n, Points: engagementPoints(n)})
	}
	if p.Activity.RatingCount > 0 {
		pts := 0
		if p.Activity.RatingCount >= minRatingsToCount {
			pts = ratingPoints(c.ratingSum, p.Activity.RatingCount)
		}
		add(Reason{Kind: ReasonRating, Rating: p.Activity.Rating, Count: p.Activity.RatingCount, Points: pts})
	}
	if len(nc.terms) > 0 {
		var found []string
		n := 0
		for _, t := range nc.terms {
			if n < maxTextTerms && strings.Contains(c.searchable, t) {
				n++
				if explain {
					found = append(found, t)
				}
			}
		}
		if n > 0 {
			add(Reason{Kind: ReasonText, Codes: found, Points: ptsTextTerm * n})
		}
	}
	return points, reasons, true
}

// allianceReason picks the strongest alliance a provider is an active member of: the one the need
// prefers, then one of the enterprise's home district, then any.
func allianceReason(nc needContext, ms []Membership) (Reason, bool) {
	best, bestPts := Membership{}, 0
	for _, m := range ms {
		if m.Status != MembershipActive {
			continue
		}
		pts := ptsAnyAlliance
		switch {
		case nc.Alliance != "" && m.Alliance == nc.Alliance:
			pts = ptsPreferred
		case nc.home != "" && m.OwnerRegion == nc.home:
			pts = ptsHomeAlliance
		}
		if pts > bestPts {
			best, bestPts = m, pts
		}
	}
	if bestPts == 0 {
		return Reason{}, false
	}
	return Reason{Kind: ReasonAlliance, Codes: []string{best.Alliance}, NameZh: best.NameZh, NameEn: best.NameEn, Points: bestPts}, true
}

// engagementPoints grows with the record but flattens, so a long record helps without locking out
// newer firms: 1→2, 5→4, 10→6, 20 or more→8.
func engagementPoints(n int) int {
	switch {
	case n >= 20:
		return 8
	case n >= 10:
		return 6
	case n >= 5:
		return 4
	default:
		return 2
	}
}

// ratingPoints: four points per star above or below three, from the mean in tenths, rounded down to
// a whole point so that close ratings (4.5 and 4.6) count the same.
func ratingPoints(sumTenths, count int) int {
	mean := sumTenths / count // tenths
	return (mean - 30) * 4 / 10
}
