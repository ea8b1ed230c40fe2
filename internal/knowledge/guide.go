package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Sections are the parts of every country guide, in order, as MOFCOM's country guides arrange them.
var Sections = []string{
	"overview",         // 概况
	"market_access",    // 市场准入与投资政策
	"tax",              // 税收
	"labour",           // 劳工与移民
	"foreign_exchange", // 外汇
	"law_disputes",     // 法律与争议解决
	"security",         // 安全与风险
	"chinese_presence", // 中资机构与联系方式（使领馆、12308）
}

// Revision states: a working copy is a draft or under review; a published revision is a version.
const (
	StateDraft     = "draft"
	StateReview    = "review"
	StatePublished = "published"
)

// SectionBody is one section's Markdown in both languages.
type SectionBody struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Source is where a guide's facts come from.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// GuideInput is what an editor writes.
type GuideInput struct {
	TitleZh    string                 `json:"title_zh"`
	TitleEn    string                 `json:"title_en"`
	SummaryZh  string                 `json:"summary_zh"`
	SummaryEn  string                 `json:"summary_en"`
	Keywords   string                 `json:"keywords"`    // search aliases, e.g. pinyin and short names
	ReviewedOn string                 `json:"reviewed_on"` // YYYY-MM-DD
	Sections   map[string]SectionBody `json:"sections"`    // keyed by the codes in Sections
	Sources    []Source               `json:"sources"`
	ChangeNote string                 `json:"change_note"` // what changed, for the version history
}

// Revision is a guide as of one edit: the working copy, or a published version.
type Revision struct {
	ID          int64      `json:"-"`
	Country     string     `json:"country"`
	State       string     `json:"state"`
	Number      int        `json:"number,omitempty"`  // the version number, once published
	Version     int        `json:"version,omitempty"` // the working copy's lock: send it back when saving
	TitleZh     string     `json:"title_zh"`
	TitleEn     string     `json:"title_en"`
	SummaryZh   string     `json:"summary_zh"`
	SummaryEn   string     `json:"summary_en"`
	Keywords    string     `json:"keywords"`
	ReviewedOn  string     `json:"reviewed_on"`
	ChangeNote  string     `json:"change_note"`
	ReviewNote  string     `json:"review_note,omitempty"`
	EditedBy    string     `json:"edited_by,omitempty"`
	SubmittedBy string     `json:"submitted_by,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Sections    []Section  `json:"sections"`
	Sources     []Source   `json:"sources"`
}

// Section is one section of a revision, in the order of Sections.
type Section struct {
	Key    string `json:"key"`
	BodyZh string `json:"body_zh"` // Markdown
	BodyEn string `json:"body_en"`
}

// Input returns the revision as an editor's input (to start a working copy from a published version).
func (r Revision) Input() GuideInput {
	in := GuideInput{TitleZh: r.TitleZh, TitleEn: r.TitleEn, SummaryZh: r.SummaryZh, SummaryEn: r.SummaryEn,
		Keywords: r.Keywords, ReviewedOn: r.ReviewedOn, Sources: slices.Clone(r.Sources), Sections: map[string]SectionBody{}}
	for _, s := range r.Sections {
		in.Sections[s.Key] = SectionBody{Zh: s.BodyZh, En: s.BodyEn}
	}
	return in
}

// GuideSummary is one line of the list of guides.
type GuideSummary struct {
	Country          string     `json:"country"`
	CountryZh        string     `json:"country_zh"`
	CountryEn        string     `json:"country_en"`
	TitleZh          string     `json:"title_zh"`
	TitleEn          string     `json:"title_en"`
	PublishedVersion int        `json:"published_version"` // 0: not published yet
	ReviewedOn       string     `json:"reviewed_on,omitempty"`
	PublishedAt      *time.Time `json:"published_at,omitempty"`
	Working          string     `json:"working,omitempty"` // editors only: draft or review when a working copy exists
}

// validate checks an editor's input. complete asks for what publishing needs: both languages of every
// section, and at least one source.
func (in *GuideInput) validate(complete bool) error {
	var v apperr.Validator
	in.ReviewedOn = strings.TrimSpace(in.ReviewedOn)
	text(&v, "title_zh", in.TitleZh, maxTitle, true)
	text(&v, "title_en", in.TitleEn, maxTitle, true)
	text(&v, "summary_zh", in.SummaryZh, maxShort, false)
	text(&v, "summary_en", in.SummaryEn, maxShort, false)
	text(&v, "keywords", in.Keywords, maxShort, false)
	text(&v, "change_note", in.ChangeNote, maxShort, false)
	date(&v, "reviewed_on", in.ReviewedOn, true)
	for key := range in.Sections {
		if !slices.Contains(Sections, key) {
			v.Add("sections."+key, "knowledge.unknown_section")
		}
	}
	for _, key := range Sections {
		b := in.Sections[key]
		text(&v, "sections."+key+".zh", b.Zh, maxSection, complete)
		text(&v, "sections."+key+".en", b.En, maxSection, complete)
	}
	if len(in.Sources) > maxSources {
		v.Add("sources", "knowledge.too_many_sources", "Max", maxSources)
	}
	if complete && len(in.Sources) == 0 {
		v.Add("sources", "knowledge.source_required")
	}
	for i, src := range in.Sources {
		f := fmt.Sprintf("sources.%d", i)
		text(&v, f+".title", src.Title, maxTitle, true)
		link(&v, f+".url", src.URL)
	}
	return v.Err()
}

// reviewedNotInFuture refuses a review date after today: a guide cannot have been checked tomorrow.
func (s *Store) reviewedNotInFuture(in GuideInput) error {
	if in.ReviewedOn > s.today() {
		return apperr.Invalid(apperr.F("reviewed_on", "knowledge.reviewed_in_future"))
	}
	return nil
}

const revisionColumns = `r.id, g.country, r.state, COALESCE(r.number, 0), r.version, r.title_zh, r.title_en, r.summary_zh,
	r.summary_en, r.keywords, r.reviewed_on, r.change_note, r.review_note, r.edited_by, r.submitted_by, r.published_by,
	r.published_at, r.updated_at`

func scanRevision(row interface{ Scan(...any) error }) (Revision, error) {
	var r Revision
	var published sql.NullTime
	err := row.Scan(&r.ID, &r.Country, &r.State, &r.Number, &r.Version, &r.TitleZh, &r.TitleEn, &r.SummaryZh, &r.SummaryEn,
		&r.Keywords, &r.ReviewedOn, &r.ChangeNote, &r.ReviewNote, &r.EditedBy, &r.SubmittedBy, &r.PublishedBy, &published, &r.UpdatedAt)
	if published.Valid {
		t := published.Time
		r.PublishedAt = &t
	}
	if r.State == StatePublished {
		r.Version = 0
	}
	return r, err
}

// loadParts fills a revision's sections (all of Sections, in order, empty where none was written) and
// sources.
func loadParts(ctx context.Context, q db.Querier, r *Revision) error {
	rows, err := q.Query(ctx, `SELECT section, body_zh, body_en FROM guide_section WHERE revision_id = $1`, r.ID)
	if err != nil {
		return err
	}
	bodies := map[string]SectionBody{}
	for rows.Next() {
		var k string
		var b SectionBody
		if err := rows.Scan(&k, &b.Zh, &b.En); err != nil {
			rows.Close()
			return err
		}
		bodies[k] = b
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	r.Sections = make([]Section, len(Sections))
	for i, k := range Sections {
		r.Sections[i] = Section{Key: k, BodyZh: bodies[k].Zh, BodyEn: bodies[k].En}
	}
	rows, err = q.Query(ctx, `SELECT title, url FROM guide_source WHERE revision_id = $1 ORDER BY position`, r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.Sources = []Source{}
	for rows.Next() {
		var src Source
		if err := rows.Scan(&src.Title, &src.URL); err != nil {
			return err
		}
		r.Sources = append(r.Sources, src)
	}
	return rows.Err()
}

func (s *Store) revision(ctx context.Context, q db.Querier, where string, args ...any) (Revision, error) {
	r, err := scanRevision(q.QueryRow(ctx, `SELECT `+revisionColumns+` FROM guide_revision r JOIN guide g ON g.id = r.guide_id
		WHERE `+where, args...))
	if err != nil {
		return r, err
	}
	return r, loadParts(ctx, q, &r)
}

// Guide returns the latest published version of a country's guide.
func (s *Store) Guide(ctx context.Context, country string) (Revision, error) {
	r, err := s.revision(ctx, s.db, `g.country = $1 AND r.state = 'published' AND r.number = g.published_version`, normCode(country))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFound("guide " + country)
	}
	return r, err
}

// GuideVersion returns version n of a country's guide.
func (s *Store) GuideVersion(ctx context.Context, country string, n int) (Revision, error) {
	r, err := s.revision(ctx, s.db, `g.country = $1 AND r.state = 'published' AND r.number = $2`, normCode(country), n)
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFound(fmt.Sprintf("guide %s version %d", country, n))
	}
	return r, err
}

// WorkingCopy returns the draft or the revision under review of a country's guide (editors only).
func (s *Store) WorkingCopy(ctx context.Context, country string) (Revision, error) {
	if err := mayEdit(ctx); err != nil {
		return Revision{}, err
	}
	return s.workingCopy(ctx, s.db, normCode(country))
}

func (s *Store) workingCopy(ctx context.Context, q db.Querier, country string) (Revision, error) {
	r, err := s.revision(ctx, q, `g.country = $1 AND r.state IN ('draft', 'review')`, country)
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFound("working copy of guide " + country)
	}
	return r, err
}

// GuideVersions lists the published versions of a guide, newest first, without their sections.
func (s *Store) GuideVersions(ctx context.Context, country string) ([]Revision, error) {
	rows, err := s.db.Query(ctx, `SELECT `+revisionColumns+` FROM guide_revision r JOIN guide g ON g.id = r.guide_id
		WHERE g.country = $1 AND r.state = 'published' ORDER BY r.number DESC`, normCode(country))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Revision{}
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListGuides lists the guides, by country code. Without working copies (the public list) it shows only
// published guides; with them (editors) it also shows guides that have never been published, and the
// state of each guide's working copy.
func (s *Store) ListGuides(ctx context.Context, withWorking bool) ([]GuideSummary, error) {
	q := `SELECT g.country, COALESCE(p.title_zh, w.title_zh, ''), COALESCE(p.title_en, w.title_en, ''), g.published_version,
		COALESCE(p.reviewed_on, ''), p.published_at, COALESCE(w.state, '')
		FROM guide g
		LEFT JOIN guide_revision p ON p.guide_id = g.id AND p.state = 'published' AND p.number = g.published_version
		LEFT JOIN guide_revision w ON w.guide_id = g.id AND w.state IN ('draft', 'review')
		WHERE $1 OR g.published_version > 0 ORDER BY g.country`
	rows, err := s.db.Query(ctx, q, withWorking)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []GuideSummary{}
	for rows.Next() {
		var g GuideSummary
		var published sql.NullTime
		if err := rows.Scan(&g.Country, &g.TitleZh, &g.TitleEn, &g.PublishedVersion, &g.ReviewedOn, &published, &g.Working); err != nil {
			return nil, err
		}
		if published.Valid {
			t := published.Time
			g.PublishedAt = &t
		}
		if !withWorking {
			g.Working = ""
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if r, err := s.places.RegionByCode(ctx, out[i].Country); err == nil {
			out[i].CountryZh, out[i].CountryEn = r.NameZh, r.NameEn
		}
	}
	return out, nil
}

// CreateGuide starts the guide of a country with a first draft.
func (s *Store) CreateGuide(ctx context.Context, country string, in GuideInput) (Revision, error) {
	if err := mayEdit(ctx); err != nil {
		return Revision{}, err
	}
	country = normCode(country)
	var v apperr.Validator
	if err := s.region(ctx, &v, "country", country, countryKind); err != nil {
		return Revision{}, err
	}
	if err := errors.Join(v.Err(), in.validate(false)); err != nil {
		return Revision{}, joinInvalid(err)
	}
	if err := s.reviewedNotInFuture(in); err != nil {
		return Revision{}, err
	}
	var out Revision
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var guideID int64
		err := tx.QueryRow(ctx, `INSERT INTO guide (country, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`, country, now).Scan(&guideID)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("country", "knowledge.guide_exists"))
		}
		if err != nil {
			return err
		}
		if out, err = s.insertWorkingCopy(ctx, tx, guideID, country, in); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.guide.create", ObjectType: "guide", ObjectID: country,
			Detail: map[string]any{"title_zh": in.TitleZh}})
	})
	return out, err
}

func (s *Store) insertWorkingCopy(ctx context.Context, tx *db.Tx, guideID int64, country string, in GuideInput) (Revision, error) {
	now := s.now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO guide_revision (guide_id, state, title_zh, title_en, summary_zh, summary_en, keywords,
		reviewed_on, change_note, edited_by, created_at, updated_at) VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		guideID, in.TitleZh, in.TitleEn, in.SummaryZh, in.SummaryEn, in.Keywords, in.ReviewedOn, in.ChangeNote, actor(ctx), now).Scan(&id)
	if db.IsUniqueViolation(err) {
		return Revision{}, apperr.ErrConflict // someone else started a working copy at the same moment
	}
	if err != nil {
		return Revision{}, err
	}
	if err := writeParts(ctx, tx, id, in, now); err != nil {
		return Revision{}, err
	}
	return s.afterWorkingCopyChange(ctx, tx, country)
}

func writeParts(ctx context.Context, tx *db.Tx, revisionID int64, in GuideInput, now time.Time) error {
	for _, stmt := range []string{`DELETE FROM guide_section WHERE revision_id = $1`, `DELETE FROM guide_source WHERE revision_id = $1`} {
		if _, err := tx.Exec(ctx, stmt, revisionID); err != nil {
			return err
		}
	}
	for _, key := range Sections {
		b, ok := in.Sections[key]
		if !ok {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO guide_section (revision_id, section, body_zh, body_en, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5)`, revisionID, key, b.Zh, b.En, now); err != nil {
			return err
		}
	}
	for i, src := range in.Sources {
		if _, err := tx.Exec(ctx, `INSERT INTO guide_source (revision_id, position, title, url, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5)`, revisionID, i, strings.TrimSpace(src.Title), strings.TrimSpace(src.URL), now); err != nil {
			return err
		}
	}
	return nil
}

// afterWorkingCopyChange reads the working copy back and keeps its draft document in the index.
func (s *Store) afterWorkingCopyChange(ctx context.Context, tx *db.Tx, country string) (Revision, error) {
	r, err := s.workingCopy(ctx, tx, country)
	if err != nil {
		return r, err
	}
	return r, s.index.Put(ctx, tx, s.guideDocument(ctx, r, true))
}

// guideID returns the id of a country's guide inside tx, locking its row on PostgreSQL so that two
// publishers never number the same version.
func guideID(ctx context.Context, tx *db.Tx, country string) (int64, int, error) {
	lock := ""
	if tx.Dialect() == db.Postgres {
		lock = " FOR UPDATE"
	}
	var id int64
	var published int
	err := tx.QueryRow(ctx, `SELECT id, published_version FROM guide WHERE country = $1`+lock, country).Scan(&id, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, apperr.NotFound("guide " + country)
	}
	return id, published, err
}

// SaveDraft writes the working copy of a guide. version is the working copy's version as read, or 0
// to start a new working copy (typically from the published version's text); a stale version, or a
// working copy under review, is a conflict.
func (s *Store) SaveDraft(ctx context.Context, country string, version int, in GuideInput) (Revision, error) {
	if err := mayEdit(ctx); err != nil {
		return Revision{}, err
	}
	country = normCode(country)
	if err := in.validate(false); err != nil {
		return Revision{}, err
	}
	if err := s.reviewedNotInFuture(in); err != nil {
		return Revision{}, err
	}
	var out Revision
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		gid, _, err := guideID(ctx, tx, country)
		if err != nil {
			return err
		}
		if version == 0 {
			if out, err = s.insertWorkingCopy(ctx, tx, gid, country, in); err != nil {
				return err
			}
		} else {
			var id int64
			var state string
			err := tx.QueryRow(ctx, `SELECT id, state FROM guide_revision WHERE guide_id = $1 AND state IN ('draft', 'review') AND version = $2`,
				gid, version).Scan(&id, &state)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.ErrConflict
			}
			if err != nil {
				return err
			}
			if state != StateDraft {
				return apperr.New(apperr.KindConflict, "knowledge.guide_in_review")
			}
			now := s.now()
			if _, err := tx.Exec(ctx, `UPDATE guide_revision SET title_zh = $1, title_en = $2, summary_zh = $3, summary_en = $4,
				keywords = $5, reviewed_on = $6, change_note = $7, edited_by = $8, version = version + 1, updated_at = $9 WHERE id = $10`,
				in.TitleZh, in.TitleEn, in.SummaryZh, in.SummaryEn, in.Keywords, in.ReviewedOn, in.ChangeNote, actor(ctx), now, id); err != nil {
				return err
			}
			if err := writeParts(ctx, tx, id, in, now); err != nil {
				return err
			}
			if out, err = s.afterWorkingCopyChange(ctx, tx, country); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.guide.save_draft", ObjectType: "guide", ObjectID: country,
			Detail: map[string]any{"version": out.Version, "change_note": in.ChangeNote}})
	})
	return out, err
}

// transition moves the working copy of a guide from one state to another, checking its version.
func (s *Store) transition(ctx context.Context, country string, version int, from, action string, fn func(tx *db.Tx, r Revision) error) (Revision, error) {
	country = normCode(country)
	var out Revision
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, _, err := guideID(ctx, tx, country); err != nil {
			return err
		}
		r, err := s.workingCopy(ctx, tx, country)
		if err != nil {
			return err
		}
		if r.Version != version {
			return apperr.ErrConflict
		}
		if r.State != from {
			return apperr.New(apperr.KindConflict, "knowledge.guide_not_"+from)
		}
		if err := fn(tx, r); err != nil {
			return err
		}
		if out, err = s.revision(ctx, tx, `r.id = $1`, r.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.guide." + action, ObjectType: "guide", ObjectID: country,
			Detail: map[string]any{"revision": r.ID, "number": out.Number, "note": out.ReviewNote}})
	})
	return out, err
}

// SubmitGuide sends the draft for review. It must be complete: every section in both languages and
// at least one source.
func (s *Store) SubmitGuide(ctx context.Context, country string, version int) (Revision, error) {
	if err := mayEdit(ctx); err != nil {
		return Revision{}, err
	}
	return s.transition(ctx, country, version, StateDraft, "submit", func(tx *db.Tx, r Revision) error {
		in := r.Input()
		if err := in.validate(true); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE guide_revision SET state = 'review', submitted_by = $1, review_note = '',
			version = version + 1, updated_at = $2 WHERE id = $3`, actor(ctx), s.now(), r.ID); err != nil {
			return err
		}
		return nil
	})
}

// ReturnGuide sends the revision under review back to its editors with the reviewer's note.
func (s *Store) ReturnGuide(ctx context.Context, country string, version int, note string) (Revision, error) {
	if err := mayPublish(ctx); err != nil {
		return Revision{}, err
	}
	var v apperr.Validator
	text(&v, "review_note", note, maxShort, true)
	if err := v.Err(); err != nil {
		return Revision{}, err
	}
	return s.transition(ctx, country, version, StateReview, "return", func(tx *db.Tx, r Revision) error {
		_, err := tx.Exec(ctx, `UPDATE guide_revision SET state = 'draft', review_note = $1, version = version + 1, updated_at = $2
			WHERE id = $3`, strings.TrimSpace(note), s.now(), r.ID)
		return err
	})
}

// PublishGuide publishes the revision under review as the guide's next version: readers see it from
// now on, the earlier versions stay readable, and the working copy is gone.
func (s *Store) PublishGuide(ctx context.Context, country string, version int) (Revision, error) {
	if err := mayPublish(ctx); err != nil {
		return Revision{}, err
	}
	return s.transition(ctx, country, version, StateReview, "publish", func(tx *db.Tx, r Revision) error {
		in := r.Input()
		if err := in.validate(true); err != nil {
			return err
		}
		gid, published, err := guideID(ctx, tx, r.Country)
		if err != nil {
			return err
		}
		now := s.now()
		n := published + 1
		if _, err := tx.Exec(ctx, `UPDATE guide_revision SET state = 'published', number = $1, published_by = $2, published_at = $3,
			updated_at = $3 WHERE id = $4`, n, actor(ctx), now, r.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE guide SET published_version = $1, updated_at = $2 WHERE id = $3`, n, now, gid); err != nil {
			return err
		}
		r.State, r.Number, r.PublishedAt = StatePublished, n, &now
		if err := s.index.Put(ctx, tx, s.guideDocument(ctx, r, false)); err != nil {
			return err
		}
		return s.index.Delete(ctx, tx, "guide", draftRef(r.Country))
	})
}

// DiscardDraft throws the working copy away; the published versions are untouched.
func (s *Store) DiscardDraft(ctx context.Context, country string, version int) error {
	if err := mayEdit(ctx); err != nil {
		return err
	}
	country = normCode(country)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		gid, _, err := guideID(ctx, tx, country)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM guide_revision WHERE guide_id = $1 AND state = 'draft' AND version = $2`, gid, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.ErrConflict
		}
		if err := s.index.Delete(ctx, tx, "guide", draftRef(country)); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.guide.discard_draft", ObjectType: "guide", ObjectID: country})
	})
}

// joinInvalid merges several validation failures into one error with all their fields.
func joinInvalid(err error) error {
	var fields []apperr.Field
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, e := range list {
		ae, ok := apperr.As(e)
		if !ok || ae.Kind != apperr.KindInvalid {
			return err
		}
		fields = append(fields, ae.Fields...)
	}
	return apperr.Invalid(fields...)
}
