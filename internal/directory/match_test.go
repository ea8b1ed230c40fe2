package directory

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
)

func reasonOf(m Match, kind string) (Reason, bool) {
	for _, r := range m.Reasons {
		if r.Kind == kind {
			return r, true
		}
	}
	return Reason{}, false
}

func TestMatchRanksWithReasons(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ent := f.enterprise(1, "310104", "VN")
		// The best: covers Vietnam, legal, Xuhui alliance, an office in Xuhui, a record and a rating.
		best := f.provider(1, lawFirm())
		f.net.join(best.ID, xuhuiAlliance)
		for i := 0; i < 12; i++ {
			rating := 46
			if i >= 5 {
				rating = 0
			}
			if err := f.store.RecordEngagement(ctx, best.ID, Engagement{CompletedAt: f.clock.Add(-time.Hour), RatingTenths: rating}); err != nil {
				t.Fatal(err)
			}
		}
		plain := f.provider(2, ProviderInput{NameZh: "普通律所", Categories: []string{"legal"}, Countries: []string{"VN"}})
		expensive := f.provider(3, ProviderInput{NameZh: "高端律所", Categories: []string{"legal"}, Countries: []string{"VN"},
			Services: []Service{{Category: "legal", NameZh: "并购", PriceMinFen: 90_000_000, PriceMaxFen: 200_000_000, DeliveryDays: 60}}})
		wrongCountry := f.provider(4, ProviderInput{Categories: []string{"legal"}, Countries: []string{"DE"}})
		wrongCategory := f.provider(5, ProviderInput{Categories: []string{"hr"}, Countries: []string{"VN"}})
		suspended := f.provider(6, ProviderInput{Categories: []string{"legal"}, Countries: []string{"VN"}})
		if _, err := f.store.SetProviderStatus(ctx, suspended.ID, suspended.Version, ProviderSuspended, "核查"); err != nil {
			t.Fatal(err)
		}
		conflicted := f.provider(7, ProviderInput{Categories: []string{"legal"}, Countries: []string{"VN"}})
		if err := f.store.DeclareConflict(as(providerUser(conflicted.ID, admin)), conflicted.ID, ent.ID, "代理对方当事人"); err != nil {
			t.Fatal(err)
		}
		pending, err := f.store.CreateProvider(ctx, ProviderInput{NameZh: "未核验", Categories: []string{"legal"}, Countries: []string{"VN"}})
		if err != nil || pending.Status != ProviderPending {
			t.Fatal(err)
		}
		res, err := f.store.Match(as(enterpriseUser(ent.ID, member)), Need{Categories: []string{"legal"}, Countries: []string{"越南"},
			Languages: []string{"vi"}, BudgetFen: 10_000_000, Text: "尽职调查"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]Match{}
		for _, m := range res.Matches {
			got[m.Provider.ID] = m
		}
		for _, out := range []Provider{wrongCountry, wrongCategory, suspended, conflicted, pending} {
			if _, ok := got[out.ID]; ok {
				t.Errorf("provider %d (%s) was proposed", out.ID, out.NameZh)
			}
		}
		if res.Qualified != 3 || len(res.Matches) != 3 || res.Matches[0].Provider.ID != best.ID || res.Matches[0].Rank != 1 {
			t.Fatalf("ranking: qualified %d, first %v", res.Qualified, res.Matches)
		}
		if res.Matches[2].Provider.ID != expensive.ID {
			t.Errorf("over budget should rank last, got %v", res.Matches)
		}
		b := res.Matches[0]
		for kind, check := range map[string]func(Reason) bool{
			ReasonCountries:   func(r Reason) bool { return r.Codes[0] == "VN" },
			ReasonCategories:  func(r Reason) bool { return r.Codes[0] == "legal" },
			ReasonLanguages:   func(r Reason) bool { return r.Codes[0] == "vi" },
			ReasonAlliance:    func(r Reason) bool { return r.Codes[0] == "XH-ALLIANCE" && r.Points == ptsHomeAlliance },
			ReasonHome:        func(r Reason) bool { return r.Codes[0] == "310104" },
			ReasonBudget:      func(r Reason) bool { return r.Amount == 5_000_000 },
			ReasonEngagements: func(r Reason) bool { return r.Count == 12 },
			ReasonRating:      func(r Reason) bool { return r.Rating == 4.6 && r.Count == 5 && r.Points == 6 },
			ReasonText:        func(r Reason) bool { return r.Codes[0] == "尽职调查" },
		} {
			r, ok := reasonOf(b, kind)
			if !ok || !check(r) {
				t.Errorf("best match: reason %s = %+v (%v)", kind, r, ok)
			}
		}
		sum := 0
		for _, r := range b.Reasons {
			sum += r.Points
		}
		if sum != b.Score {
			t.Errorf("score %d is not the sum of its reasons %d", b.Score, sum)
		}
		if r, ok := reasonOf(got[expensive.ID], ReasonOverBudget); !ok || r.Amount != 90_000_000 || r.Points >= 0 {
			t.Errorf("expensive: %+v", got[expensive.ID].Reasons)
		}
		if _, ok := got[plain.ID]; !ok {
			t.Error("a plain qualified provider is missing")
		}
		// A preferred alliance counts more than the home district's.
		f.net.join(plain.ID, g60Alliance)
		res, err = f.store.Match(ctx, Need{Categories: []string{"legal"}, Countries: []string{"VN"}, Alliance: "g60", EnterpriseID: ent.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Matches {
			if m.Provider.ID == plain.ID {
				if r, ok := reasonOf(m, ReasonAlliance); !ok || r.Points != ptsPreferred || r.NameZh != g60Alliance.NameZh {
					t.Errorf("preferred alliance reason: %+v", m.Reasons)
				}
			}
		}
		// Excluded by the need.
		res, _ = f.store.Match(ctx, Need{Categories: []string{"legal"}, Countries: []string{"VN"}, Exclude: []int64{best.ID}})
		for _, m := range res.Matches {
			if m.Provider.ID == best.ID {
				t.Error("an excluded provider was proposed")
			}
		}
	})
}

func TestMatchValidatesTheNeedAndWhoAsks(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise(1, "310104")
		other := f.enterprise(2, "310106")
		for _, tc := range []struct {
			need       Need
			field, key string
		}{
			{Need{}, "categories", "error.required"},
			{Need{Categories: []string{"magic"}}, "categories", "directory.unknown_code"},
			{Need{Categories: []string{"legal"}, Countries: []string{"Atlantis"}}, "countries", "directory.country.unknown"},
			{Need{Categories: []string{"legal"}, BudgetFen: -1}, "budget_fen", "directory.service.price"},
			{Need{Categories: []string{"legal"}, Limit: 51}, "limit", "directory.match.limit"},
			{Need{Categories: []string{"legal"}, Alliance: "NOPE"}, "alliance", "directory.alliance.unknown"},
			{Need{Categories: []string{"legal"}, EnterpriseID: 999}, "enterprise_id", "directory.enterprise.unknown"},
		} {
			_, err := f.store.Match(context.Background(), tc.need)
			wantField(t, err, tc.field, tc.key)
		}
		member := enterpriseUser(ent.ID, member)
		if _, err := f.store.Match(as(member), Need{Categories: []string{"legal"}, EnterpriseID: other.ID}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("matched for another enterprise: %v", err)
		}
		if _, err := f.store.Match(as(providerUser(1, admin)), Need{Categories: []string{"legal"}}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a provider matched: %v", err)
		}
		if _, err := f.store.Match(as(xuhuiStaff), Need{Categories: []string{"legal"}, EnterpriseID: other.ID}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("Xuhui staff matched for a Jing'an enterprise: %v", err)
		}
		if _, err := f.store.Match(as(lingang), Need{Categories: []string{"legal"}, EnterpriseID: other.ID}); err != nil {
			t.Errorf("a sub-platform matches for any enterprise: %v", err)
		}
	})
}

// TestMatchRotatesEquallyGoodProviders shows the exposure over many calls: ten providers that are
// equally good for a need, three places on the list, and every one of them gets close to its fair
// share of first places and of places on the list.
func TestMatchRotatesEquallyGoodProviders(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		const n, shown, calls = 10, 3, 3000
		better := f.provider(0, ProviderInput{Categories: []string{"legal"}, Countries: []string{"VN"}, Languages: []string{"vi"}})
		var equal []int64
		for i := 1; i <= n; i++ {
			p := f.provider(i, ProviderInput{Categories: []string{"legal"}, Countries: []string{"VN"}})
			equal = append(equal, p.ID)
		}
		listed, first := map[int64]int{}, map[int64]int{}
		for range calls {
			res, err := f.store.Match(ctx, Need{Categories: []string{"legal"}, Countries: []string{"VN"}, Languages: []string{"vi"}, Limit: shown + 1})
			if err != nil {
				t.Fatal(err)
			}
			if res.Matches[0].Provider.ID != better.ID {
				t.Fatal("rotation moved a better provider below equally good ones")
			}
			for i, m := range res.Matches[1:] {
				listed[m.Provider.ID]++
				if i == 0 {
					first[m.Provider.ID]++
				}
			}
		}
		wantListed := float64(calls*shown) / n // 900
		wantFirst := float64(calls) / n        // 300
		for _, id := range equal {
			// Binomial spread: the standard deviations are about 25 and 16; allow five of them.
			if d := math.Abs(float64(listed[id]) - wantListed); d > 130 {
				t.Errorf("provider %d listed %d times, want about %.0f", id, listed[id], wantListed)
			}
			if d := math.Abs(float64(first[id]) - wantFirst); d > 85 {
				t.Errorf("provider %d first %d times, want about %.0f", id, first[id], wantFirst)
			}
		}
		t.Logf("exposure over %d calls: listed %v, first %v", calls, listed, first)
	})
}

func TestScoreIsAPureFunctionOfTheNeed(t *testing.T) {
	nc := needContext{Need: Need{Categories: []string{"legal", "ip"}, Countries: []string{"VN", "TH"}, BudgetFen: 100}, home: "310104"}
	c := candidate{p: Provider{ID: 1, Categories: []string{"ip"}, Countries: []string{"TH"}, Activity: Activity{Completed: 25, RatingCount: 3}},
		prices: []menuPrice{{"ip", 50, 60}, {"legal", 1, 2}}, ratingSum: 3 * 22}
	pts, reasons, ok := score(nc, &c, []Membership{{Alliance: "X", Status: "withdrawn"}}, true, nil)
	if !ok {
		t.Fatal("did not qualify")
	}
	want := ptsCountry + ptsCategory + ptsWithinBudget + 8 + (22-30)*4/10
	if pts != want {
		t.Errorf("score %d, want %d (%v)", pts, want, reasons)
	}
	if _, ok := reasonOf(Match{Reasons: reasons}, ReasonAlliance); ok {
		t.Error("a withdrawn membership counted")
	}
	if quick, _, _ := score(nc, &c, nil, false, nil); quick != pts {
		t.Errorf("scoring without reasons gives %d, with them %d", quick, pts)
	}
	c.p.Countries = []string{"DE"}
	if _, _, ok := score(nc, &c, nil, false, nil); ok {
		t.Error("a provider covering none of the countries qualified")
	}
	for _, tc := range []struct {
		s    string
		want []string
	}{
		{"跨境 并购, M&A due-diligence", []string{"跨境", "并购", "due", "diligence"}},
		{"法", nil},
	} {
		if got := textTerms(tc.s); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("textTerms(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// TestMatchSeesEveryChangeAtOnce: the in-memory index follows the database on the next call — a
// suspension through the store, and a change written by anyone else (another instance, a repair by
// hand) straight into the table.
func TestMatchSeesEveryChangeAtOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		a := f.provider(1, ProviderInput{Categories: []string{"legal"}, Countries: []string{"VN"}})
		b := f.provider(2, ProviderInput{Categories: []string{"legal"}, Countries: []string{"VN"}})
		need := Need{Categories: []string{"legal"}, Countries: []string{"VN"}}
		found := func() map[int64]Match {
			res, err := f.store.Match(ctx, need)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]Match{}
			for _, m := range res.Matches {
				out[m.Provider.ID] = m
			}
			return out
		}
		if got := found(); len(got) != 2 {
			t.Fatalf("before: %v", got)
		}
		if _, err := f.store.SetProviderStatus(ctx, a.ID, a.Version, ProviderSuspended, "核查"); err != nil {
			t.Fatal(err)
		}
		if _, ok := found()[a.ID]; ok {
			t.Error("a suspended provider is still matched")
		}
		err := f.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE provider SET match_countries = 'DE', engagements_completed = 7 WHERE id = $1`, b.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := found()[b.ID]; ok {
			t.Error("a change written outside the store was not seen")
		}
		need.Countries = []string{"DE"}
		if m, ok := found()[b.ID]; !ok || m.Provider.Activity.Completed != 7 {
			t.Errorf("after the outside change: %+v", m)
		}
	})
}

// TestCoverageCountsAsTheCodesDo: ranking counts what a candidate covers from the index's posting
// lists; for any need and any candidate it must score exactly as comparing the codes does, or the
// order would disagree with the scores and reasons shown.
func TestCoverageCountsAsTheCodesDo(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pick := func(from []string, max int) []string {
		var out []string
		for range rng.IntN(max + 1) {
			if c := from[rng.IntN(len(from))]; !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	cats := []string{"legal", "accounting", "ip", "it", "hr"}
	countries := []string{"VN", "TH", "SG", "DE", "US", "MX"}
	langs := []string{"zh", "en", "vi", "de", "es"}
	var cands []candidate
	for i := range 300 {
		cands = append(cands, candidate{p: Provider{ID: int64(i + 1), Categories: pick(cats, 3), Countries: pick(countries, 4),
			Languages: pick(langs, 3), Activity: Activity{Completed: rng.IntN(30)}}})
	}
	idx := newMatchIndex(1, cands)
	for range 200 {
		nc := needContext{Need: Need{Categories: pick(cats, 2), Countries: pick(countries, 3), Languages: pick(langs, 2)}}
		cov := idx.coverage(nc)
		for i := range idx.cands {
			c := &idx.cands[i]
			fast, _, fastOK := score(nc, c, nil, false, cov)
			slow, _, slowOK := score(nc, c, nil, true, nil)
			if fast != slow || fastOK != slowOK {
				t.Fatalf("need %+v, provider %+v: %d %v by the index, %d %v by the codes", nc.Need, c.p, fast, fastOK, slow, slowOK)
			}
		}
	}
}
