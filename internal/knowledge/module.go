// Package knowledge owns the platform's public information products: country guides (eight sections
// in Chinese and English, edited in Markdown, reviewed and published as numbered versions), the policy
// library (issuer, level, 文号, dates from which the status follows, supersession, categories, topics,
// applicability kept as data, PDF attachments) and risk alerts with their history; and the question
// "what applies to me" for an enterprise's profile. Every published record is kept in the search
// index in the same transaction that writes it.
package knowledge

import (
	"context"
	"embed"
	"slices"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/network"
	"chuhai/internal/search"
)

//go:embed migrations
var migrations embed.FS

// Module is the knowledge schema. It follows network: guides, policies and alerts name regions and
// topics.
var Module = db.Module{Name: "knowledge", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Places is what knowledge asks the service network: which region a code names (countries for
// guides and alerts, districts for applicability) and which topics exist. network.Store satisfies it.
type Places interface {
	RegionByCode(ctx context.Context, code string) (network.Region, error)
	Topics(ctx context.Context) ([]network.Topic, error)
}

// Store reads and writes guides, policies and alerts.
type Store struct {
	db     *db.DB
	audit  *audit.Log
	index  *search.Index
	places Places
	now    func() time.Time
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log, ix *search.Index, places Places) *Store {
	return &Store{db: d, audit: a, index: ix, places: places, now: time.Now}
}

// EditorRoles may write guides, policies and alerts: the leads of service points and the city.
// PublisherRoles also publish them and send guides back from review: the city alone speaks for the
// platform.
var (
	EditorRoles    = []auth.Role{auth.PointLead, auth.CityCoordinator, auth.SystemAdmin}
	PublisherRoles = []auth.Role{auth.CityCoordinator, auth.SystemAdmin}
)

// MayEdit reports whether p may write knowledge content and see drafts.
func MayEdit(p *auth.Principal) bool { return p != nil && slices.Contains(EditorRoles, p.Role) }

// MayPublish reports whether p may publish knowledge content.
func MayPublish(p *auth.Principal) bool { return p != nil && slices.Contains(PublisherRoles, p.Role) }

// mayEdit refuses a signed-in caller who is not an editor. The route table already says who may call
// each route; this keeps the rule true for every other caller of the store. A context without a
// principal is a trusted command-line or demo caller.
func mayEdit(ctx context.Context) error {
	if p := auth.From(ctx); p != nil && !MayEdit(p) {
		return apperr.ErrForbidden
	}
	return nil
}

func mayPublish(ctx context.Context) error {
	if p := auth.From(ctx); p != nil && !MayPublish(p) {
		return apperr.ErrForbidden
	}
	return nil
}

// actor names who is acting, for the records that keep it (who edited, submitted, published).
func actor(ctx context.Context) string {
	if p := auth.From(ctx); p != nil {
		if p.Name != "" {
			return p.Name
		}
		return p.Login
	}
	return audit.MetaFrom(ctx).ActorLogin
}

// shanghai is the platform's time zone: dates such as "effective on" are Shanghai dates.
var shanghai = time.FixedZone("CST", 8*3600)

// today is the current date in Shanghai, as YYYY-MM-DD.
func (s *Store) today() string { return s.now().In(shanghai).Format(time.DateOnly) }
