package odi

import (
	"context"
	"embed"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/directory"
	"chuhai/internal/network"
	"chuhai/internal/workday"
)

//go:embed migrations
var migrations embed.FS

// Module is the odi schema: coordinators' rules, tracked projects with their steps, pauses,
// document checklists, uploaded files and alerts. It follows the network and directory modules,
// whose points and enterprises projects belong to.
var Module = db.Module{Name: "odi", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Request is what a project needs of the casework request it is opened from.
type Request struct {
	Reference    string
	PointID      int64 // the service point serving the request
	EnterpriseID int64 // 0 when a visitor without an enterprise asked
}

// RequestLookup finds a casework request by its reference (apperr.ErrNotFound when there is none)
// and checks that the caller may see it.
type RequestLookup func(ctx context.Context, reference string) (Request, error)

// RequestDetails is what a project form takes over from a casework request.
type RequestDetails struct {
	Reference      string
	PointCode      string
	EnterpriseUSCC string
}

// RequestInfo looks up a casework request for the project form (apperr.ErrNotFound when there is
// none, or casework is not wired in).
func (s *Store) RequestInfo(ctx context.Context, reference string) (RequestDetails, error) {
	if s.Requests == nil {
		return RequestDetails{}, apperr.NotFound("casework request " + reference)
	}
	req, err := s.Requests(ctx, strings.ToUpper(strings.TrimSpace(reference)))
	if err != nil {
		return RequestDetails{}, err
	}
	pt, err := s.network.PointByID(ctx, req.PointID)
	if err != nil {
		return RequestDetails{}, err
	}
	d := RequestDetails{Reference: req.Reference, PointCode: pt.Code}
	if req.EnterpriseID != 0 {
		e, err := s.directory.EnterpriseByID(asSystem(ctx), req.EnterpriseID)
		if err != nil {
			return RequestDetails{}, err
		}
		d.EnterpriseUSCC = e.USCC
	}
	return d, nil
}

// Notifier delivers an alert inside the transaction that records it, so an alert is raised exactly
// once and delivered through the outbox with it.
type Notifier func(ctx context.Context, tx *db.Tx, a Alert) error

// Store keeps tracked projects and the coordinators' rules.
type Store struct {
	db        *db.DB
	audit     *audit.Log
	network   *network.Store
	directory *directory.Store
	workday   *workday.Store
	now       func() time.Time
	// Requests resolves casework request references; without it a reference is kept as given.
	Requests RequestLookup
	// Notify delivers alerts; without it alerts are recorded and shown on the project only.
	Notify Notifier
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log, n *network.Store, dir *directory.Store, w *workday.Store) *Store {
	return &Store{db: d, audit: a, network: n, directory: dir, workday: w, now: time.Now}
}

// shanghai is the zone of the authorities' calendar: a day's date is the date in Beijing time.
var shanghai = time.FixedZone("CST", 8*3600)

// today is the current date in Beijing time.
func (s *Store) today() workday.Date { return workday.DateOf(s.now().In(shanghai)) }
