package search

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// EnvBench turns the search benchmark on and says how many documents to generate (e.g. 100000). It is
// off by default: building the corpus on four engines takes many minutes, so it is run by hand.
const EnvBench = "CHUHAI_SEARCH_BENCH"

// envBenchQueries overrides how many queries of each class are timed (default 200; the baselines,
// which may scan the whole table for one query, time a tenth as many, at least ten).
const envBenchQueries = "CHUHAI_SEARCH_BENCH_QUERIES"

// TestSearchLatency builds one generated corpus (documents of 500–5,000 Chinese characters) into
// chuhai's index on SQLite and, when CHUHAI_TEST_POSTGRES is set, on PostgreSQL; and the same text into
// SQLite FTS5 with the trigram tokenizer and into a PostgreSQL table with a pg_trgm GIN index. It then
// times 2-, 4- and 8-character queries and two-term queries on each and prints p50 and p99 side by
// side, with the ratio of each baseline to chuhai on the same engine.
//
// chuhai's figure is the whole search a reader waits for: the ranked first page of 20, the total, the
// facets and the highlighted snippets. A baseline's is less work: the first 20 matches (ranked by
// FTS5's bm25 for trigram; pg_trgm has no rank) and the total.
func TestSearchLatency(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv(EnvBench))
	if n <= 0 {
		t.Skip("set " + EnvBench + "=100000 to build the benchmark corpus and time the queries (takes many minutes)")
	}
	perClass := 200
	if q, _ := strconv.Atoi(os.Getenv(envBenchQueries)); q > 0 {
		perClass = q
	}
	ctx := context.Background()
	start := time.Now()
	c := newCorpus(1)
	type doc struct{ title, body string }
	docs := make([]doc, n)
	chars := 0
	for i := range docs {
		docs[i].title, docs[i].body = c.document(500, 5000)
		chars += len([]rune(docs[i].body))
	}
	t.Logf("generated %d documents, %d characters (%.0f per document) in %s", n, chars, float64(chars)/float64(n), time.Since(start).Round(time.Second))
	queries := benchQueries(c, docs2texts(docs, func(d doc) string { return d.body }), perClass)

	var engines []engine
	// chuhai on SQLite.
	{
		d := dbtest.Open(t, db.SQLite, Module)
		ix := New(d)
		load(t, "chuhai/SQLite", n, func(from, to int) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				for i := from; i < to; i++ {
					if err := ix.Put(ctx, tx, Document{Kind: "policy", Ref: strconv.Itoa(i), TitleZh: docs[i].title,
						BodyZh: docs[i].body, URL: "/p/" + strconv.Itoa(i)}); err != nil {
						return err
					}
				}
				return nil
			})
		})
		optimize(t, d.Writer(), `INSERT INTO search_fts(search_fts) VALUES ('optimize')`)
		engines = append(engines, chuhaiEngine("chuhai SQLite", ix))
	}
	// SQLite FTS5 trigram on the same text.
	{
		w := openSQLiteFile(t, "trigram.db")
		mustExec(t, w, `CREATE VIRTUAL TABLE doc USING fts5(title, body, tokenize = 'trigram')`)
		load(t, "FTS5 trigram", n, func(from, to int) error {
			return inTx(w, func(tx *sql.Tx) error {
				for i := from; i < to; i++ {
					if _, err := tx.Exec(`INSERT INTO doc (rowid, title, body) VALUES (?, ?, ?)`, i+1, docs[i].title, docs[i].body); err != nil {
						return err
					}
				}
				return nil
			})
		})
		optimize(t, w, `INSERT INTO doc(doc) VALUES ('optimize')`)
		engines = append(engines, engine{name: "FTS5 trigram", baselineOf: "chuhai SQLite", scans: true, run: func(q string) (int, error) {
			return trigramQuery(w, q)
		}})
	}
	if os.Getenv(dbtest.EnvPostgres) != "" {
		d := dbtest.Open(t, db.Postgres, Module)
		ix := New(d)
		load(t, "chuhai/PostgreSQL", n, func(from, to int) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				for i := from; i < to; i++ {
					if err := ix.Put(ctx, tx, Document{Kind: "policy", Ref: strconv.Itoa(i), TitleZh: docs[i].title,
						BodyZh: docs[i].body, URL: "/p/" + strconv.Itoa(i)}); err != nil {
						return err
					}
				}
				return nil
			})
		})
		optimize(t, d.Writer(), `VACUUM ANALYZE search_doc`)
		engines = append(engines, chuhaiEngine("chuhai PostgreSQL", ix))

		p := openPostgresSchema(t)
		trgm := pgTrgmSchema(t, p)
		mustExec(t, p, `CREATE TABLE doc (id BIGINT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)`)
		load(t, "pg_trgm", n, func(from, to int) error {
			return inTx(p, func(tx *sql.Tx) error {
				for i := from; i < to; i++ {
					if _, err := tx.Exec(`INSERT INTO doc (id, title, body) VALUES ($1, $2, $3)`, i+1, docs[i].title, docs[i].body); err != nil {
						return err
					}
				}
				return nil
			})
		})
		began := time.Now()
		mustExec(t, p, `CREATE INDEX doc_body_trgm ON doc USING gin (body `+trgm+`.gin_trgm_ops)`)
		mustExec(t, p, `VACUUM ANALYZE doc`)
		t.Logf("pg_trgm: GIN index built in %s", time.Since(began).Round(time.Second))
		engines = append(engines, engine{name: "pg_trgm ILIKE", baselineOf: "chuhai PostgreSQL", scans: true, run: func(q string) (int, error) {
			return trgmQuery(p, q)
		}})
	}

	report(t, engines, queries)
}

// queryClass is a kind of query with its sample.
type queryClass struct {
	name    string
	queries []string
}

func docs2texts[T any](docs []T, text func(T) string) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = text(d)
	}
	return out
}

// benchQueries draws the query sample. Two-character queries are vocabulary words drawn with the
// corpus's own frequencies (people search common words most); 4- and 8-character queries are cut from
// random documents at random places (Han characters only), so each occurs somewhere; two-term queries
// are two two-character words.
func benchQueries(c *corpus, texts []string, per int) []queryClass {
	word := func(n int) string {
		for {
			if w := c.word(); len([]rune(w)) == n {
				return w
			}
		}
	}
	cut := func(n int) string {
		for {
			rs := []rune(texts[c.rng.IntN(len(texts))])
			at := c.rng.IntN(len(rs) - n)
			q := rs[at : at+n]
			if !slices.ContainsFunc(q, func(r rune) bool { return !ideographic(r) }) {
				return string(q)
			}
		}
	}
	classes := []queryClass{{name: "2 characters"}, {name: "4 characters"}, {name: "8 characters"}, {name: "two terms"}}
	for range per {
		classes[0].queries = append(classes[0].queries, word(2))
		classes[1].queries = append(classes[1].queries, cut(4))
		classes[2].queries = append(classes[2].queries, cut(8))
		classes[3].queries = append(classes[3].queries, word(2)+" "+word(2))
	}
	return classes
}

// engine is one index under test.
type engine struct {
	name       string
	baselineOf string // the chuhai engine it is compared with
	scans      bool   // may scan the whole table: time fewer queries
	run        func(q string) (hits int, err error)
}

func chuhaiEngine(name string, ix *Index) engine {
	return engine{name: name, run: func(q string) (int, error) {
		res, err := ix.Search(context.Background(), Request{Q: q, PerPage: 20})
		return res.Total, err
	}}
}

// trigramQuery asks FTS5's trigram index for each term; a term under three characters cannot be a
// trigram query (MATCH finds nothing), so it becomes LIKE, which the trigram table answers by scanning.
func trigramQuery(w *sql.DB, q string) (int, error) {
	var conds []string
	var args []any
	for _, term := range strings.Fields(q) {
		if len([]rune(term)) >= 3 {
			conds = append(conds, `doc MATCH ?`)
			args = append(args, `"`+term+`"`)
		} else {
			conds = append(conds, `body LIKE ?`)
			args = append(args, "%"+term+"%")
		}
	}
	where := strings.Join(conds, " AND ")
	var total int
	if err := w.QueryRow(`SELECT count(*) FROM doc WHERE `+where, args...).Scan(&total); err != nil {
		return 0, err
	}
	rows, err := w.Query(`SELECT rowid FROM doc WHERE `+where+` ORDER BY rank LIMIT 20`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return total, rows.Err()
}

// trgmQuery is the usual PostgreSQL substring search: ILIKE '%term%' for each term, which pg_trgm's
// GIN index answers for terms of three characters or more.
func trgmQuery(p *sql.DB, q string) (int, error) {
	var conds []string
	var args []any
	for i, term := range strings.Fields(q) {
		conds = append(conds, fmt.Sprintf(`body ILIKE $%d`, i+1))
		args = append(args, "%"+term+"%")
	}
	where := strings.Join(conds, " AND ")
	var total int
	if err := p.QueryRow(`SELECT count(*) FROM doc WHERE `+where, args...).Scan(&total); err != nil {
		return 0, err
	}
	rows, err := p.Query(`SELECT id FROM doc WHERE `+where+` ORDER BY id LIMIT 20`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return total, rows.Err()
}

// report times every query class on every engine (after one untimed pass that warms the caches) and
// prints the table.
func report(t *testing.T, engines []engine, classes []queryClass) {
	type result struct{ p50, p99, hits float64 }
	results := map[string]map[string]result{}
	for _, e := range engines {
		results[e.name] = map[string]result{}
		for _, cl := range classes {
			qs := cl.queries
			if e.scans {
				qs = qs[:min(len(qs), max(10, len(qs)/10))]
			}
			for _, q := range qs[:min(len(qs), 5)] {
				if _, err := e.run(q); err != nil {
					t.Fatalf("%s %q: %v", e.name, q, err)
				}
			}
			times := make([]float64, 0, len(qs))
			hits := 0
			for _, q := range qs {
				began := time.Now()
				n, err := e.run(q)
				if err != nil {
					t.Fatalf("%s %q: %v", e.name, q, err)
				}
				times = append(times, float64(time.Since(began).Microseconds())/1000)
				hits += n
			}
			slices.Sort(times)
			results[e.name][cl.name] = result{p50: percentile(times, 50), p99: percentile(times, 99), hits: float64(hits) / float64(len(qs))}
			t.Logf("%-18s %-13s %4d queries  p50 %8.2f ms  p99 %8.2f ms  mean hits %8.0f", e.name, cl.name, len(qs),
				results[e.name][cl.name].p50, results[e.name][cl.name].p99, results[e.name][cl.name].hits)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-18s", "p50 / p99 (ms)")
	for _, cl := range classes {
		fmt.Fprintf(&b, " | %-24s", cl.name)
	}
	for _, e := range engines {
		fmt.Fprintf(&b, "\n%-18s", e.name)
		for _, cl := range classes {
			r := results[e.name][cl.name]
			fmt.Fprintf(&b, " | %7.2f / %7.2f       ", r.p50, r.p99)
		}
	}
	for _, e := range engines {
		if e.baselineOf == "" {
			continue
		}
		fmt.Fprintf(&b, "\n%-18s", e.name+" ÷ chuhai")
		for _, cl := range classes {
			r, base := results[e.name][cl.name], results[e.baselineOf][cl.name]
			fmt.Fprintf(&b, " | %6.1f× / %6.1f×       ", r.p50/base.p50, r.p99/base.p99)
		}
	}
	t.Log(b.String())
}

func percentile(sorted []float64, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(len(sorted)-1, max(0, i-1))]
}

// load inserts n documents in transactions of 1,000 and logs how long it took.
func load(t *testing.T, name string, n int, batch func(from, to int) error) {
	t.Helper()
	began := time.Now()
	for from := 0; from < n; from += 1000 {
		if err := batch(from, min(n, from+1000)); err != nil {
			t.Fatalf("%s: load: %v", name, err)
		}
	}
	t.Logf("%s: loaded %d documents in %s", name, n, time.Since(began).Round(time.Second))
}

func optimize(t *testing.T, d *sql.DB, stmt string) {
	t.Helper()
	began := time.Now()
	mustExec(t, d, stmt)
	t.Logf("%s: %s", stmt, time.Since(began).Round(time.Second))
}

func mustExec(t *testing.T, d *sql.DB, stmt string) {
	t.Helper()
	if _, err := d.Exec(stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func inTx(d *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := d.Begin()
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// openSQLiteFile opens a SQLite database of its own, with the same settings as chuhai's.
func openSQLiteFile(t *testing.T, name string) *sql.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d.Writer()
}

// openPostgresSchema returns a connection to a fresh schema of the test database.
func openPostgresSchema(t *testing.T) *sql.DB {
	t.Helper()
	d, err := db.Open(context.Background(), dbtest.DSN(t, db.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d.Writer()
}

// pgTrgmSchema makes sure pg_trgm is installed in the database and returns the schema that holds it.
// On Debian the extension ships with the server package (postgresql-15); elsewhere it may need the
// contrib package.
func pgTrgmSchema(t *testing.T, p *sql.DB) string {
	t.Helper()
	var schema string
	err := p.QueryRow(`SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'`).Scan(&schema)
	if err == sql.ErrNoRows {
		if _, err := p.Exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`); err != nil {
			t.Fatalf("pg_trgm is not available (install the PostgreSQL contrib modules): %v", err)
		}
		return "public"
	}
	if err != nil {
		t.Fatal(err)
	}
	return schema
}
