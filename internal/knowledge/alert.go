package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// AlertLevels are the three levels of China's overseas safety reminders, in rising order:
// 注意安全 (caution), 谨慎前往 (reconsider travel), 暂勿前往 (do not travel).
var AlertLevels = []string{"caution", "reconsider", "avoid"}

// Alert phases on a given day.
const (
	PhaseUpcoming = "upcoming"
	PhaseActive   = "active"
	PhaseEnded    = "ended"
)

// AlertInput is what an editor writes about a risk alert.
type AlertInput struct {
	Country   string `json:"country"` // ISO 3166-1 alpha-2
	AreaZh    string `json:"area_zh"` // a region or city within the country, or ""
	AreaEn    string `json:"area_en"`
	Level     string `json:"level"`
	TitleZh   string `json:"title_zh"`
	TitleEn   string `json:"title_en"`
	BodyZh    string `json:"body_zh"` // Markdown
	BodyEn    string `json:"body_en"`
	SourceZh  string `json:"source_zh"` // who issued it, e.g. 外交部和中国驻泰国使馆
	SourceEn  string `json:"source_en"`
	SourceURL string `json:"source_url"`
	StartsOn  string `json:"starts_on"` // YYYY-MM-DD
	EndsOn    string `json:"ends_on"`   // the last day, or "" until withdrawn
	Note      string `json:"note"`      // why it changed, kept in the history
}

// Alert is a risk alert with its history.
type Alert struct {
	ID    int64  `json:"id"`
	State string `json:"state"`
	AlertInput
	Phase       string          `json:"phase"` // on today's date: upcoming, active or ended
	Version     int             `json:"version"`
	PublishedAt *time.Time      `json:"published_at,omitempty"`
	UpdatedAt   time.Time       `json:"updated_at"`
	History     []AlertRevision `json:"history,omitempty"`
}

// AlertRevision is an alert as it stood after one change.
type AlertRevision struct {
	Version   int       `json:"version"`
	State     string    `json:"state"`
	Level     string    `json:"level"`
	AreaZh    string    `json:"area_zh"`
	AreaEn    string    `json:"area_en"`
	TitleZh   string    `json:"title_zh"`
	TitleEn   string    `json:"title_en"`
	StartsOn  string    `json:"starts_on"`
	EndsOn    string    `json:"ends_on"`
	ChangedBy string    `json:"changed_by"`
	Note      string    `json:"note"`
	At        time.Time `json:"at"`
}

// PhaseOn says whether an alert is upcoming, active or ended on day.
func PhaseOn(day, startsOn, endsOn string) string {
	switch {
	case startsOn > day:
		return PhaseUpcoming
	case endsOn != "" && endsOn < day:
		return PhaseEnded
	}
	return PhaseActive
}

func (s *Store) validateAlert(ctx context.Context, in *AlertInput) error {
	in.Country = normCode(in.Country)
	for _, f := range []*string{&in.Level, &in.StartsOn, &in.EndsOn, &in.SourceURL, &in.TitleZh, &in.TitleEn, &in.AreaZh, &in.AreaEn,
		&in.SourceZh, &in.SourceEn} {
		*f = strings.TrimSpace(*f)
	}
	var v apperr.Validator
	if err := s.region(ctx, &v, "country", in.Country, countryKind); err != nil {
		return err
	}
	v.Check(slices.Contains(AlertLevels, in.Level), "level", "error.bad_choice")
	text(&v, "area_zh", in.AreaZh, maxTitle, false)
	text(&v, "area_en", in.AreaEn, maxTitle, false)
	text(&v, "title_zh", in.TitleZh, maxTitle, true)
	text(&v, "title_en", in.TitleEn, maxTitle, false)
	text(&v, "body_zh", in.BodyZh, maxSection, true)
	text(&v, "body_en", in.BodyEn, maxSection, false)
	text(&v, "source_zh", in.SourceZh, maxTitle, true)
	text(&v, "source_en", in.SourceEn, maxTitle, false)
	text(&v, "note", in.Note, maxShort, false)
	link(&v, "source_url", in.SourceURL)
	starts := date(&v, "starts_on", in.StartsOn, true)
	if date(&v, "ends_on", in.EndsOn, false) && starts && in.EndsOn < in.StartsOn {
		v.Add("ends_on", "knowledge.ends_before_starts")
	}
	return v.Err()
}

const alertColumns = `id, state, country, area_zh, area_en, level, title_zh, title_en, body_zh, body_en, source_zh, source_en,
	source_url, starts_on, COALESCE(ends_on, ''), version, published_at, updated_at`

func (s *Store) scanAlert(row interface{ Scan(...any) error }) (Alert, error) {
	var a Alert
	var published sql.NullTime
	err := row.Scan(&a.ID, &a.State, &a.Country, &a.AreaZh, &a.AreaEn, &a.Level, &a.TitleZh, &a.TitleEn, &a.BodyZh, &a.BodyEn,
		&a.SourceZh, &a.SourceEn, &a.SourceURL, &a.StartsOn, &a.EndsOn, &a.Version, &published, &a.UpdatedAt)
	if published.Valid {
		t := published.Time
		a.PublishedAt = &t
	}
	a.Phase = PhaseOn(s.today(), a.StartsOn, a.EndsOn)
	return a, err
}

func (s *Store) alert(ctx context.Context, q db.Querier, id int64) (Alert, error) {
	a, err := s.scanAlert(q.QueryRow(ctx, `SELECT `+alertColumns+` FROM alert WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.NotFound(fmt.Sprintf("alert %d", id))
	}
	return a, err
}

// Alert returns an alert with its history; a draft is found only when drafts is true.
func (s *Store) Alert(ctx context.Context, id int64, drafts bool) (Alert, error) {
	a, err := s.alert(ctx, s.db, id)
	if err != nil {
		return a, err
	}
	if a.State != StatePublished && !drafts {
		return Alert{}, apperr.NotFound(fmt.Sprintf("alert %d", id))
	}
	rows, err := s.db.Query(ctx, `SELECT version, state, level, area_zh, area_en, title_zh, title_en, starts_on, COALESCE(ends_on, ''),
		changed_by, note, created_at FROM alert_revision WHERE alert_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	a.History = []AlertRevision{}
	for rows.Next() {
		var r AlertRevision
		if err := rows.Scan(&r.Version, &r.State, &r.Level, &r.AreaZh, &r.AreaEn, &r.TitleZh, &r.TitleEn, &r.StartsOn, &r.EndsOn,
			&r.ChangedBy, &r.Note, &r.At); err != nil {
			return a, err
		}
		a.History = append(a.History, r)
	}
	return a, rows.Err()
}

// AlertFilter narrows ListAlerts.
type AlertFilter struct {
	Countries []string // only alerts for these countries (none: all)
	Phase     string   // upcoming, active or ended on today's date ("" for all)
	Drafts    bool     // include drafts (editors)
	Limit     int
	Offset    int
}

// ListAlerts returns a page of alerts, the highest level and the latest first, and how many match.
func (s *Store) ListAlerts(ctx context.Context, f AlertFilter) ([]Alert, int, error) {
	var v apperr.Validator
	v.Check(f.Phase == "" || f.Phase == PhaseActive || f.Phase == PhaseUpcoming || f.Phase == PhaseEnded, "phase", "error.bad_choice")
	for _, c := range f.Countries {
		v.Check(len(c) == 2, "country", "knowledge.unknown_country")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	where := []string{"($1 OR state = 'published')"}
	args := []any{f.Drafts}
	if len(f.Countries) > 0 {
		var marks []string
		for _, c := range f.Countries {
			args = append(args, normCode(c))
			marks = append(marks, "$"+strconv.Itoa(len(args)))
		}
		where = append(where, "country IN ("+strings.Join(marks, ",")+")")
	}
	if f.Phase != "" {
		args = append(args, s.today())
		d := "$" + strconv.Itoa(len(args))
		switch f.Phase {
		case PhaseUpcoming:
			where = append(where, "starts_on > "+d)
		case PhaseActive:
			where = append(where, "starts_on <= "+d+" AND (ends_on IS NULL OR ends_on >= "+d+")")
		case PhaseEnded:
			where = append(where, "ends_on < "+d)
		}
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM alert`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	n := len(args)
	rows, err := s.db.Query(ctx, `SELECT `+alertColumns+` FROM alert`+cond+fmt.Sprintf(` ORDER BY CASE level WHEN 'avoid' THEN 0
		WHEN 'reconsider' THEN 1 ELSE 2 END, starts_on DESC, id DESC LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Alert{}
	for rows.Next() {
		a, err := s.scanAlert(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// ActiveAlerts returns the published alerts in force today for any of countries.
func (s *Store) ActiveAlerts(ctx context.Context, countries []string) ([]Alert, error) {
	if len(countries) == 0 {
		return []Alert{}, nil
	}
	as, _, err := s.ListAlerts(ctx, AlertFilter{Countries: countries, Phase: PhaseActive, Limit: 100})
	return as, err
}

// record writes the alert's current state to its history, with the search document.
func (s *Store) recordAlert(ctx context.Context, tx *db.Tx, id int64, note, action string) (Alert, error) {
	a, err := s.alert(ctx, tx, id)
	if err != nil {
		return a, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO alert_revision (alert_id, version, state, level, area_zh, area_en, title_zh, title_en, body_zh,
		body_en, starts_on, ends_on, changed_by, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		a.ID, a.Version, a.State, a.Level, a.AreaZh, a.AreaEn, a.TitleZh, a.TitleEn, a.BodyZh, a.BodyEn, a.StartsOn, nullable(a.EndsOn),
		actor(ctx), strings.TrimSpace(note), s.now()); err != nil {
		return a, err
	}
	if err := s.index.Put(ctx, tx, alertDocument(a)); err != nil {
		return a, err
	}
	return a, s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.alert." + action, ObjectType: "alert", ObjectID: strconv.FormatInt(id, 10),
		Detail: map[string]any{"version": a.Version, "level": a.Level, "country": a.Country, "state": a.State}})
}

// CreateAlert adds an alert as a draft.
func (s *Store) CreateAlert(ctx context.Context, in AlertInput) (Alert, error) {
	if err := mayEdit(ctx); err != nil {
		return Alert{}, err
	}
	if err := s.validateAlert(ctx, &in); err != nil {
		return Alert{}, err
	}
	var out Alert
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO alert (state, country, area_zh, area_en, level, title_zh, title_en, body_zh, body_en,
			source_zh, source_en, source_url, starts_on, ends_on, created_at, updated_at)
			VALUES ('draft', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			in.Country, in.AreaZh, in.AreaEn, in.Level, in.TitleZh, in.TitleEn, in.BodyZh, in.BodyEn, in.SourceZh, in.SourceEn,
			in.SourceURL, in.StartsOn, nullable(in.EndsOn), s.now()).Scan(&id); err != nil {
			return err
		}
		var err error
		out, err = s.recordAlert(ctx, tx, id, in.Note, "create")
		return err
	})
	return out, err
}

// UpdateAlert changes an alert — its level, period, text — keeping the earlier state in the history.
// Editors change drafts; a published alert is changed by publishers only.
func (s *Store) UpdateAlert(ctx context.Context, id int64, version int, in AlertInput) (Alert, error) {
	if err := mayEdit(ctx); err != nil {
		return Alert{}, err
	}
	if err := s.validateAlert(ctx, &in); err != nil {
		return Alert{}, err
	}
	var out Alert
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		state, err := lockRow(ctx, tx, "alert", id, version)
		if err != nil {
			return err
		}
		if state == StatePublished {
			if err := mayPublish(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE alert SET country = $1, area_zh = $2, area_en = $3, level = $4, title_zh = $5, title_en = $6,
			body_zh = $7, body_en = $8, source_zh = $9, source_en = $10, source_url = $11, starts_on = $12, ends_on = $13,
			version = version + 1, updated_at = $14 WHERE id = $15`, in.Country, in.AreaZh, in.AreaEn, in.Level, in.TitleZh, in.TitleEn,
			in.BodyZh, in.BodyEn, in.SourceZh, in.SourceEn, in.SourceURL, in.StartsOn, nullable(in.EndsOn), s.now(), id); err != nil {
			return err
		}
		out, err = s.recordAlert(ctx, tx, id, in.Note, "update")
		return err
	})
	return out, err
}

// PublishAlert makes a draft alert public.
func (s *Store) PublishAlert(ctx context.Context, id int64, version int) (Alert, error) {
	return s.setAlertState(ctx, id, version, StateDraft, StatePublished, "publish")
}

// WithdrawAlert takes a published alert back to draft (published in error); an alert that no longer
// holds is ended by giving it an end date, so that it stays in the country's history.
func (s *Store) WithdrawAlert(ctx context.Context, id int64, version int) (Alert, error) {
	return s.setAlertState(ctx, id, version, StatePublished, StateDraft, "withdraw")
}

func (s *Store) setAlertState(ctx context.Context, id int64, version int, from, to, action string) (Alert, error) {
	if err := mayPublish(ctx); err != nil {
		return Alert{}, err
	}
	var out Alert
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := s.flipState(ctx, tx, "alert", id, version, from, to)
		if err != nil {
			return err
		}
		out, err = s.recordAlert(ctx, tx, id, "", action)
		return err
	})
	return out, err
}
