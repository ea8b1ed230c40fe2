// Package subsidy owns public support for enterprises going overseas: programmes whose eligibility
// rules, money terms, stacking policy and allocation are data an owner edits; stateless quotes that
// explain every line of a computation; applications from engagement invoices with two-stage review on
// working-day clocks; 免申即享 offers computed when an invoice is recorded; service vouchers with
// redemption and settlement; and an immutable per-programme ledger whose invariants — never past the
// budget, never paid twice, never above the strictest stacking ceiling on one invoice — hold under
// concurrency on both databases.
package subsidy

import (
	"context"
	"embed"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

//go:embed migrations
var migrations embed.FS

// Module is the subsidy schema; it follows directory and network (programmes name regions).
var Module = db.Module{Name: "subsidy", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Invoice is the part of a recorded engagement invoice that subsidies are computed from. Casework owns
// engagements and invoices; subsidy sees them only through Engagements.
type Invoice struct {
	ID           int64
	Number       string
	EngagementID int64
	EnterpriseID int64
	ProviderID   int64
	Category     string // provider category code of the service bought, e.g. legal
	AmountFen    money.Fen
	Date         workday.Date
}

// Engagements loads invoices recorded in casework.
type Engagements interface {
	// Invoice returns the invoice with id, or an apperr not-found error.
	Invoice(ctx context.Context, id int64) (Invoice, error)
}

// EnterpriseFacts is what eligibility rules read about an enterprise.
type EnterpriseFacts struct {
	ID           int64
	NameZh       string
	NameEn       string
	HomeDistrict string   // GB/T 2260 district code
	Areas        []string // special areas the registered address lies in (e.g. SH-LINGANG)
	Industry     string   // GB/T 4754-2017 section or division, e.g. C or C39
	SizeClass    string   // large, medium, small, micro
}

// ProviderFacts is what eligibility rules read about a service provider.
type ProviderFacts struct {
	ID         int64
	NameZh     string
	NameEn     string
	Offices    []string // region codes of its offices
	Categories []string
	Alliances  []string // codes of alliances it is an active member of
}

// Directory answers the facts eligibility rules need; app implements it over the directory and the
// network.
type Directory interface {
	Enterprise(ctx context.Context, id int64) (EnterpriseFacts, error)
	Provider(ctx context.Context, id int64) (ProviderFacts, error)
	// Names resolves region, alliance and provider-category codes to names; a code absent from it is
	// unknown, so programme rules naming it are refused.
	Names(ctx context.Context) (Names, error)
}

// Points tells which region a service point serves, for deciding who reviews for a programme owner.
type Points interface {
	PointRegion(ctx context.Context, pointID int64) (string, error)
}

// Calendar gives the working-day calendar clocks count on.
type Calendar interface {
	Calendar(ctx context.Context) (*workday.Calendar, error)
}

// Notifier tells an enterprise's users about something (an offer, a decision), inside the transaction
// that made it so. subjectKey and bodyKey are catalogue ids rendered with data; link is a path in the
// platform. It is optional: without one, offers and decisions are still on the enterprise's pages.
type Notifier interface {
	NotifyEnterprise(ctx context.Context, tx *db.Tx, enterpriseID int64, subjectKey, bodyKey string, data map[string]any, link string) error
}

// Deps are the collaborators a Service needs.
type Deps struct {
	DB          *db.DB
	Audit       *audit.Log
	Directory   Directory
	Engagements Engagements // nil until casework is wired: quotes work, invoice applications do not
	Points      Points
	Calendar    Calendar
	Notifier    Notifier
	// Now is the clock (tests move it); time.Now when nil.
	Now func() time.Time
}

// Service is the subsidy domain.
type Service struct {
	Deps
}

// New returns a Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{Deps: d}
}

// SetEngagements wires the invoices of casework (app does it once both are built).
func (s *Service) SetEngagements(e Engagements) { s.Engagements = e }

// shanghai is the zone days are counted in.
var shanghai = time.FixedZone("CST", 8*3600)

// today is the civil date in Shanghai.
func (s *Service) today() workday.Date { return workday.DateOf(s.Now().In(shanghai)) }
