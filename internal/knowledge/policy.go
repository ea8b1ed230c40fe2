package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/network"
)

// The policy library's vocabularies, as data: the codes are stable, the names are in the catalogue
// under knowledge.<vocabulary>.<code>.
var (
	// IssuerKinds: who issued a policy.
	IssuerKinds = []string{"ministry", "city", "district", "sub_platform", "alliance"}
	// Levels: the administrative level the policy applies at.
	Levels = []string{"national", "municipal", "district"}
	// Categories: what kind of measure the policy is.
	Categories = []string{"guidance", "regulation", "funding", "facilitation", "service_system", "compliance", "safety"}
	// Sizes: enterprise size classes (统计上大中小微型企业划分办法).
	Sizes = []string{"large", "medium", "small", "micro"}
	// Ownerships: how an enterprise is owned.
	Ownerships = []string{"state_owned", "private", "foreign_invested", "hmt_invested", "collective", "mixed", "other"}
	// Statuses: what a published policy's dates make of it on a given day.
	Statuses = []string{StatusInForce, StatusPending, StatusExpired, StatusSuperseded}
)

// Policy statuses, derived from the dates and the successor.
const (
	StatusInForce    = "in_force"
	StatusPending    = "pending" // not yet in force
	StatusExpired    = "expired"
	StatusSuperseded = "superseded"
)

// Applicability says whom a policy is for. In each dimension any listed value matches; an empty
// dimension does not restrict. Industries are GB/T 4754 codes (a section letter, or a section and
// division such as C38); a section matches every division in it.
type Applicability struct {
	Districts  []string `json:"districts"`
	Industries []string `json:"industries"`
	Sizes      []string `json:"sizes"`
	Ownerships []string `json:"ownerships"`
	Countries  []string `json:"countries"`
	Topics     []string `json:"topics"`
}

// dimensions lists the applicability dimensions with their values, in the order reasons are given.
func (a Applicability) dimensions() []dimension {
	return []dimension{{DimDistrict, a.Districts}, {DimIndustry, a.Industries}, {DimSize, a.Sizes},
		{DimOwnership, a.Ownerships}, {DimCountry, a.Countries}, {DimTopic, a.Topics}}
}

type dimension struct {
	name   string
	values []string
}

// Applicability dimensions.
const (
	DimDistrict  = "district"
	DimIndustry  = "industry"
	DimSize      = "size"
	DimOwnership = "ownership"
	DimCountry   = "country"
	DimTopic     = "topic"
)

// PolicyInput is what an editor writes about a policy.
type PolicyInput struct {
	TitleZh      string        `json:"title_zh"`
	TitleEn      string        `json:"title_en"`
	DocNumber    string        `json:"doc_number"` // 文号
	IssuerKind   string        `json:"issuer_kind"`
	IssuerCode   string        `json:"issuer_code"` // e.g. mofcom, 310104 (a district's region code), lingang
	IssuerZh     string        `json:"issuer_zh"`
	IssuerEn     string        `json:"issuer_en"`
	Level        string        `json:"level"`
	Category     string        `json:"category"`
	IssuedOn     string        `json:"issued_on"`
	EffectiveOn  string        `json:"effective_on"`
	ExpiresOn    string        `json:"expires_on"`    // the last day in force, or "" for none
	SupersededBy int64         `json:"superseded_by"` // the policy that replaces this one, or 0
	Topics       []string      `json:"topics"`
	Applies      Applicability `json:"applies_to"`
	SummaryZh    string        `json:"summary_zh"` // Markdown
	SummaryEn    string        `json:"summary_en"`
	BodyZh       string        `json:"body_zh"` // Markdown: the full text
	BodyEn       string        `json:"body_en"`
	SourceURL    string        `json:"source_url"`
}

// PolicyRef names another policy (the one that superseded this, or those this superseded).
type PolicyRef struct {
	ID        int64  `json:"id"`
	TitleZh   string `json:"title_zh"`
	TitleEn   string `json:"title_en"`
	DocNumber string `json:"doc_number"`
}

// Policy is one entry of the policy library.
type Policy struct {
	ID    int64  `json:"id"`
	State string `json:"state"` // draft or published
	PolicyInput
	Status      string       `json:"status"` // on today's date; see StatusOn
	Successor   *PolicyRef   `json:"successor,omitempty"`
	Supersedes  []PolicyRef  `json:"supersedes"`
	Attachments []Attachment `json:"attachments"`
	Version     int          `json:"version"`
	PublishedAt *time.Time   `json:"published_at,omitempty"`
	UpdatedAt   time.Time    `json:"updated_at"`
	successorOn string       // the successor's effective date, when it is published
}

// StatusOn derives a policy's status on day (YYYY-MM-DD): not yet in force before its effective date;
// superseded once a published successor has taken effect; expired after its last day; in force
// otherwise. A successor that has not taken effect leaves the policy in force until it does.
func StatusOn(day, effectiveOn, expiresOn, successorEffectiveOn string) string {
	switch {
	case effectiveOn > day:
		return StatusPending
	case successorEffectiveOn != "" && successorEffectiveOn <= day:
		return StatusSuperseded
	case expiresOn != "" && expiresOn < day:
		return StatusExpired
	}
	return StatusInForce
}

// statusSQL is StatusOn in SQL over policy p and its successor s (LEFT JOIN), for day $n; the test
// TestStatusSQLAgreesWithStatusOn keeps the two the same.
func statusSQL(dayParam string) string {
	return `CASE WHEN p.effective_on > ` + dayParam + ` THEN 'pending'
		WHEN s.id IS NOT NULL AND s.state = 'published' AND s.effective_on <= ` + dayParam + ` THEN 'superseded'
		WHEN p.expires_on IS NOT NULL AND p.expires_on < ` + dayParam + ` THEN 'expired'
		ELSE 'in_force' END`
}

var (
	issuerCodePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$`)
	industryPattern   = regexp.MustCompile(`^[A-T]([0-9]{2})?$`)
)

// normalize trims and orders what can be normalised before validation.
func (in *PolicyInput) normalize() {
	for _, f := range []*string{&in.DocNumber, &in.IssuerKind, &in.IssuerCode, &in.Level, &in.Category, &in.IssuedOn,
		&in.EffectiveOn, &in.ExpiresOn, &in.SourceURL, &in.TitleZh, &in.TitleEn, &in.IssuerZh, &in.IssuerEn} {
		*f = strings.TrimSpace(*f)
	}
	clean := func(vs []string, upper bool) []string {
		out := []string{}
		for _, v := range vs {
			v = strings.TrimSpace(v)
			if upper {
				v = strings.ToUpper(v)
			}
			if v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		slices.Sort(out)
		return out
	}
	in.Topics = clean(in.Topics, false)
	a := &in.Applies
	a.Districts, a.Industries, a.Sizes = clean(a.Districts, false), clean(a.Industries, true), clean(a.Sizes, false)
	a.Ownerships, a.Countries, a.Topics = clean(a.Ownerships, false), clean(a.Countries, true), clean(a.Topics, false)
}

// validate checks a policy, naming every field at fault; self is the policy's own id (0 when new).
func (s *Store) validatePolicy(ctx context.Context, q db.Querier, in *PolicyInput, self int64) error {
	in.normalize()
	var v apperr.Validator
	text(&v, "title_zh", in.TitleZh, maxTitle, true)
	text(&v, "title_en", in.TitleEn, maxTitle, false)
	text(&v, "doc_number", in.DocNumber, 100, false)
	v.Check(slices.Contains(IssuerKinds, in.IssuerKind), "issuer_kind", "error.bad_choice")
	if !issuerCodePattern.MatchString(in.IssuerCode) {
		v.Add("issuer_code", "knowledge.bad_issuer_code")
	} else if in.IssuerKind == "district" {
		if err := s.region(ctx, &v, "issuer_code", in.IssuerCode, districtKind); err != nil {
			return err
		}
	}
	text(&v, "issuer_zh", in.IssuerZh, maxTitle, true)
	text(&v, "issuer_en", in.IssuerEn, maxTitle, false)
	v.Check(slices.Contains(Levels, in.Level), "level", "error.bad_choice")
	v.Check(slices.Contains(Categories, in.Category), "category", "error.bad_choice")
	issued := date(&v, "issued_on", in.IssuedOn, true)
	effective := date(&v, "effective_on", in.EffectiveOn, true)
	expires := date(&v, "expires_on", in.ExpiresOn, false)
	if issued && effective && in.EffectiveOn < in.IssuedOn {
		v.Add("effective_on", "knowledge.effective_before_issued")
	}
	if effective && expires && in.ExpiresOn < in.EffectiveOn {
		v.Add("expires_on", "knowledge.expires_before_effective")
	}
	text(&v, "summary_zh", in.SummaryZh, maxShort*4, false)
	text(&v, "summary_en", in.SummaryEn, maxShort*4, false)
	text(&v, "body_zh", in.BodyZh, maxBody, false)
	text(&v, "body_en", in.BodyEn, maxBody, false)
	link(&v, "source_url", in.SourceURL)
	topics, err := s.places.Topics(ctx)
	if err != nil {
		return err
	}
	knownTopic := func(code string) bool {
		return slices.ContainsFunc(topics, func(t network.Topic) bool { return t.Code == code })
	}
	for _, t := range in.Topics {
		v.Check(knownTopic(t), "topics", "knowledge.unknown_topic", "Code", t)
	}
	a := in.Applies
	for _, d := range a.Districts {
		if err := s.region(ctx, &v, "applies_to.districts", d, districtKind); err != nil {
			return err
		}
	}
	for _, c := range a.Countries {
		if err := s.region(ctx, &v, "applies_to.countries", c, countryKind); err != nil {
			return err
		}
	}
	for _, i := range a.Industries {
		v.Check(industryPattern.MatchString(i), "applies_to.industries", "knowledge.bad_industry", "Code", i)
	}
	for _, x := range a.Sizes {
		v.Check(slices.Contains(Sizes, x), "applies_to.sizes", "error.bad_choice")
	}
	for _, x := range a.Ownerships {
		v.Check(slices.Contains(Ownerships, x), "applies_to.ownerships", "error.bad_choice")
	}
	for _, t := range a.Topics {
		v.Check(knownTopic(t), "applies_to.topics", "knowledge.unknown_topic", "Code", t)
	}
	if in.SupersededBy != 0 {
		if err := s.checkSuccessor(ctx, q, &v, in.SupersededBy, self); err != nil {
			return err
		}
	}
	return v.Err()
}

// checkSuccessor checks that the policy superseding policy self exists and that following successors
// from it never comes back to self.
func (s *Store) checkSuccessor(ctx context.Context, q db.Querier, v *apperr.Validator, successor, self int64) error {
	if successor == self {
		v.Add("superseded_by", "knowledge.supersedes_itself")
		return nil
	}
	seen := map[int64]bool{}
	for id := successor; id != 0; {
		if id == self || seen[id] {
			v.Add("superseded_by", "knowledge.supersession_cycle")
			return nil
		}
		seen[id] = true
		var next sql.NullInt64
		err := q.QueryRow(ctx, `SELECT superseded_by FROM policy WHERE id = $1`, id).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			if id == successor {
				v.Add("superseded_by", "knowledge.unknown_policy")
				return nil
			}
			break
		}
		if err != nil {
			return err
		}
		id = next.Int64
	}
	return nil
}

const policyColumns = `p.id, p.state, p.title_zh, p.title_en, p.doc_number, p.issuer_kind, p.issuer_code, p.issuer_zh,
	p.issuer_en, p.level, p.category, p.issued_on, p.effective_on, COALESCE(p.expires_on, ''), COALESCE(p.superseded_by, 0),
	p.summary_zh, p.summary_en, p.body_zh, p.body_en, p.source_url, p.version, p.published_at, p.updated_at,
	COALESCE(s.title_zh, ''), COALESCE(s.title_en, ''), COALESCE(s.doc_number, ''), COALESCE(s.effective_on, ''), COALESCE(s.state, '')`

const policyFrom = ` FROM policy p LEFT JOIN policy s ON s.id = p.superseded_by`

func (s *Store) scanPolicy(row interface{ Scan(...any) error }) (Policy, error) {
	var p Policy
	var published sql.NullTime
	var sTitleZh, sTitleEn, sDoc, sEffective, sState string
	err := row.Scan(&p.ID, &p.State, &p.TitleZh, &p.TitleEn, &p.DocNumber, &p.IssuerKind, &p.IssuerCode, &p.IssuerZh, &p.IssuerEn,
		&p.Level, &p.Category, &p.IssuedOn, &p.EffectiveOn, &p.ExpiresOn, &p.SupersededBy, &p.SummaryZh, &p.SummaryEn, &p.BodyZh,
		&p.BodyEn, &p.SourceURL, &p.Version, &published, &p.UpdatedAt, &sTitleZh, &sTitleEn, &sDoc, &sEffective, &sState)
	if err != nil {
		return p, err
	}
	if published.Valid {
		t := published.Time
		p.PublishedAt = &t
	}
	if p.SupersededBy != 0 {
		p.Successor = &PolicyRef{ID: p.SupersededBy, TitleZh: sTitleZh, TitleEn: sTitleEn, DocNumber: sDoc}
		if sState == StatePublished {
			p.successorOn = sEffective
		}
	}
	p.Status = StatusOn(s.today(), p.EffectiveOn, p.ExpiresOn, p.successorOn)
	p.Topics, p.Supersedes, p.Attachments = []string{}, []PolicyRef{}, []Attachment{}
	p.Applies = Applicability{Districts: []string{}, Industries: []string{}, Sizes: []string{}, Ownerships: []string{},
		Countries: []string{}, Topics: []string{}}
	return p, nil
}

// policy reads one policy with its topics, applicability, predecessors and attachments.
func (s *Store) policy(ctx context.Context, q db.Querier, id int64) (Policy, error) {
	p, err := s.scanPolicy(q.QueryRow(ctx, `SELECT `+policyColumns+policyFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFound(fmt.Sprintf("policy %d", id))
	}
	if err != nil {
		return p, err
	}
	ps := []Policy{p}
	if err := s.loadPolicyParts(ctx, q, ps); err != nil {
		return p, err
	}
	p = ps[0]
	rows, err := q.Query(ctx, `SELECT id, title_zh, title_en, doc_number FROM policy WHERE superseded_by = $1 ORDER BY issued_on, id`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var r PolicyRef
		if err := rows.Scan(&r.ID, &r.TitleZh, &r.TitleEn, &r.DocNumber); err != nil {
			return p, err
		}
		p.Supersedes = append(p.Supersedes, r)
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	rows.Close()
	p.Attachments, err = s.attachments(ctx, q, id)
	return p, err
}

// loadPolicyParts fills the topics and applicability of ps.
func (s *Store) loadPolicyParts(ctx context.Context, q db.Querier, ps []Policy) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*Policy{}
	args := make([]any, len(ps))
	marks := make([]string, len(ps))
	for i := range ps {
		byID[ps[i].ID] = &ps[i]
		args[i] = ps[i].ID
		marks[i] = "$" + strconv.Itoa(i+1)
	}
	in := "(" + strings.Join(marks, ",") + ")"
	rows, err := q.Query(ctx, `SELECT policy_id, topic FROM policy_topic WHERE policy_id IN `+in+` ORDER BY topic`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			rows.Close()
			return err
		}
		byID[id].Topics = append(byID[id].Topics, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT policy_id, dimension, value FROM policy_applicability WHERE policy_id IN `+in+`
		ORDER BY dimension, value`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var dim, val string
		if err := rows.Scan(&id, &dim, &val); err != nil {
			return err
		}
		a := &byID[id].Applies
		switch dim {
		case DimDistrict:
			a.Districts = append(a.Districts, val)
		case DimIndustry:
			a.Industries = append(a.Industries, val)
		case DimSize:
			a.Sizes = append(a.Sizes, val)
		case DimOwnership:
			a.Ownerships = append(a.Ownerships, val)
		case DimCountry:
			a.Countries = append(a.Countries, val)
		case DimTopic:
			a.Topics = append(a.Topics, val)
		}
	}
	return rows.Err()
}

// Policy returns a policy. A draft is found only when drafts is true (the caller may edit).
func (s *Store) Policy(ctx context.Context, id int64, drafts bool) (Policy, error) {
	p, err := s.policy(ctx, s.db, id)
	if err != nil {
		return p, err
	}
	if p.State != StatePublished && !drafts {
		return Policy{}, apperr.NotFound(fmt.Sprintf("policy %d", id))
	}
	return p, nil
}

// PolicyFilter narrows ListPolicies; empty fields match everything.
type PolicyFilter struct {
	Status     string // one of Statuses, on today's date
	IssuerKind string
	Issuer     string // issuer code
	Level      string
	Category   string
	Topic      string
	Country    string // policies that apply to this target country
	District   string // policies that apply to this district
	Drafts     bool   // include drafts (editors)
	Limit      int
	Offset     int
}

// ListPolicies returns a page of policies, newest first, and how many match.
func (s *Store) ListPolicies(ctx context.Context, f PolicyFilter) ([]Policy, int, error) {
	var v apperr.Validator
	v.Check(f.Status == "" || slices.Contains(Statuses, f.Status), "status", "error.bad_choice")
	v.Check(f.IssuerKind == "" || slices.Contains(IssuerKinds, f.IssuerKind), "issuer_kind", "error.bad_choice")
	v.Check(f.Level == "" || slices.Contains(Levels, f.Level), "level", "error.bad_choice")
	v.Check(f.Category == "" || slices.Contains(Categories, f.Category), "category", "error.bad_choice")
	v.Check(len(f.Issuer) <= 40, "issuer", "error.bad_choice")
	v.Check(len(f.Topic) <= 40, "topic", "error.bad_choice")
	v.Check(f.Country == "" || len(f.Country) == 2, "country", "knowledge.unknown_country")
	v.Check(len(f.District) <= 16, "district", "knowledge.unknown_district")
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	where := []string{"($1 OR p.state = 'published')"}
	args := []any{f.Drafts}
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Status != "" {
		args = append(args, s.today())
		day := "$" + strconv.Itoa(len(args))
		add(statusSQL(day)+" = ?", f.Status)
	}
	if f.IssuerKind != "" {
		add("p.issuer_kind = ?", f.IssuerKind)
	}
	if f.Issuer != "" {
		add("p.issuer_code = ?", f.Issuer)
	}
	if f.Level != "" {
		add("p.level = ?", f.Level)
	}
	if f.Category != "" {
		add("p.category = ?", f.Category)
	}
	if f.Topic != "" {
		add("EXISTS (SELECT 1 FROM policy_topic t WHERE t.policy_id = p.id AND t.topic = ?)", f.Topic)
	}
	if f.Country != "" {
		add("EXISTS (SELECT 1 FROM policy_applicability a WHERE a.policy_id = p.id AND a.dimension = 'country' AND a.value = ?)", normCode(f.Country))
	}
	if f.District != "" {
		add("EXISTS (SELECT 1 FROM policy_applicability a WHERE a.policy_id = p.id AND a.dimension = 'district' AND a.value = ?)", f.District)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*)`+policyFrom+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	n := len(args)
	rows, err := s.db.Query(ctx, `SELECT `+policyColumns+policyFrom+cond+
		fmt.Sprintf(` ORDER BY p.issued_on DESC, p.id DESC LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Policy{}
	for rows.Next() {
		p, err := s.scanPolicy(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, s.loadPolicyParts(ctx, s.db, out)
}

// writePolicyParts replaces the topics and applicability of policy id.
func writePolicyParts(ctx context.Context, tx *db.Tx, id int64, in PolicyInput, now time.Time) error {
	for _, stmt := range []string{`DELETE FROM policy_topic WHERE policy_id = $1`, `DELETE FROM policy_applicability WHERE policy_id = $1`} {
		if _, err := tx.Exec(ctx, stmt, id); err != nil {
			return err
		}
	}
	for _, t := range in.Topics {
		if _, err := tx.Exec(ctx, `INSERT INTO policy_topic (policy_id, topic, created_at) VALUES ($1, $2, $3)`, id, t, now); err != nil {
			return err
		}
	}
	for _, d := range in.Applies.dimensions() {
		for _, val := range d.values {
			if _, err := tx.Exec(ctx, `INSERT INTO policy_applicability (policy_id, dimension, value, created_at) VALUES ($1, $2, $3, $4)`,
				id, d.name, val, now); err != nil {
				return err
			}
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullableID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreatePolicy adds a policy as a draft.
func (s *Store) CreatePolicy(ctx context.Context, in PolicyInput) (Policy, error) {
	if err := mayEdit(ctx); err != nil {
		return Policy{}, err
	}
	var out Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.validatePolicy(ctx, tx, &in, 0); err != nil {
			return err
		}
		now := s.now()
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO policy (state, title_zh, title_en, doc_number, issuer_kind, issuer_code, issuer_zh, issuer_en,
			level, category, issued_on, effective_on, expires_on, superseded_by, summary_zh, summary_en, body_zh, body_en, source_url,
			created_at, updated_at) VALUES ('draft', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
			RETURNING id`, in.TitleZh, in.TitleEn, in.DocNumber, in.IssuerKind, in.IssuerCode, in.IssuerZh, in.IssuerEn, in.Level,
			in.Category, in.IssuedOn, in.EffectiveOn, nullable(in.ExpiresOn), nullableID(in.SupersededBy), in.SummaryZh, in.SummaryEn,
			in.BodyZh, in.BodyEn, in.SourceURL, now).Scan(&id)
		if err != nil {
			return err
		}
		if err := writePolicyParts(ctx, tx, id, in, now); err != nil {
			return err
		}
		if out, err = s.reindexPolicy(ctx, tx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.policy.create", ObjectType: "policy", ObjectID: strconv.FormatInt(id, 10),
			Detail: map[string]any{"title_zh": in.TitleZh, "doc_number": in.DocNumber}})
	})
	return out, err
}

// reindexPolicy reads a policy back inside tx and writes its search document.
func (s *Store) reindexPolicy(ctx context.Context, tx *db.Tx, id int64) (Policy, error) {
	p, err := s.policy(ctx, tx, id)
	if err != nil {
		return p, err
	}
	return p, s.index.Put(ctx, tx, s.policyDocument(ctx, p))
}

// UpdatePolicy replaces a policy. Editors change drafts; a published policy is changed by publishers
// only, since the change is public at once.
func (s *Store) UpdatePolicy(ctx context.Context, id int64, version int, in PolicyInput) (Policy, error) {
	if err := mayEdit(ctx); err != nil {
		return Policy{}, err
	}
	var out Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		state, err := lockRow(ctx, tx, "policy", id, version)
		if err != nil {
			return err
		}
		if state == StatePublished {
			if err := mayPublish(ctx); err != nil {
				return err
			}
		}
		if err := s.validatePolicy(ctx, tx, &in, id); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE policy SET title_zh = $1, title_en = $2, doc_number = $3, issuer_kind = $4, issuer_code = $5,
			issuer_zh = $6, issuer_en = $7, level = $8, category = $9, issued_on = $10, effective_on = $11, expires_on = $12,
			superseded_by = $13, summary_zh = $14, summary_en = $15, body_zh = $16, body_en = $17, source_url = $18,
			version = version + 1, updated_at = $19 WHERE id = $20`, in.TitleZh, in.TitleEn, in.DocNumber, in.IssuerKind, in.IssuerCode,
			in.IssuerZh, in.IssuerEn, in.Level, in.Category, in.IssuedOn, in.EffectiveOn, nullable(in.ExpiresOn),
			nullableID(in.SupersededBy), in.SummaryZh, in.SummaryEn, in.BodyZh, in.BodyEn, in.SourceURL, now, id); err != nil {
			return err
		}
		if err := writePolicyParts(ctx, tx, id, in, now); err != nil {
			return err
		}
		if out, err = s.reindexPolicy(ctx, tx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.policy.update", ObjectType: "policy", ObjectID: strconv.FormatInt(id, 10),
			Detail: map[string]any{"version": out.Version, "title_zh": in.TitleZh}})
	})
	return out, err
}

// PublishPolicy makes a draft policy public; WithdrawPolicy takes a published one back to draft.
func (s *Store) PublishPolicy(ctx context.Context, id int64, version int) (Policy, error) {
	return s.setPolicyState(ctx, id, version, StateDraft, StatePublished, "publish")
}

// WithdrawPolicy takes a published policy back to draft (an entry published in error); a policy that
// has merely ended stays published and shows as expired or superseded.
func (s *Store) WithdrawPolicy(ctx context.Context, id int64, version int) (Policy, error) {
	return s.setPolicyState(ctx, id, version, StatePublished, StateDraft, "withdraw")
}

func (s *Store) setPolicyState(ctx context.Context, id int64, version int, from, to, action string) (Policy, error) {
	if err := mayPublish(ctx); err != nil {
		return Policy{}, err
	}
	var out Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := s.flipState(ctx, tx, "policy", id, version, from, to)
		if err != nil {
			return err
		}
		if out, err = s.reindexPolicy(ctx, tx, id); err != nil {
			return err
		}
		// A successor's change of state changes what its predecessors' pages and documents say.
		for _, prev := range out.Supersedes {
			if _, err := s.reindexPolicy(ctx, tx, prev.ID); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.policy." + action, ObjectType: "policy", ObjectID: strconv.FormatInt(id, 10)})
	})
	return out, err
}
