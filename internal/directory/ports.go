package directory

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"chuhai/internal/apperr"
)

// Region kinds the directory relies on; the network owns the list of regions.
const (
	RegionMunicipality = "municipality"
	RegionDistrict     = "district"
	RegionArea         = "area"
	RegionCity         = "city"
	RegionCountry      = "country"
)

// Region is a place: a Shanghai district, a city, a country (ISO 3166-1 alpha-2).
type Region struct {
	Code   string `json:"code"`
	Kind   string `json:"kind"`
	Parent string `json:"parent,omitempty"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// Point is a service point as far as the directory needs it: where it acts.
type Point struct {
	ID     int64
	Code   string
	Kind   string // district_point acts for its district; other kinds serve the whole city
	Region string
}

// DistrictPoint is the kind of point that acts for one district.
const DistrictPoint = "district_point"

// Membership is a provider's membership of an alliance.
type Membership struct {
	Alliance    string `json:"alliance"` // code
	NameZh      string `json:"name_zh"`
	NameEn      string `json:"name_en"`
	Scope       string `json:"scope"`        // district, city, multi_city
	OwnerRegion string `json:"owner_region"` // the district (or city) whose alliance it is
	Batch       int    `json:"batch"`
	JoinedOn    string `json:"joined_on"`
	Status      string `json:"status"` // active, suspended, withdrawn
}

// MembershipActive is the status of a member in good standing.
const MembershipActive = "active"

// Network is what the directory asks of the service network: the regions (districts, cities,
// countries), where a service point acts, and which alliances providers belong to. The network
// package owns those tables; app wires its store in through an adapter.
type Network interface {
	Regions(ctx context.Context) ([]Region, error)
	Point(ctx context.Context, id int64) (Point, error)
	// Memberships returns the alliance memberships of each of the providers (any status).
	Memberships(ctx context.Context, providerIDs []int64) (map[int64][]Membership, error)
	// AllianceMembers returns the ids of an alliance's active members; apperr.ErrNotFound for an
	// unknown alliance.
	AllianceMembers(ctx context.Context, alliance string) ([]int64, error)
}

var errNoNetwork = errors.New("directory: no network wired (directory.WithNetwork)")

// geography indexes the regions for validation, import and display.
type geography struct {
	all       []Region
	byCode    map[string]Region
	districts []Region // Shanghai's districts in the network's order
	byName    map[string]string
}

func newGeography(regions []Region, extraAliases map[string]string) *geography {
	g := &geography{all: regions, byCode: map[string]Region{}, byName: map[string]string{}}
	for _, r := range regions {
		g.byCode[r.Code] = r
		if r.Kind == RegionDistrict {
			g.districts = append(g.districts, r)
		}
	}
	add := func(name, code string) {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			return
		}
		if _, taken := g.byName[name]; !taken {
			g.byName[name] = code
		}
	}
	// Countries and districts by name; districts also by their short names (徐汇, Xuhui), which is
	// how people write them.
	for _, r := range regions {
		if r.Kind != RegionCountry && r.Kind != RegionDistrict && r.Kind != RegionCity {
			continue
		}
		add(r.Code, r.Code)
		add(r.NameZh, r.Code)
		add(r.NameEn, r.Code)
		if r.Kind == RegionDistrict {
			add(shortDistrict(r.NameZh), r.Code)
			add(strings.TrimSuffix(strings.TrimSuffix(r.NameEn, " District"), " New Area"), r.Code)
		}
	}
	for alias, code := range extraAliases {
		if _, ok := g.byCode[code]; ok {
			add(alias, code)
		}
	}
	return g
}

// shortDistrict drops the 区 / 新区 suffix: 徐汇区 → 徐汇, 浦东新区 → 浦东.
func shortDistrict(zh string) string {
	if s, ok := strings.CutSuffix(zh, "新区"); ok {
		return s
	}
	return strings.TrimSuffix(zh, "区")
}

// resolve maps a code or a name to a region code of one of kinds.
func (g *geography) resolve(s string, kinds ...string) (string, bool) {
	s = strings.TrimSpace(s)
	code, ok := g.byName[strings.ToLower(s)]
	if !ok {
		code = strings.ToUpper(s)
	}
	r, ok := g.byCode[code]
	if !ok {
		return "", false
	}
	for _, k := range kinds {
		if r.Kind == k {
			return code, true
		}
	}
	return "", false
}

func (g *geography) is(code string, kinds ...string) bool {
	r, ok := g.byCode[code]
	if !ok {
		return false
	}
	for _, k := range kinds {
		if r.Kind == k {
			return true
		}
	}
	return false
}

// districtOfAddress finds the one Shanghai district a registered address names (上海市徐汇区… or
// 徐汇区…). It returns "" when the address names none, or more than one.
func (g *geography) districtOfAddress(addr string) string {
	found := ""
	for _, d := range g.districts {
		if strings.Contains(addr, d.NameZh) || strings.Contains(strings.ToLower(addr), strings.ToLower(d.NameEn)) {
			if found != "" && found != d.Code {
				return ""
			}
			found = d.Code
		}
	}
	return found
}

// name returns a region's name in lang, or its code when unknown.
func (g *geography) name(code, lang string) string {
	r, ok := g.byCode[code]
	if !ok {
		return code
	}
	if lang == "en" && r.NameEn != "" {
		return r.NameEn
	}
	return r.NameZh
}

// regionCache keeps the network's reference regions for a few minutes. They are seeded from data
// shipped with the binary and change only on upgrade, so every instance holds the same list and a
// short-lived copy cannot disagree with the database in any way that matters.
type regionCache struct {
	mu      sync.Mutex
	geo     *geography
	fetched time.Time
}

const regionCacheTTL = 5 * time.Minute

func (s *Store) geo(ctx context.Context) (*geography, error) {
	if s.network == nil {
		return nil, errNoNetwork
	}
	s.regions.mu.Lock()
	defer s.regions.mu.Unlock()
	if s.regions.geo != nil && s.now().Sub(s.regions.fetched) < regionCacheTTL {
		return s.regions.geo, nil
	}
	rs, err := s.network.Regions(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := readCSV("country_aliases.csv", "alias,code")
	if err != nil {
		return nil, err
	}
	extra := map[string]string{}
	for _, r := range rows {
		extra[r[0]] = r[1]
	}
	s.regions.geo, s.regions.fetched = newGeography(rs, extra), s.now()
	return s.regions.geo, nil
}

// Districts lists Shanghai's districts (for forms).
func (s *Store) Districts(ctx context.Context) ([]Region, error) {
	g, err := s.geo(ctx)
	if err != nil {
		return nil, err
	}
	return g.districts, nil
}

// Countries lists the countries and regions abroad (for forms).
func (s *Store) Countries(ctx context.Context) ([]Region, error) {
	return s.regionsOf(ctx, RegionCountry)
}

// Cities lists the cities outside Shanghai the network knows (the G60 corridor's), for office forms.
func (s *Store) Cities(ctx context.Context) ([]Region, error) { return s.regionsOf(ctx, RegionCity) }

func (s *Store) regionsOf(ctx context.Context, kind string) ([]Region, error) {
	g, err := s.geo(ctx)
	if err != nil {
		return nil, err
	}
	out := []Region{}
	for _, r := range g.all {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out, nil
}

// RegionName returns a region's name in lang ("zh-CN" or "en"), or the code itself when unknown.
func (s *Store) RegionName(ctx context.Context, code, lang string) string {
	g, err := s.geo(ctx)
	if err != nil {
		return code
	}
	return g.name(code, lang)
}

// allianceMembers returns an alliance's active members; an unknown alliance is a field error.
func (s *Store) allianceMembers(ctx context.Context, code string) ([]int64, error) {
	if s.network == nil {
		return nil, errNoNetwork
	}
	ids, err := s.network.AllianceMembers(ctx, strings.ToUpper(strings.TrimSpace(code)))
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, apperr.Invalid(apperr.F("alliance", "directory.alliance.unknown"))
	}
	return ids, err
}

// Place returns a region by code for display; an unknown code comes back as its own name.
func (s *Store) Place(ctx context.Context, code string) Region {
	if g, err := s.geo(ctx); err == nil {
		if r, ok := g.byCode[code]; ok {
			return r
		}
	}
	return Region{Code: code, NameZh: code, NameEn: code}
}
