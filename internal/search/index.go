package search

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"chuhai/internal/db"
)

// Document is one record as the index sees it. The owner of the record fills it in; the index stores
// it as given.
type Document struct {
	Kind      string   // what the record is: "guide", "policy", "alert", "provider", later "course", "deal"
	Ref       string   // the record's key within its kind; (Kind, Ref) is unique
	TitleZh   string   // shown and searched
	TitleEn   string   // shown and searched
	Keywords  string   // searched with the title but never shown: aliases, pinyin, abbreviations
	BodyZh    string   // plain text (no markup), searched and quoted in snippets
	BodyEn    string   // plain text
	URL       string   // where a result links to: a path on this site
	Countries []string // ISO 3166-1 alpha-2 codes the record concerns; a facet and a filter
	Issuer    string   // who issued it, as a stable code; a facet and a filter
	IssuerZh  string   // the issuer's name, shown in the facet
	IssuerEn  string   // the issuer's name
	Draft     bool     // found only by searches that include drafts (editors')
	Dated     string   // YYYY-MM-DD shown with the result (published, issued, effective), or ""
}

// Index writes and searches documents.
type Index struct {
	db     *db.DB
	now    func() time.Time
	window int // see Window
}

// New returns the index over d.
func New(d *db.DB) *Index { return &Index{db: d, now: time.Now, window: Window} }

var (
	kindPattern    = regexp.MustCompile(`^[a-z]{1,32}$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
)

// MaxIssuerLen bounds an issuer code.
const MaxIssuerLen = 64

func (d *Document) check() error {
	switch {
	case !kindPattern.MatchString(d.Kind):
		return fmt.Errorf("search: bad document kind %q", d.Kind)
	case d.Ref == "" || len(d.Ref) > 128:
		return fmt.Errorf("search: bad document ref %q", d.Ref)
	case !strings.HasPrefix(d.URL, "/") || strings.HasPrefix(d.URL, "//"):
		return fmt.Errorf("search: document URL %q is not a path on this site", d.URL)
	case d.Dated != "" && !validDate(d.Dated):
		return fmt.Errorf("search: bad document date %q", d.Dated)
	case len(d.Issuer) > MaxIssuerLen:
		return fmt.Errorf("search: issuer code %q too long", d.Issuer)
	}
	for _, c := range d.Countries {
		if !countryPattern.MatchString(c) {
			return fmt.Errorf("search: bad country code %q", c)
		}
	}
	return nil
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// countryField stores codes between spaces (" VN TH "), so that a filter is one LIKE on both engines.
func countryField(codes []string) string {
	c := slices.Clone(codes)
	slices.Sort(c)
	c = slices.Compact(c)
	if len(c) == 0 {
		return " "
	}
	return " " + strings.Join(c, " ") + " "
}

// Meta terms: one per filter value, in the FTS5 meta column, never reachable from a query a person
// types (those are confined to the title and body columns). Each is letters and digits only.
func metaKind(kind string) string   { return "zk" + kind }
func metaCountry(c string) string   { return "zc" + strings.ToLower(c) }
func metaIssuer(code string) string { return "zi" + hex.EncodeToString([]byte(code)) }

const metaDraft = "zdraft"

func metaTerms(d Document) string {
	terms := []string{metaKind(d.Kind)}
	for _, c := range d.Countries {
		terms = append(terms, metaCountry(c))
	}
	if d.Issuer != "" {
		terms = append(terms, metaIssuer(d.Issuer))
	}
	if d.Draft {
		terms = append(terms, metaDraft)
	}
	return strings.Join(terms, " ")
}

// Put adds or replaces d inside tx, the transaction that writes the record d describes.
func (ix *Index) Put(ctx context.Context, tx *db.Tx, d Document) error {
	if err := d.check(); err != nil {
		return err
	}
	now := ix.now()
	titleText, bodyText := d.TitleZh+"\n"+d.TitleEn+"\n"+d.Keywords, d.BodyZh+"\n"+d.BodyEn
	title, body := indexText(titleText), indexText(bodyText)
	cols := `kind, ref, draft, issuer, countries, dated, url, issuer_zh, issuer_en, title_zh, title_en, created_at, updated_at`
	set := `draft = excluded.draft, issuer = excluded.issuer, countries = excluded.countries, dated = excluded.dated,
		url = excluded.url, issuer_zh = excluded.issuer_zh, issuer_en = excluded.issuer_en, title_zh = excluded.title_zh,
		title_en = excluded.title_en, updated_at = excluded.updated_at`
	args := []any{d.Kind, d.Ref, d.Draft, d.Issuer, countryField(d.Countries), d.Dated, d.URL, d.IssuerZh, d.IssuerEn,
		d.TitleZh, d.TitleEn, now, now}
	fail := func(err error) error { return fmt.Errorf("search: put %s %s: %w", d.Kind, d.Ref, err) }
	var id int64
	if tx.Dialect() == db.Postgres {
		err := tx.QueryRow(ctx, `INSERT INTO search_doc (`+cols+`, tsv, tsv_title)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,
				setweight(to_tsvector('simple', $14), 'A') || setweight(to_tsvector('simple', $15), 'B'), to_tsvector('simple', $14))
			ON CONFLICT (kind, ref) DO UPDATE SET `+set+`, tsv = excluded.tsv, tsv_title = excluded.tsv_title RETURNING id`,
			append(args, title, body)...).Scan(&id)
		if err != nil {
			return fail(err)
		}
	} else {
		err := tx.QueryRow(ctx, `INSERT INTO search_doc (`+cols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
			ON CONFLICT (kind, ref) DO UPDATE SET `+set+` RETURNING id`, args...).Scan(&id)
		if err != nil {
			return fail(err)
		}
		meta := metaTerms(d)
		for _, stmt := range []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM search_fts WHERE rowid = $1`, []any{id}},
			{`DELETE FROM search_title_fts WHERE rowid = $1`, []any{id}},
			{`INSERT INTO search_fts (rowid, title, body, meta, title3, body3) VALUES ($1, $2, $3, $4, $5, $6)`,
				[]any{id, title, body, meta, trigramText(titleText), trigramText(bodyText)}},
			{`INSERT INTO search_title_fts (rowid, title, meta) VALUES ($1, $2, $3)`, []any{id, title, meta}},
		} {
			if _, err := tx.Exec(ctx, stmt.sql, stmt.args...); err != nil {
				return fail(err)
			}
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO search_text (doc_id, body_zh, body_en, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (doc_id) DO UPDATE SET body_zh = excluded.body_zh, body_en = excluded.body_en, updated_at = excluded.updated_at`,
		id, d.BodyZh, d.BodyEn, now, now)
	if err != nil {
		return fail(err)
	}
	return nil
}

// Delete removes the document (kind, ref) inside tx; a document that is not there is no error.
func (ix *Index) Delete(ctx context.Context, tx *db.Tx, kind, ref string) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM search_doc WHERE kind = $1 AND ref = $2`, kind, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("search: delete %s %s: %w", kind, ref, err)
	}
	return ix.deleteIDs(ctx, tx, `id = $1`, id)
}

// deleteIDs removes the documents whose search_doc row matches where, from every table.
func (ix *Index) deleteIDs(ctx context.Context, tx *db.Tx, where string, arg any) error {
	var stmts []string
	if tx.Dialect() == db.SQLite {
		stmts = append(stmts,
			`DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE `+where+`)`,
			`DELETE FROM search_title_fts WHERE rowid IN (SELECT id FROM search_doc WHERE `+where+`)`)
	}
	stmts = append(stmts,
		`DELETE FROM search_text WHERE doc_id IN (SELECT id FROM search_doc WHERE `+where+`)`,
		`DELETE FROM search_doc WHERE `+where)
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s, arg); err != nil {
			return fmt.Errorf("search: delete: %w", err)
		}
	}
	return nil
}

// Source is a kind of content kept in the index: a domain package implements it so that its
// documents can be rebuilt from its own tables (after a change to the tokenizer, or when a kind is
// first indexed, as providers, courses and deals will be).
type Source interface {
	// Kind is the Document.Kind of every document the source yields.
	Kind() string
	// Documents calls yield with every document of the kind, reading through q (the rebuilding
	// transaction).
	Documents(ctx context.Context, q db.Querier, yield func(Document) error) error
}

// Rebuild replaces every document of src's kind with what src yields now, in one transaction, and
// returns how many there are.
func (ix *Index) Rebuild(ctx context.Context, src Source) (int, error) {
	n := 0
	err := ix.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		if err := ix.deleteIDs(ctx, tx, `kind = $1`, src.Kind()); err != nil {
			return err
		}
		// Collected first: PostgreSQL cannot write on a connection that is still reading rows.
		var docs []Document
		err := src.Documents(ctx, tx, func(d Document) error {
			if d.Kind != src.Kind() {
				return fmt.Errorf("search: source %s yielded a %s document", src.Kind(), d.Kind)
			}
			docs = append(docs, d)
			return nil
		})
		if err != nil {
			return err
		}
		for _, d := range docs {
			if err := ix.Put(ctx, tx, d); err != nil {
				return err
			}
		}
		n = len(docs)
		return nil
	})
	return n, err
}

// RebuildPending rebuilds every kind of sources if a migration has emptied the index (as adding the
// trigram columns did), and clears the request; it returns how many documents it indexed. A fresh
// database, or one already rebuilt, costs one small read.
func (ix *Index) RebuildPending(ctx context.Context, sources []Source) (int, error) {
	var pending bool
	err := ix.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM search_rebuild)`).Scan(&pending)
	if err != nil || !pending {
		return 0, err
	}
	n := 0
	for _, src := range sources {
		k, err := ix.Rebuild(ctx, src)
		if err != nil {
			return n, err
		}
		n += k
	}
	_, err = ix.db.Exec(ctx, `DELETE FROM search_rebuild`)
	return n, err
}
