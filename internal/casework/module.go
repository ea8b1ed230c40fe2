// Package casework owns the one-stop window: requests from enterprises and visitors (online, at a
// window, by phone or e-mail, through an overseas point), their reference numbers, routing to the
// right service point by rules kept as data, the workflow from submission to closure with transfers
// and collaboration between points, SLA clocks counted on the serving point's working days and hours,
// duplicate detection and merging, referrals to providers and the engagements that follow (with
// invoices, completion and the enterprise's rating), and collaboration credit: every request counts
// for its enterprise's home district and for every point that served it.
package casework

import (
	"context"
	"embed"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/workday"
)

//go:embed migrations
var migrations embed.FS

// Module is the casework schema; it follows network, directory and auth (it refers to their points,
// enterprises, providers and users).
var Module = db.Module{Name: "casework", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Point is a service point as casework needs it: where it is, what it can handle, which countries
// it covers (overseas points), its hours and zone.
type Point struct {
	ID           int64    `json:"id"`
	Code         string   `json:"code"`
	Kind         string   `json:"kind"`
	NameZh       string   `json:"name_zh"`
	NameEn       string   `json:"name_en"`
	RegionCode   string   `json:"region_code"`
	TimeZone     string   `json:"time_zone"`
	OpeningHours string   `json:"-"` // as people write them, e.g. "周一至周五 9:00–17:00"; unreadable: workday.DefaultHours
	Capabilities []string `json:"-"` // topic codes
	Countries    []string `json:"-"` // ISO 3166-1 alpha-2
	Active       bool     `json:"-"`
}

// Point kinds casework relies on (the network owns the list).
const (
	KindCityPlatform  = "city_platform"
	KindDistrictPoint = "district_point"
	KindSubPlatform   = "sub_platform"
	KindOverseasPoint = "overseas_point"
)

// Topic is what a request is about; the codes are stable and kept as data by the network.
type Topic struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// Network is what casework asks of the service network. app wires the network store in.
type Network interface {
	// Points returns every service point, active or not, with capabilities and countries.
	Points(ctx context.Context) ([]Point, error)
	// Topics returns the topics in display order.
	Topics(ctx context.Context) ([]Topic, error)
	// IsCountry reports whether code (ISO 3166-1 alpha-2) is a country or region the network knows.
	IsCountry(ctx context.Context, code string) (bool, error)
}

// Enterprise is an enterprise as casework needs it.
type Enterprise struct {
	ID           int64  `json:"id"`
	NameZh       string `json:"name_zh"`
	NameEn       string `json:"name_en"`
	HomeDistrict string `json:"home_district"`
}

// Provider is a service provider as casework needs it.
type Provider struct {
	ID     int64  `json:"id"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	// Referable is false for providers that may not take new work (suspended, delisted, unverified).
	Referable bool `json:"-"`
}

// Directory is what casework asks of the directory. app wires the directory store in.
type Directory interface {
	// Enterprise returns one enterprise with its home district (apperr.ErrNotFound when there is
	// none), whoever asks: casework has decided who may act for it.
	Enterprise(ctx context.Context, id int64) (Enterprise, error)
	// EnterpriseNames returns the names of the enterprises with the given ids that exist.
	EnterpriseNames(ctx context.Context, ids []int64) (map[int64]Enterprise, error)
	// Providers returns the providers with the given ids that exist.
	Providers(ctx context.Context, ids []int64) (map[int64]Provider, error)
}

// ProviderActivity records a finished engagement in the provider's directory record (its count of
// engagements, the last one, and its rating, 1 to 5 or 0 for none), within casework's transaction
// so that it happens if and only if casework's change commits. It is called once per engagement:
// when the enterprise rates it, or, for an engagement never rated, when its request closes.
type ProviderActivity interface {
	RecordEngagement(ctx context.Context, tx *db.Tx, engagementID, providerID int64, completedAt time.Time, rating int) error
}

// Config holds casework's tunable numbers.
type Config struct {
	// DuplicateWindow: a request of the same enterprise on the same topic within this many days of
	// another open one is flagged as a possible duplicate.
	DuplicateWindowDays int
	// ReferralDays is how many working days a provider has to accept or decline a referral.
	ReferralDays int
	// ReopenDays is how many days after resolution or closure an enterprise may reopen.
	ReopenDays int
}

// DefaultConfig are the numbers used when Config leaves them zero.
var DefaultConfig = Config{DuplicateWindowDays: 30, ReferralDays: 3, ReopenDays: 30}

// Deps are what a Store is built from.
type Deps struct {
	DB        *db.DB
	Audit     *audit.Log
	Auth      *auth.Service
	Workday   *workday.Store
	Network   Network
	Directory Directory
	Activity  ProviderActivity // nil: provider records are not updated
	Notifier  Notifier         // nil: nobody is told
	People    Recipients
	Matcher   Matcher     // nil: no suggestions; staff name providers themselves
	Invoices  InvoiceHook // nil: nobody pays against invoices
	Config    Config
}

// Store reads and writes casework.
type Store struct {
	db         *db.DB
	audit      *audit.Log
	auth       *auth.Service
	workday    *workday.Store
	network    Network
	directory  Directory
	activity   ProviderActivity
	notifier   Notifier
	recipients Recipients
	matcher    Matcher
	invoices   InvoiceHook
	cfg        Config
	now        func() time.Time
}

// NewStore returns a Store.
func NewStore(d Deps) *Store {
	cfg := d.Config
	if cfg.DuplicateWindowDays <= 0 {
		cfg.DuplicateWindowDays = DefaultConfig.DuplicateWindowDays
	}
	if cfg.ReferralDays <= 0 {
		cfg.ReferralDays = DefaultConfig.ReferralDays
	}
	if cfg.ReopenDays <= 0 {
		cfg.ReopenDays = DefaultConfig.ReopenDays
	}
	return &Store{db: d.DB, audit: d.Audit, auth: d.Auth, workday: d.Workday, network: d.Network, directory: d.Directory,
		activity: d.Activity, notifier: d.Notifier, recipients: d.People, matcher: d.Matcher, invoices: d.Invoices, cfg: cfg, now: time.Now}
}

// WithClock returns a copy of s that reads the time from now (tests and the benchmark generator).
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}
