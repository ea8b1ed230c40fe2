package directory

import (
	"context"
	"math/bits"
	"sync"
)

// matchIndex holds every verified provider's coded profile for ranking, with posting lists by
// category and country. It is a copy of the database tagged with directory_state's version, which
// triggers move on every write to provider; Match reads the version (one primary-key lookup) on
// every call and rebuilds the copy when it moved. So it is never stale, on any number of instances,
// while a call reads one row instead of hundreds.
type matchIndex struct {
	version    int64
	cands      []candidate
	byCategory map[string]bitset
	byCountry  map[string]bitset
	byLanguage map[string]bitset
	pos        map[int64]int
}

type matchCache struct {
	mu  sync.Mutex
	idx *matchIndex
}

// bitset marks positions in matchIndex.cands.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int) { b[i/64] |= 1 << (i % 64) }
func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}
func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}
func (b bitset) clear(i int)    { b[i/64] &^= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

// each calls fn for every set position, in order.
func (b bitset) each(fn func(i int)) {
	for w, word := range b {
		for word != 0 {
			t := bits.TrailingZeros64(word)
			fn(w*64 + t)
			word &^= 1 << t
		}
	}
}

func (s *Store) providerVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRow(ctx, `SELECT provider_version FROM directory_state WHERE id = 1`).Scan(&v)
	return v, err
}

// index returns the current match index, rebuilding it when the providers changed.
func (s *Store) index(ctx context.Context) (*matchIndex, error) {
	v, err := s.providerVersion(ctx)
	if err != nil {
		return nil, err
	}
	s.matches.mu.Lock()
	defer s.matches.mu.Unlock()
	if s.matches.idx != nil && s.matches.idx.version == v {
		return s.matches.idx, nil
	}
	// The version is read before the rows: a write in between makes the copy newer than its tag,
	// and the next call rebuilds it; it can never be older.
	rows, err := s.db.Query(ctx, `SELECT `+candidateColumns+textColumns+` FROM provider WHERE status = $1 ORDER BY id`, ProviderVerified)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cands []candidate
	for rows.Next() {
		c, err := scanCandidate(rows, true)
		if err != nil {
			return nil, err
		}
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	idx := newMatchIndex(v, cands)
	s.matches.idx = idx
	return idx, nil
}

// newMatchIndex indexes cands by position: each learns its place, and the posting lists of categories,
// countries and languages mark the places of those that have them.
func newMatchIndex(version int64, cands []candidate) *matchIndex {
	n := len(cands)
	idx := &matchIndex{version: version, cands: cands, pos: make(map[int64]int, n),
		byCategory: map[string]bitset{}, byCountry: map[string]bitset{}, byLanguage: map[string]bitset{}}
	post := func(m map[string]bitset, codes []string, i int) {
		for _, c := range codes {
			if m[c] == nil {
				m[c] = newBitset(n)
			}
			m[c].set(i)
		}
	}
	for i := range idx.cands {
		c := &idx.cands[i]
		c.pos = i
		idx.pos[c.p.ID] = i
		post(idx.byCategory, c.p.Categories, i)
		post(idx.byCountry, c.p.Countries, i)
		post(idx.byLanguage, c.p.Languages, i)
	}
	return idx
}

// coverage is, for one need, the posting lists of its categories, countries and languages: ranking
// counts what each candidate covers with a bit test per code instead of comparing code strings.
type coverage struct {
	categories, countries, languages []bitset
}

func (idx *matchIndex) coverage(nc needContext) *coverage {
	lists := func(m map[string]bitset, codes []string) []bitset {
		out := make([]bitset, 0, len(codes))
		for _, c := range codes {
			if b := m[c]; b != nil {
				out = append(out, b)
			}
		}
		return out
	}
	return &coverage{categories: lists(idx.byCategory, nc.Categories), countries: lists(idx.byCountry, nc.Countries),
		languages: lists(idx.byLanguage, nc.Languages)}
}

// covered counts the lists that mark position i.
func covered(lists []bitset, i int) int {
	n := 0
	for _, b := range lists {
		if b.has(i) {
			n++
		}
	}
	return n
}

// candidates selects the providers that offer one of the need's categories and, when it names
// countries, cover one of them.
func (idx *matchIndex) candidates(nc needContext, excluded map[int64]bool) []*candidate {
	n := len(idx.cands)
	sel := newBitset(n)
	for _, c := range nc.Categories {
		if b := idx.byCategory[c]; b != nil {
			sel.or(b)
		}
	}
	if len(nc.Countries) > 0 {
		cov := newBitset(n)
		for _, c := range nc.Countries {
			if b := idx.byCountry[c]; b != nil {
				cov.or(b)
			}
		}
		sel.and(cov)
	}
	for id := range excluded {
		if i, ok := idx.pos[id]; ok {
			sel.clear(i)
		}
	}
	var out []*candidate
	sel.each(func(i int) { out = append(out, &idx.cands[i]) })
	return out
}
