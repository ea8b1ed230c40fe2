package workday

import (
	"context"
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the workday schema: calendars loaded by administrators.
var Module = db.Module{Name: "workday", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Source says where a year's calendar comes from.
type Source string

const (
	FromDatabase Source = "database" // loaded by an administrator
	FromBuiltin  Source = "builtin"  // shipped with chuhai
	FromNowhere  Source = "none"     // not published: weekends-only, provisional
)

// Store keeps the calendars administrators load and builds calendars from them.
type Store struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log) *Store { return &Store{db: d, audit: a, now: time.Now} }

// LoadYear replaces region's calendar for one year, atomically and with an audit entry: after it,
// every count touching that year uses exactly these days. Only system administrators may load
// calendars; the CLI (no signed-in user) acts with the database operator's authority.
func (s *Store) LoadYear(ctx context.Context, y Year) error {
	if p := auth.From(ctx); p != nil && p.Role != auth.SystemAdmin {
		return apperr.ErrForbidden
	}
	y = sortedDays(y)
	if err := y.Validate(); err != nil {
		return err
	}
	now := s.now().UTC()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var prevOff, prevOn int
		rows, err := tx.Query(ctx, `SELECT kind, COUNT(*) FROM workday_day WHERE region = $1 AND year = $2 GROUP BY kind`, y.Region, y.Year)
		if err != nil {
			return fmt.Errorf("previous calendar: %w", err)
		}
		for rows.Next() {
			var kind string
			var n int
			if err := rows.Scan(&kind, &n); err != nil {
				rows.Close()
				return err
			}
			if Kind(kind) == On {
				prevOn = n
			} else {
				prevOff = n
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		var replaced bool
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) > 0 FROM workday_year WHERE region = $1 AND year = $2`, y.Region, y.Year).Scan(&replaced); err != nil {
			return fmt.Errorf("previous calendar: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO workday_year (region, year, loaded_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4)
			ON CONFLICT (region, year) DO UPDATE SET loaded_by = excluded.loaded_by, updated_at = excluded.updated_at`,
			y.Region, y.Year, audit.MetaFrom(ctx).ActorLogin, now); err != nil {
			return fmt.Errorf("save calendar year: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM workday_day WHERE region = $1 AND year = $2`, y.Region, y.Year); err != nil {
			return fmt.Errorf("clear calendar year: %w", err)
		}
		for _, d := range y.Days {
			if _, err := tx.Exec(ctx, `INSERT INTO workday_day (region, year, day, kind, note, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6)`, y.Region, y.Year, d.Date.String(), string(d.Kind), d.Note, now); err != nil {
				return fmt.Errorf("save calendar day %s: %w", d.Date, err)
			}
		}
		off, on := y.Counts()
		detail := map[string]any{"region": y.Region, "year": y.Year, "off": off, "on": on, "replaced": replaced}
		if replaced {
			detail["previous_off"], detail["previous_on"] = prevOff, prevOn
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "workday.year.load", ObjectType: "workday_year",
			ObjectID: fmt.Sprintf("%s-%d", y.Region, y.Year), Detail: detail})
	})
}

// LoadedYear describes a year loaded into the database.
type LoadedYear struct {
	Region    string    `json:"region"`
	Year      int       `json:"year"`
	Off       int       `json:"off"`
	On        int       `json:"on"`
	LoadedBy  string    `json:"loaded_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Loaded lists the years loaded into the database, by region and year.
func (s *Store) Loaded(ctx context.Context) ([]LoadedYear, error) {
	rows, err := s.db.Query(ctx, `SELECT y.region, y.year, y.loaded_by, y.updated_at,
		COALESCE(SUM(CASE WHEN d.kind = 'off' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN d.kind = 'on' THEN 1 ELSE 0 END), 0)
		FROM workday_year y LEFT JOIN workday_day d ON d.region = y.region AND d.year = y.year
		GROUP BY y.region, y.year, y.loaded_by, y.updated_at ORDER BY y.region, y.year`)
	if err != nil {
		return nil, fmt.Errorf("loaded calendars: %w", err)
	}
	defer rows.Close()
	var out []LoadedYear
	for rows.Next() {
		var l LoadedYear
		if err := rows.Scan(&l.Region, &l.Year, &l.LoadedBy, &l.UpdatedAt, &l.Off, &l.On); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// stored reads every loaded year from the database.
func (s *Store) stored(ctx context.Context, q db.Querier, where string, args ...any) ([]Year, error) {
	years := map[string]*Year{}
	var order []string
	key := func(region string, year int) string { return fmt.Sprintf("%s-%d", region, year) }
	rows, err := q.Query(ctx, `SELECT region, year FROM workday_year`+where+` ORDER BY region, year`, args...)
	if err != nil {
		return nil, fmt.Errorf("calendar years: %w", err)
	}
	for rows.Next() {
		y := &Year{}
		if err := rows.Scan(&y.Region, &y.Year); err != nil {
			rows.Close()
			return nil, err
		}
		years[key(y.Region, y.Year)] = y
		order = append(order, key(y.Region, y.Year))
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT region, year, day, kind, note FROM workday_day`+where+` ORDER BY region, day`, args...)
	if err != nil {
		return nil, fmt.Errorf("calendar days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var region, day, kind, note string
		var year int
		if err := rows.Scan(&region, &year, &day, &kind, &note); err != nil {
			return nil, err
		}
		date, err := ParseDate(day)
		if err != nil {
			return nil, fmt.Errorf("stored calendar day %q of %s: %w", day, key(region, year), err)
		}
		if y := years[key(region, year)]; y != nil {
			y.Days = append(y.Days, Day{Date: date, Kind: Kind(kind), Note: note})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Year, 0, len(order))
	for _, k := range order {
		out = append(out, *years[k])
	}
	return out, nil
}

// Calendars builds every region's calendar: the built-in years, each replaced by the same region
// and year from the database when an administrator has loaded one.
func (s *Store) Calendars(ctx context.Context) (*Calendars, error) {
	builtin, err := Builtin()
	if err != nil {
		return nil, err
	}
	loaded, err := s.stored(ctx, s.db, "")
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, y := range loaded {
		have[fmt.Sprintf("%s-%d", y.Region, y.Year)] = true
	}
	all := loaded
	for _, y := range builtin {
		if !have[fmt.Sprintf("%s-%d", y.Region, y.Year)] {
			all = append(all, y)
		}
	}
	return NewCalendars(all...)
}

// Calendar builds the Chinese statutory calendar (see Calendars).
func (s *Store) Calendar(ctx context.Context) (*Calendar, error) {
	cs, err := s.Calendars(ctx)
	if err != nil {
		return nil, err
	}
	return cs.China(), nil
}

// Year returns the calendar in force for region and year and where it comes from; with FromNowhere
// the year is empty and counts in it are weekends-only and provisional.
func (s *Store) Year(ctx context.Context, region string, year int) (Year, Source, error) {
	region = strings.ToUpper(region)
	loaded, err := s.stored(ctx, s.db, ` WHERE region = $1 AND year = $2`, region, year)
	if err != nil {
		return Year{}, "", err
	}
	if len(loaded) == 1 {
		return sortedDays(loaded[0]), FromDatabase, nil
	}
	builtin, err := Builtin()
	if err != nil {
		return Year{}, "", err
	}
	if i := slices.IndexFunc(builtin, func(y Year) bool { return y.Region == region && y.Year == year }); i >= 0 {
		return builtin[i], FromBuiltin, nil
	}
	return Year{Region: region, Year: year}, FromNowhere, nil
}
