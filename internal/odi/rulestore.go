package odi

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// RulesRecord is the rules in force and where they come from.
type RulesRecord struct {
	Rules Rules `json:"rules"`
	// Version counts the saves; 0 means nobody has edited the built-in defaults. Send it back with
	// an edit: a save over a newer version is refused.
	Version int        `json:"version"`
	Default bool       `json:"default"` // the built-in defaults are in force
	SavedBy string     `json:"saved_by,omitempty"`
	SavedAt *time.Time `json:"saved_at,omitempty"`
}

// RulesVersion is one save in the history of the rules.
type RulesVersion struct {
	Version int       `json:"version"`
	Default bool      `json:"default"`
	SavedBy string    `json:"saved_by"`
	SavedAt time.Time `json:"saved_at"`
}

// CurrentRules returns the rules in force: the latest save, or the built-in defaults.
func (s *Store) CurrentRules(ctx context.Context) (RulesRecord, error) {
	return currentRules(ctx, s.db)
}

func currentRules(ctx context.Context, q db.Querier) (RulesRecord, error) {
	var rec RulesRecord
	var body string
	var at time.Time
	err := q.QueryRow(ctx, `SELECT version, rules, saved_by, created_at FROM odi_rules ORDER BY version DESC LIMIT 1`).
		Scan(&rec.Version, &body, &rec.SavedBy, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return RulesRecord{Rules: DefaultRules(), Default: true}, nil
	case err != nil:
		return rec, fmt.Errorf("current odi rules: %w", err)
	}
	rec.SavedAt = &at
	rec.Rules, rec.Default, err = decodeRules(body)
	return rec, err
}

// decodeRules reads a stored save over the defaults, so a field added to Rules after the save keeps
// its default rather than reading as zero.
func decodeRules(body string) (Rules, bool, error) {
	r := DefaultRules()
	if body == "" {
		return r, true, nil
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return r, false, fmt.Errorf("stored odi rules: %w", err)
	}
	return r, false, nil
}

// RulesHistory lists the saves, newest first (at most limit).
func (s *Store) RulesHistory(ctx context.Context, limit int) ([]RulesVersion, error) {
	rows, err := s.db.Query(ctx, `SELECT version, rules = '', saved_by, created_at FROM odi_rules ORDER BY version DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("odi rules history: %w", err)
	}
	defer rows.Close()
	var out []RulesVersion
	for rows.Next() {
		var v RulesVersion
		if err := rows.Scan(&v.Version, &v.Default, &v.SavedBy, &v.SavedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// mayEditRules: city coordinators and system administrators, or an operator at the command line.
func mayEditRules(ctx context.Context) error {
	if p := auth.From(ctx); p != nil && !p.CityWide() {
		return apperr.ErrForbidden
	}
	return nil
}

// SaveRules replaces the rules in force with r, which ValidateRules must accept. version is the
// version the editor read; a save in between makes this one a conflict.
func (s *Store) SaveRules(ctx context.Context, version int, r Rules) (RulesRecord, error) {
	if err := mayEditRules(ctx); err != nil {
		return RulesRecord{}, err
	}
	if err := ValidateRules(r); err != nil {
		return RulesRecord{}, err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return RulesRecord{}, err
	}
	return s.storeRules(ctx, version, string(body), r)
}

// ResetRules puts the built-in defaults back in force (as a new version, so the history keeps what
// was there).
func (s *Store) ResetRules(ctx context.Context, version int) (RulesRecord, error) {
	if err := mayEditRules(ctx); err != nil {
		return RulesRecord{}, err
	}
	return s.storeRules(ctx, version, "", DefaultRules())
}

// EditRules applies edit to the rules of version and saves them: the way the coordinators' page
// adds or removes one list entry. An error from edit is returned and nothing is saved.
func (s *Store) EditRules(ctx context.Context, version int, edit func(*Rules) error) (RulesRecord, error) {
	if err := mayEditRules(ctx); err != nil {
		return RulesRecord{}, err
	}
	cur, err := s.CurrentRules(ctx)
	if err != nil {
		return cur, err
	}
	if cur.Version != version {
		return cur, apperr.ErrConflict
	}
	if err := edit(&cur.Rules); err != nil {
		return cur, err
	}
	return s.SaveRules(ctx, version, cur.Rules)
}

func (s *Store) storeRules(ctx context.Context, version int, body string, r Rules) (RulesRecord, error) {
	now := s.now().UTC()
	login := audit.MetaFrom(ctx).ActorLogin
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return apperr.ErrConflict
		}
		if _, err := tx.Exec(ctx, `INSERT INTO odi_rules (version, rules, saved_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
			version+1, body, login, now); err != nil {
			if db.IsUniqueViolation(err) {
				return apperr.ErrConflict
			}
			return fmt.Errorf("save odi rules: %w", err)
		}
		detail := rulesDiff(cur.Rules, r)
		detail["version"] = version + 1
		action := "odi.rules.save"
		if body == "" {
			action = "odi.rules.reset"
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "odi_rules", ObjectID: strconv.Itoa(version + 1), Detail: detail})
	})
	if err != nil {
		return RulesRecord{}, err
	}
	return RulesRecord{Rules: r, Version: version + 1, Default: body == "", SavedBy: login, SavedAt: &now}, nil
}

// rulesDiff says what an edit changed, for the audit log: list entries added and removed, and the
// names of the other parts that changed.
func rulesDiff(old, cur Rules) map[string]any {
	d := map[string]any{}
	countries := func(s Sensitivity) []string {
		out := make([]string, len(s.Countries))
		for i, c := range s.Countries {
			out[i] = c.Code + ":" + c.Reason
		}
		return out
	}
	industries := func(s Sensitivity) []string {
		out := make([]string, len(s.Industries))
		for i, in := range s.Industries {
			out[i] = in.Division + ":" + in.Category + ":" + in.Scope
		}
		return out
	}
	for _, l := range []struct {
		name     string
		old, cur []string
	}{
		{"ndrc.countries", countries(old.NDRC), countries(cur.NDRC)}, {"ndrc.industries", industries(old.NDRC), industries(cur.NDRC)},
		{"mofcom.countries", countries(old.MOFCOM), countries(cur.MOFCOM)}, {"mofcom.industries", industries(old.MOFCOM), industries(cur.MOFCOM)},
	} {
		var added, removed []string
		for _, x := range l.cur {
			if !slices.Contains(l.old, x) {
				added = append(added, x)
			}
		}
		for _, x := range l.old {
			if !slices.Contains(l.cur, x) {
				removed = append(removed, x)
			}
		}
		if len(added) > 0 {
			d[l.name+".added"] = added
		}
		if len(removed) > 0 {
			d[l.name+".removed"] = removed
		}
	}
	if old.ThresholdUSD != cur.ThresholdUSD {
		d["threshold_usd_cents"] = []int64{int64(old.ThresholdUSD), int64(cur.ThresholdUSD)}
	}
	if old.NearThresholdBP != cur.NearThresholdBP {
		d["near_threshold_bp"] = []int64{old.NearThresholdBP, cur.NearThresholdBP}
	}
	if old.CNYPerUSDE4 != cur.CNYPerUSDE4 {
		d["cny_per_usd_e4"] = []int64{old.CNYPerUSDE4, cur.CNYPerUSDE4}
	}
	if old.TimeLimits != cur.TimeLimits {
		d["time_limits"] = map[string]TimeLimits{"from": old.TimeLimits, "to": cur.TimeLimits}
	}
	if !slices.Equal(old.Documents, cur.Documents) {
		d["documents_changed"] = true
	}
	oj, _ := json.Marshal(old.Checklists)
	cj, _ := json.Marshal(cur.Checklists)
	if string(oj) != string(cj) {
		d["checklists_changed"] = true
	}
	return d
}
