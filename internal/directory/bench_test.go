package directory

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// Benchmarks at the scale the issue names. They are not run by go test; run them by hand:
//
//	CHUHAI_TEST_POSTGRES=postgres://... go test ./internal/directory -run '^$' -bench 'Match10k|Import10k' -benchtime 1x
//
// BenchmarkMatch10k reports, for each engine, the p50 and p99 latency of Match over 10,000 providers
// next to a naive baseline that loads every provider with its lists and scores them all in Go.

// benchCountries are the countries the generated providers cover.
var benchCountries = []string{"VN", "TH", "ID", "MY", "SG", "PH", "KH", "LA", "MM", "IN", "BD", "PK", "LK", "AE", "SA", "QA", "KW", "OM",
	"EG", "TR", "IL", "JO", "DE", "FR", "GB", "IT", "ES", "NL", "BE", "PL", "HU", "CZ", "RO", "RS", "GR", "SE", "US", "CA", "MX", "BR",
	"CL", "PE", "CO", "AR", "JP", "KR", "AU", "NZ", "KZ", "UZ", "RU", "ZA", "NG", "KE", "ET", "MA", "DZ", "TZ", "GH", "HK"}

var benchDistricts = []string{"310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310114",
	"310115", "310116", "310117", "310118", "310120", "310151"}

// seedProviders writes n verified providers with realistic spreads straight into the tables (the
// store's path, with an audit entry each, is what the import benchmark measures) and returns the
// alliance memberships the fake network should answer with.
func seedProviders(tb testing.TB, d *db.DB, n int) map[int64][]Membership {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().UTC()
	members := map[int64][]Membership{}
	alliances := []Membership{xuhuiAlliance, g60Alliance,
		{Alliance: "JA-GSP", NameZh: "静安区全球服务商计划", NameEn: "Jing'an Global Service Provider Programme", Scope: "district", OwnerRegion: "310106", Status: MembershipActive},
		{Alliance: "SH-PSA", NameZh: "上海市企业走出去专业服务联盟", NameEn: "Shanghai Going-Global Professional Services Alliance", Scope: "city", OwnerRegion: "310000", Status: MembershipActive}}
	type rows struct {
		table, cols string
		vals        [][]any
	}
	const batch = 200
	for start := 0; start < n; start += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			pr := &rows{table: "provider", cols: `id, uscc, name_zh, name_en, status, verified_at, description_zh, match_categories, match_countries, match_languages, match_regions, match_prices, match_text, last_engagement_at, engagements_completed, rating_count, rating_sum, created_at, updated_at`}
			cat := &rows{table: "provider_category", cols: "provider_id, category, created_at, updated_at"}
			cty := &rows{table: "provider_country", cols: "provider_id, country, created_at, updated_at"}
			lng := &rows{table: "provider_language", cols: "provider_id, lang, created_at, updated_at"}
			off := &rows{table: "provider_office", cols: "provider_id, region_code, is_head, created_at, updated_at"}
			svc := &rows{table: "provider_service", cols: "provider_id, category, name_zh, price_min_fen, price_max_fen, delivery_days, created_at, updated_at"}
			for i := start; i < min(start+batch, n); i++ {
				id := int64(i + 1)
				cats := pick(rng, CategoryCodes, 1+rng.IntN(3))
				countries := pick(rng, benchCountries, 3+rng.IntN(18))
				langs := append([]string{"zh", "en"}, pick(rng, []string{"vi", "th", "id", "ar", "de", "fr", "es", "ja", "ko", "ru"}, rng.IntN(3))...)
				district := benchDistricts[rng.IntN(len(benchDistricts))]
				var prices []Service
				for _, c := range cats {
					lo := int64(500_000 + rng.IntN(20_000_000))
					prices = append(prices, Service{Category: c, NameZh: "服务" + c, PriceMinFen: lo, PriceMaxFen: lo * 3, DeliveryDays: 10 + rng.IntN(60)})
				}
				completed, ratings := 0, 0
				var last any
				if rng.IntN(3) > 0 {
					completed = rng.IntN(40)
					ratings = completed / 2
					last = now.AddDate(0, -rng.IntN(24), 0)
				}
				status := ProviderVerified
				if i%50 == 0 {
					status = ProviderSuspended
				}
				pr.vals = append(pr.vals, []any{id, usccFor(i), fmt.Sprintf("基准服务机构%05d", i), fmt.Sprintf("Benchmark Firm %05d", i), status, now,
					"为出海企业提供跨境专业服务", fields(cats), fields(countries), fields(langs), district, matchPrices(prices), matchText(prices),
					last, completed, ratings, ratings * (35 + rng.IntN(16)), now, now})
				for _, c := range cats {
					cat.vals = append(cat.vals, []any{id, c, now, now})
				}
				for _, c := range countries {
					cty.vals = append(cty.vals, []any{id, c, now, now})
				}
				for _, l := range langs {
					lng.vals = append(lng.vals, []any{id, l, now, now})
				}
				off.vals = append(off.vals, []any{id, district, true, now, now})
				for _, sv := range prices {
					svc.vals = append(svc.vals, []any{id, sv.Category, sv.NameZh, sv.PriceMinFen, sv.PriceMaxFen, sv.DeliveryDays, now, now})
				}
				if rng.IntN(4) == 0 {
					members[id] = []Membership{alliances[rng.IntN(len(alliances))]}
				}
			}
			for _, r := range []*rows{pr, cat, cty, lng, off, svc} {
				var args []any
				for _, v := range r.vals {
					args = append(args, v...)
				}
				if err := db.InsertRows(ctx, tx, r.table, strings.Split(r.cols, ", "), args); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("seed: %v", err)
		}
	}
	if d.Dialect() == db.Postgres {
		// Rows were inserted with explicit ids; move the identity past them, and refresh statistics.
		if _, err := d.Exec(ctx, `SELECT setval(pg_get_serial_sequence('provider', 'id'), $1)`, n); err != nil {
			tb.Fatal(err)
		}
		if _, err := d.Exec(ctx, `ANALYZE`); err != nil {
			tb.Fatal(err)
		}
	} else if _, err := d.Exec(ctx, `ANALYZE`); err != nil {
		tb.Fatal(err)
	}
	return members
}

func usccFor(i int) string { return uscc(3_000_000 + i) }

func pick(rng *rand.Rand, from []string, n int) []string {
	idx := rng.Perm(len(from))[:min(n, len(from))]
	slices.Sort(idx)
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

// benchNeeds are the needs the benchmark cycles through.
func benchNeeds(rng *rand.Rand, n int, enterpriseID int64) []Need {
	out := make([]Need, n)
	for i := range out {
		out[i] = Need{Categories: pick(rng, CategoryCodes, 1+rng.IntN(2)), Countries: pick(rng, benchCountries, 1+rng.IntN(2)),
			EnterpriseID: enterpriseID}
		if i%2 == 0 {
			out[i].Languages = []string{"vi"}
			out[i].BudgetFen = 5_000_000
		}
		if i%3 == 0 {
			out[i].Alliance = "G60"
			out[i].Text = "跨境"
		}
	}
	return out
}

// naiveMatch is the baseline: read every provider and every row of its lists, then filter and score
// in Go with the same scoring as Match.
func (s *Store) naiveMatch(ctx context.Context, n Need) (MatchResult, error) {
	nc, err := s.prepareNeed(ctx, n)
	if err != nil {
		return MatchResult{}, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, name_zh, name_en, description_zh, description_en, status, last_engagement_at,
		engagements_completed, rating_count, rating_sum FROM provider`)
	if err != nil {
		return MatchResult{}, err
	}
	byID := map[int64]*candidate{}
	var order []int64
	for rows.Next() {
		c := &candidate{}
		if err := rows.Scan(&c.p.ID, &c.p.NameZh, &c.p.NameEn, &c.p.DescriptionZh, &c.p.DescriptionEn, &c.p.Status,
			nullTime{&c.p.Activity.LastEngagementAt}, &c.p.Activity.Completed, &c.p.Activity.RatingCount, &c.ratingSum); err != nil {
			rows.Close()
			return MatchResult{}, err
		}
		c.p.Activity.Rating = ratingOf(c.ratingSum, c.p.Activity.RatingCount)
		byID[c.p.ID] = c
		order = append(order, c.p.ID)
	}
	rows.Close()
	lists := []struct {
		query string
		add   func(c *candidate, v string, lo, hi int64)
	}{
		{`SELECT provider_id, category, 0, 0 FROM provider_category`, func(c *candidate, v string, _, _ int64) { c.p.Categories = append(c.p.Categories, v) }},
		{`SELECT provider_id, country, 0, 0 FROM provider_country`, func(c *candidate, v string, _, _ int64) { c.p.Countries = append(c.p.Countries, v) }},
		{`SELECT provider_id, lang, 0, 0 FROM provider_language`, func(c *candidate, v string, _, _ int64) { c.p.Languages = append(c.p.Languages, v) }},
		{`SELECT provider_id, region_code, 0, 0 FROM provider_office`, func(c *candidate, v string, _, _ int64) { c.regions = append(c.regions, v) }},
		{`SELECT provider_id, category, price_min_fen, price_max_fen FROM provider_service`, func(c *candidate, v string, lo, hi int64) {
			c.prices = append(c.prices, menuPrice{v, lo, hi})
		}},
	}
	for _, l := range lists {
		rows, err := s.db.Query(ctx, l.query)
		if err != nil {
			return MatchResult{}, err
		}
		for rows.Next() {
			var id, lo, hi int64
			var v string
			if err := rows.Scan(&id, &v, &lo, &hi); err != nil {
				rows.Close()
				return MatchResult{}, err
			}
			if c := byID[id]; c != nil {
				l.add(c, v, lo, hi)
			}
		}
		rows.Close()
	}
	conflicted := map[int64]bool{}
	if nc.EnterpriseID != 0 {
		rows, err := s.db.Query(ctx, `SELECT provider_id FROM provider_conflict WHERE enterprise_id = $1`, nc.EnterpriseID)
		if err != nil {
			return MatchResult{}, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return MatchResult{}, err
			}
			conflicted[id] = true
		}
		rows.Close()
	}
	var cands []*candidate
	for _, id := range order {
		c := byID[id]
		if c.p.Status != ProviderVerified || conflicted[id] || slices.Contains(nc.Exclude, id) {
			continue
		}
		c.searchable = strings.ToLower(c.p.NameZh + " | " + c.p.NameEn + " | " + c.p.DescriptionZh + " | " + c.p.DescriptionEn)
		cands = append(cands, c)
	}
	return s.rank(ctx, nc, cands, nil)
}

type latency struct{ p50, p99 time.Duration }

func measure(b *testing.B, needs []Need, match func(context.Context, Need) (MatchResult, error)) latency {
	ctx := context.Background()
	// One call first: Match builds its index of the verified providers on its first call after a
	// change, which the cold-start figure below reports separately.
	if _, err := match(ctx, needs[0]); err != nil {
		b.Fatal(err)
	}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := match(ctx, needs[i%len(needs)]); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durations)
	l := latency{p50: durations[len(durations)/2], p99: durations[min(len(durations)-1, len(durations)*99/100)]}
	b.ReportMetric(float64(l.p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(l.p99.Microseconds())/1000, "p99-ms")
	return l
}

func BenchmarkMatch10k(b *testing.B) {
	const providers = 10_000
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			d := dbtest.Open(b, dialect, modules...)
			members := seedProviders(b, d, providers)
			net := &fakeNetwork{regions: testRegions, members: members, points: map[int64]Point{}}
			s := NewStore(d, nil, WithNetwork(net))
			net.regions = benchRegions(b, d)
			var ent int64
			err := d.InTx(context.Background(), func(tx *db.Tx) error {
				return tx.QueryRow(context.Background(), `INSERT INTO enterprise (uscc, name_zh, home_district, created_at, updated_at)
					VALUES ($1, '基准企业', '310104', $2, $2) RETURNING id`, uscc(999), time.Now()).Scan(&ent)
			})
			if err != nil {
				b.Fatal(err)
			}
			needs := benchNeeds(rand.New(rand.NewPCG(3, 4)), 200, ent)
			var indexed, naive latency
			start := time.Now()
			if _, err := s.Match(context.Background(), needs[0]); err != nil {
				b.Fatal(err)
			}
			cold := time.Since(start)
			b.Run("match", func(b *testing.B) { indexed = measure(b, needs, s.Match) })
			b.Run("naive", func(b *testing.B) { naive = measure(b, needs, s.naiveMatch) })
			if indexed.p99 > 0 && naive.p99 > 0 {
				b.Logf("%s: Match p50 %v p99 %v (first call after a change, building the index: %v); naive p50 %v p99 %v; naive/Match: %.0f× at p50, %.0f× at p99",
					dialect, indexed.p50, indexed.p99, cold, naive.p50, naive.p99, float64(naive.p50)/float64(indexed.p50), float64(naive.p99)/float64(indexed.p99))
			}
		})
	}
}

// benchRegions reads every region the network seeded (the benchmark's countries are all of them).
func benchRegions(tb testing.TB, d *db.DB) []Region {
	rows, err := d.Query(context.Background(), `SELECT code, kind, COALESCE(parent, ''), name_zh, name_en FROM region`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.Kind, &r.Parent, &r.NameZh, &r.NameEn); err != nil {
			tb.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// BenchmarkImport10k imports a workbook of 10,000 enterprises (every row new, then every row an
// update) and reports the seconds each took.
func BenchmarkImport10k(b *testing.B) {
	const n = 10_000
	head := []string{"统一社会信用代码", "企业名称", "英文名称", "注册地址", "所属区", "行业", "企业规模", "所有制", "目标市场", "联系人", "联系电话", "电子邮箱"}
	rows := [][]string{head}
	districts := []string{"黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区"}
	for i := range n {
		d := districts[i%len(districts)]
		rows = append(rows, []string{uscc(4_000_000 + i), fmt.Sprintf("上海基准导入企业%05d有限公司", i), fmt.Sprintf("Benchmark Import Co %05d", i),
			"上海市" + d + fmt.Sprintf("示例路%d号", i), d, []string{"C34", "C39", "I65", "F52"}[i%4], []string{"中型", "小型", "大型"}[i%3], "民营",
			[]string{"越南、泰国", "德国", "美国、墨西哥", "新加坡"}[i%4], "联系人", "021-64000000", fmt.Sprintf("c%05d@example.com", i)})
	}
	file := xlsxFile(b, "企业", rows, nil)
	var csv bytes.Buffer
	for _, r := range rows {
		csv.WriteString(strings.Join(r, ",") + "\r\n")
	}
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				d := dbtest.Open(b, dialect, modules...)
				f := newFixture(b, d)
				b.StartTimer()
				for _, pass := range []struct {
					name string
					data []byte
				}{{"xlsx new", file}, {"csv update", csv.Bytes()}} {
					start := time.Now()
					rep, err := f.store.Import(context.Background(), KindEnterprises, pass.data, ImportOptions{})
					if err != nil || !rep.Committed || rep.Created+rep.Updated != n {
						b.Fatalf("%s: %+v %v", pass.name, rep.Errors, err)
					}
					b.ReportMetric(time.Since(start).Seconds(), strings.ReplaceAll(pass.name, " ", "-")+"-s")
				}
			}
		})
	}
}
