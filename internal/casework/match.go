package casework

import (
	"context"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// Need is what a request asks of providers, for the directory's matching.
type Need struct {
	Categories   []string // the directory's provider categories serving the request's topic
	Countries    []string
	EnterpriseID int64
	Exclude      []int64 // providers already referred
	Limit        int
}

// Match is one provider the directory proposes, with its rank and why.
type Match struct {
	ProviderID int64    `json:"provider_id"`
	NameZh     string   `json:"name_zh"`
	NameEn     string   `json:"name_en"`
	Rank       int      `json:"rank"`
	Score      int      `json:"score"`
	Reasons    []string `json:"reasons"` // the kinds of reason, e.g. countries, categories, rating
}

// Matcher ranks providers for a need; app wires directory.Match in.
type Matcher interface {
	Match(ctx context.Context, n Need) ([]Match, error)
}

// maxSuggestions is how many providers a request page proposes.
const maxSuggestions = 8

// Suggest asks the directory which providers suit request ref, leaving out those already referred:
// staff of the serving point and the enterprise pick from these. Only an enterprise's open request
// gets suggestions.
func (s *Store) Suggest(ctx context.Context, ref string) ([]Match, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	p := auth.From(ctx)
	if !(p.Staff() && p.CanActForPoint(r.pointID) || p.Role.Scope() == auth.ScopeEnterprise && p.EnterpriseID == r.enterpriseID) {
		return nil, apperr.ErrForbidden
	}
	if s.matcher == nil || r.enterpriseID == 0 || !IsOpen(r.State) {
		return []Match{}, nil
	}
	cats, err := s.Categories(ctx, r.Topic)
	if err != nil || len(cats) == 0 {
		return []Match{}, err
	}
	var exclude []int64
	rows, err := s.db.Query(ctx, `SELECT provider_id FROM casework_referral WHERE request_id = $1 AND status IN ('offered', 'accepted')`, r.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		exclude = append(exclude, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ms, err := s.matcher.Match(ctx, Need{Categories: cats, Countries: r.Countries, EnterpriseID: r.enterpriseID, Exclude: exclude, Limit: maxSuggestions})
	if ms == nil {
		ms = []Match{}
	}
	return ms, err
}
