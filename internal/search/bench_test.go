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
	"unicode/utf8"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// envBenchDocs sets how many documents BenchmarkSearch generates; the figure, 100,000, is the
// default. Building that corpus into four indexes takes many minutes, which is why it is a benchmark
// (run only with -bench) and not a test.
const envBenchDocs = "CHUHAI_SEARCH_BENCH_DOCS"

// envBenchQueries overrides how many queries of each class are timed (default 200; the baselines,
// which may scan the whole table for one query, time a tenth as many, at least ten).
const envBenchQueries = "CHUHAI_SEARCH_BENCH_QUERIES"

// BenchmarkSearch builds one generated corpus (documents of 500–5,000 Chinese characters) into
// chuhai's index on SQLite and, when CHUHAI_TEST_POSTGRES is set, on PostgreSQL; and the same text into
// SQLite FTS5 with the trigram tokenizer and into a PostgreSQL table with a pg_trgm GIN index. Each
// sub-benchmark (engine/class) times a fixed sample of 2-, 4- or 8-character queries or two-term
// queries: one op is one pass over the sample, ns/op is reported as the mean per query, with p50-ms and
// p99-ms beside it. At the end it logs the table side by side, with the ratio of each baseline to
// chuhai on the same engine. Run it as
//
//	CHUHAI_TEST_POSTGRES=... go test ./internal/search -run '^$' -bench Search -benchtime 1x -timeout 3h
//
// chuhai's figure is the whole search a reader waits for: the ranked first page of 20, the total, the
// facets and the highlighted snippets. A baseline's is less work: the first 20 matches (ranked by
// FTS5's bm25 for trigram; pg_trgm has no rank) and the total.
func BenchmarkSearch(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a corpus of 100,000 documents")
	}
	n := 100000
	if v, _ := strconv.Atoi(os.Getenv(envBenchDocs)); v > 0 {
		n = v
	}
	perClass := 200
	if q, _ := strconv.Atoi(os.Getenv(envBenchQueries)); q > 0 {
		perClass = q
	}
	results := map[string]map[string]result{}
	// Each engine is timed as soon as it is built, while its files are as warm as a running server's:
	// building the next engines writes gigabytes, which would push the earlier ones out of the page
	// cache and time the disk instead.
	engines, classes := buildEngines(b, n, perClass, func(e engine, classes []queryClass) {
		results[e.name] = map[string]result{}
		for _, cl := range classes {
			qs := cl.queries
			if e.scans {
				qs = qs[:min(len(qs), max(10, len(qs)/10))]
			}
			b.Run(strings.ReplaceAll(e.name+"/"+cl.name, " ", "_"), func(b *testing.B) {
				for _, q := range qs[:min(len(qs), 5)] { // warm the caches
					if _, err := e.run(q); err != nil {
						b.Fatalf("%s %q: %v", e.name, q, err)
					}
				}
				b.ResetTimer()
				var times []float64
				hits := 0
				for range b.N {
					for _, q := range qs {
						began := time.Now()
						h, err := e.run(q)
						if err != nil {
							b.Fatalf("%s %q: %v", e.name, q, err)
						}
						times = append(times, float64(time.Since(began).Nanoseconds())/1e6)
						hits += h
					}
				}
				b.StopTimer()
				r := result{hits: float64(hits) / float64(len(times)), queries: len(qs), times: slices.Clone(times[:len(qs)])}
				slices.Sort(times)
				r.p50, r.p99 = percentile(times, 50), percentile(times, 99)
				results[e.name][cl.name] = r
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(times)), "ns/op")
				b.ReportMetric(r.p50, "p50-ms")
				b.ReportMetric(r.p99, "p99-ms")
				b.ReportMetric(r.hits, "hits/query")
			})
		}
	})
	b.Log(benchTable(engines, classes, results))
}

// buildEngines generates n documents, draws perClass queries of each class, and loads the documents
// into every engine in turn, handing each to measure as soon as it is built.
func buildEngines(b *testing.B, n, perClass int, measure func(engine, []queryClass)) ([]engine, []queryClass) {
	start := time.Now()
	c := newCorpus(1)
	docs := make([]benchDoc, n)
	chars := 0
	for i := range docs {
		docs[i].title, docs[i].body = c.document(500, 5000)
		chars += utf8.RuneCountInString(docs[i].body)
	}
	b.Logf("generated %d documents, %d characters (%.0f per document) in %s", n, chars, float64(chars)/float64(n), time.Since(start).Round(time.Second))
	queries := benchQueries(c, docs2texts(docs, func(d benchDoc) string { return d.body }), perClass)

	var engines []engine
	// chuhai on SQLite.
	{
		d := dbtest.Open(b, db.SQLite, Module)
		ix := New(d)
		load(b, "chuhai/SQLite", n, putBatch(ix, docs))
		optimize(b, d.Writer(), `INSERT INTO search_fts(search_fts) VALUES ('optimize')`)
		optimize(b, d.Writer(), `INSERT INTO search_title_fts(search_title_fts) VALUES ('optimize')`)
		engines = append(engines, chuhaiEngine("chuhai SQLite", ix))
		measure(engines[len(engines)-1], queries)
	}
	// SQLite FTS5 trigram on the same text.
	{
		w := openSQLiteFile(b, "trigram.db")
		mustExec(b, w, `CREATE VIRTUAL TABLE doc USING fts5(title, body, tokenize = 'trigram')`)
		load(b, "FTS5 trigram", n, func(from, to int) error {
			return inTx(w, func(tx *sql.Tx) error {
				for i := from; i < to; i++ {
					if _, err := tx.Exec(`INSERT INTO doc (rowid, title, body) VALUES (?, ?, ?)`, i+1, docs[i].title, docs[i].body); err != nil {
						return err
					}
				}
				return nil
			})
		})
		optimize(b, w, `INSERT INTO doc(doc) VALUES ('optimize')`)
		engines = append(engines, engine{name: "FTS5 trigram", baselineOf: "chuhai SQLite", scans: true, run: func(q string) (int, error) {
			return trigramQuery(w, q)
		}})
		measure(engines[len(engines)-1], queries)
	}
	if os.Getenv(dbtest.EnvPostgres) != "" {
		d := dbtest.Open(b, db.Postgres, Module)
		ix := New(d)
		load(b, "chuhai/PostgreSQL", n, putBatch(ix, docs))
		optimize(b, d.Writer(), `VACUUM ANALYZE search_doc`)
		engines = append(engines, chuhaiEngine("chuhai PostgreSQL", ix))
		measure(engines[len(engines)-1], queries)

		p := openPostgresSchema(b)
		trgm := pgTrgmSchema(b, p)
		mustExec(b, p, `CREATE TABLE doc (id BIGINT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)`)
		load(b, "pg_trgm", n, func(from, to int) error {
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
		mustExec(b, p, `CREATE INDEX doc_body_trgm ON doc USING gin (body `+trgm+`.gin_trgm_ops)`)
		mustExec(b, p, `VACUUM ANALYZE doc`)
		b.Logf("pg_trgm: GIN index built in %s", time.Since(began).Round(time.Second))
		engines = append(engines, engine{name: "pg_trgm ILIKE", baselineOf: "chuhai PostgreSQL", scans: true, run: func(q string) (int, error) {
			return trgmQuery(p, q)
		}})
		measure(engines[len(engines)-1], queries)
	}
	return engines, queries
}

// benchDoc is one generated document.
type benchDoc struct{ title, body string }

// putBatch writes documents [from, to) into chuhai's index in one transaction.
func putBatch(ix *Index, docs []benchDoc) func(from, to int) error {
	ctx := context.Background()
	return func(from, to int) error {
		return ix.db.InTx(ctx, func(tx *db.Tx) error {
			for i := from; i < to; i++ {
				if err := ix.Put(ctx, tx, Document{Kind: "policy", Ref: strconv.Itoa(i), TitleZh: docs[i].title,
					BodyZh: docs[i].body, URL: "/p/" + strconv.Itoa(i)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// result is one engine's figures for one class of queries.
type result struct {
	p50, p99, hits float64
	queries        int
	times          []float64 // of the first pass, in the sample's order
}

// over returns chuhai's p50 and p99 over the first n queries of the sample: the ones a baseline that
// scans timed, so that a ratio compares the same queries.
func (r result) over(n int) (p50, p99 float64) {
	t := slices.Clone(r.times[:min(n, len(r.times))])
	slices.Sort(t)
	return percentile(t, 50), percentile(t, 99)
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

// benchTable prints the figures side by side, and each baseline's latency as a multiple of chuhai's on
// the same engine over the same queries.
func benchTable(engines []engine, classes []queryClass, results map[string]map[string]result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-22s", "p50 / p99 (ms)")
	for _, cl := range classes {
		fmt.Fprintf(&b, " | %-19s", cl.name)
	}
	for _, e := range engines {
		fmt.Fprintf(&b, "\n%-22s", e.name)
		for _, cl := range classes {
			r := results[e.name][cl.name]
			fmt.Fprintf(&b, " | %7.2f / %7.2f  ", r.p50, r.p99)
		}
	}
	for _, e := range engines {
		if e.baselineOf == "" {
			continue
		}
		fmt.Fprintf(&b, "\n%-22s", e.name+" ÷ chuhai")
		for _, cl := range classes {
			r := results[e.name][cl.name]
			p50, p99 := results[e.baselineOf][cl.name].over(r.queries)
			fmt.Fprintf(&b, " | %6.1f× / %6.1f×   ", r.p50/p50, r.p99/p99)
		}
	}
	fmt.Fprintf(&b, "\nmatches per query (queries timed); chuhai counts up to its window, %d", Window)
	for _, e := range engines {
		fmt.Fprintf(&b, "\n%-22s", e.name)
		for _, cl := range classes {
			fmt.Fprintf(&b, " | %8.0f (%3d q)   ", results[e.name][cl.name].hits, results[e.name][cl.name].queries)
		}
	}
	return b.String()
}

func percentile(sorted []float64, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(len(sorted)-1, max(0, i-1))]
}

// load inserts n documents in transactions of 1,000 and logs how long it took.
func load(t testing.TB, name string, n int, batch func(from, to int) error) {
	t.Helper()
	began := time.Now()
	for from := 0; from < n; from += 1000 {
		if err := batch(from, min(n, from+1000)); err != nil {
			t.Fatalf("%s: load: %v", name, err)
		}
	}
	t.Logf("%s: loaded %d documents in %s", name, n, time.Since(began).Round(time.Second))
}

func optimize(t testing.TB, d *sql.DB, stmt string) {
	t.Helper()
	began := time.Now()
	mustExec(t, d, stmt)
	t.Logf("%s: %s", stmt, time.Since(began).Round(time.Second))
}

func mustExec(t testing.TB, d *sql.DB, stmt string) {
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
func openSQLiteFile(t testing.TB, name string) *sql.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d.Writer()
}

// openPostgresSchema returns a connection to a fresh schema of the test database.
func openPostgresSchema(t testing.TB) *sql.DB {
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
func pgTrgmSchema(t testing.TB, p *sql.DB) string {
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
