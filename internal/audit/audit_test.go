package audit

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

func newLog(t *testing.T, alg string) *Log {
	t.Helper()
	l, err := New(alg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// record writes n entries, each in its own transaction, as actor.
func record(t *testing.T, d *db.DB, l *Log, n int, actor string) {
	t.Helper()
	ctx := WithMeta(context.Background(), Meta{ActorID: 7, ActorLogin: actor, RequestID: "req-" + actor, ClientIP: "10.0.0.1"})
	for i := range n {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return l.Record(ctx, tx, Entry{Action: "network.point.update", ObjectType: "service_point",
				ObjectID: fmt.Sprint(i + 1), Detail: map[string]any{"name_zh": "徐汇区服务站", "n": i, "note": "<&>"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// tamper runs SQL as someone with full access to the database would: first removing the triggers that
// stop ordinary statements from changing the log.
func tamper(t *testing.T, d *db.DB, query string, args ...any) {
	t.Helper()
	ctx := context.Background()
	drops := []string{`DROP TRIGGER IF EXISTS audit_entry_no_update`, `DROP TRIGGER IF EXISTS audit_entry_no_delete`,
		`DROP TRIGGER IF EXISTS audit_head_no_delete`}
	if d.Dialect() == db.Postgres {
		drops = []string{`DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry`,
			`DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry`, `DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_head`}
	}
	for _, q := range drops {
		if _, err := d.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := d.Exec(ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// wantBreak asserts that Verify reports a break at entry id.
func wantBreak(t *testing.T, d *db.DB, id int64) *Break {
	t.Helper()
	_, err := Verify(context.Background(), d)
	var b *Break
	if !errors.As(err, &b) {
		t.Fatalf("Verify = %v, want a break at entry %d", err, id)
	}
	if b.ID != id {
		t.Fatalf("break at entry %d (%s), want entry %d", b.ID, b.Reason, id)
	}
	return b
}

func wantIntact(t *testing.T, d *db.DB, entries int) Result {
	t.Helper()
	res, err := Verify(context.Background(), d)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if res.Entries != entries || res.LastID != int64(entries) {
		t.Fatalf("Verify = %+v, want %d entries ending at entry %d", res, entries, entries)
	}
	return res
}

func TestIntactChainVerifiesWithEitherAlgorithm(t *testing.T) {
	for _, alg := range []string{SHA256, SM3} {
		t.Run(alg, func(t *testing.T) {
			dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
				wantIntact(t, d, 0)
				record(t, d, newLog(t, alg), 5, "coordinator")
				res := wantIntact(t, d, 5)
				last, err := Get(context.Background(), d, 5)
				if err != nil {
					t.Fatal(err)
				}
				if res.LastHash != last.Hash || !hexHash.MatchString(last.Hash) || last.Alg != alg {
					t.Fatalf("head %q, entry 5 %+v", res.LastHash, last)
				}
				first, err := Get(context.Background(), d, 1)
				if err != nil {
					t.Fatal(err)
				}
				if first.PrevHash != "" || first.ActorLogin != "coordinator" || first.RequestID != "req-coordinator" ||
					first.ClientIP != "10.0.0.1" || first.ActorID != 7 || first.Detail != `{"n":0,"name_zh":"徐汇区服务站","note":"<&>"}` {
					t.Fatalf("entry 1 = %+v", first)
				}
			})
		})
	}
}

func TestAlgorithmsHashDifferentlyAndSM3MatchesTheStandard(t *testing.T) {
	// GB/T 32905-2016 appendix A.1: SM3("abc").
	h := newHash(SM3)
	h.Write([]byte("abc"))
	if got := fmt.Sprintf("%x", h.Sum(nil)); got != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("SM3(abc) = %s", got)
	}
	r := Row{ID: 1, At: time.Date(2026, 3, 1, 1, 2, 3, 4000, time.UTC), Action: "x", Detail: "{}"}
	r.Alg = SHA256
	a := r.digest()
	r.Alg = SM3
	b := r.digest()
	if a == b || !hexHash.MatchString(a) || !hexHash.MatchString(b) {
		t.Fatalf("sha256 %s, sm3 %s", a, b)
	}
	if _, err := New("md5"); err == nil {
		t.Fatal("New(md5) accepted")
	}
}

func TestEditingAnyColumnOfAMiddleEntryIsCaughtAtThatEntry(t *testing.T) {
	cases := []struct {
		column, set string
		arg         any
	}{
		{"at", "at = $1", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"actor_id", "actor_id = 99", nil},
		{"actor_id to null", "actor_id = NULL", nil},
		{"actor_login", "actor_login = 'mallory'", nil},
		{"request_id", "request_id = 'forged'", nil},
		{"client_ip", "client_ip = '203.0.113.9'", nil},
		{"action", "action = 'network.point.delete'", nil},
		{"object_type", "object_type = 'enterprise'", nil},
		{"object_id", "object_id = '42'", nil},
		{"detail", `detail = '{"n":1}'`, nil},
		{"alg to the other one", "alg = 'sm3'", nil},
		{"alg to an unknown one", "alg = 'md5'", nil},
		{"prev_hash", "prev_hash = '" + fmt.Sprintf("%064d", 0) + "'", nil},
		{"hash", "hash = '" + fmt.Sprintf("%064d", 1) + "'", nil},
	}
	for _, tc := range cases {
		t.Run(tc.column, func(t *testing.T) {
			dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
				record(t, d, newLog(t, SHA256), 5, "coordinator")
				var args []any
				if tc.arg != nil {
					args = append(args, tc.arg)
				}
				tamper(t, d, `UPDATE audit_entry SET `+tc.set+` WHERE id = 3`, args...)
				wantBreak(t, d, 3)
			})
		})
	}
}

func TestRenumberingOrRewritingAnEntryIsCaught(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		t.Run("renumbered", func(t *testing.T) {
			d := dbtest.Open(t, d.Dialect(), Module)
			record(t, d, newLog(t, SHA256), 5, "coordinator")
			tamper(t, d, `UPDATE audit_entry SET id = 1003 WHERE id = 3`)
			b := wantBreak(t, d, 4) // entry 4 now follows entry 2: entry 3 is missing
			if b.Reason == "" {
				t.Fatal("no reason")
			}
		})
		t.Run("rewritten with a recomputed hash", func(t *testing.T) {
			// Whoever knows the algorithm can make an edited entry consistent with itself; its successor
			// still names the old hash.
			d := dbtest.Open(t, d.Dialect(), Module)
			record(t, d, newLog(t, SM3), 5, "coordinator")
			r, err := Get(context.Background(), d, 3)
			if err != nil {
				t.Fatal(err)
			}
			r.Detail = `{"n":"forged"}`
			tamper(t, d, `UPDATE audit_entry SET detail = $1, hash = $2 WHERE id = 3`, r.Detail, r.digest())
			wantBreak(t, d, 4)
		})
	})
}

func TestDeletingEntriesIsCaught(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		for _, tc := range []struct {
			name      string
			where     string
			wantBreak int64
		}{
			{"a middle entry names the one after it", "id = 3", 4},
			{"two middle entries", "id IN (2, 3)", 4},
			{"the first entry", "id = 1", 2},
			{"the last entry (tail truncation)", "id = 5", 5},
			{"the last two entries", "id >= 4", 4},
			{"every entry", "id > 0", 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				d := dbtest.Open(t, d.Dialect(), Module)
				record(t, d, newLog(t, SHA256), 5, "coordinator")
				tamper(t, d, `DELETE FROM audit_entry WHERE `+tc.where)
				wantBreak(t, d, tc.wantBreak)
			})
		}
		t.Run("new entries after a tail truncation do not hide it", func(t *testing.T) {
			d := dbtest.Open(t, d.Dialect(), Module)
			l := newLog(t, SHA256)
			record(t, d, l, 5, "coordinator")
			tamper(t, d, `DELETE FROM audit_entry WHERE id = 5`)
			record(t, d, l, 2, "coordinator")
			wantBreak(t, d, 6) // 6 follows 4: entry 5 is missing
		})
		t.Run("the head checkpoint itself", func(t *testing.T) {
			d := dbtest.Open(t, d.Dialect(), Module)
			record(t, d, newLog(t, SHA256), 3, "coordinator")
			tamper(t, d, `DELETE FROM audit_head`)
			wantBreak(t, d, 1)
			ctx := context.Background()
			err := d.InTx(ctx, func(tx *db.Tx) error { return newLog(t, SHA256).Record(ctx, tx, Entry{Action: "x.y"}) })
			if !errors.Is(err, errNoHead) {
				t.Fatalf("Record without a checkpoint = %v, want it refused", err)
			}
		})
	})
}

func TestEntriesWrittenAroundTheLogAreCaught(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		record(t, d, newLog(t, SHA256), 3, "coordinator")
		last, err := Get(context.Background(), d, 3)
		if err != nil {
			t.Fatal(err)
		}
		forged := Row{ID: 4, At: time.Now().UTC().Truncate(time.Microsecond), ActorLogin: "mallory", Action: "x.y",
			Detail: "{}", Alg: SHA256, PrevHash: last.Hash}
		forged.Hash = forged.digest()
		tamper(t, d, `INSERT INTO audit_entry (id, at, actor_login, action, detail, alg, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, forged.ID, forged.At, forged.ActorLogin, forged.Action,
			forged.Detail, forged.Alg, forged.PrevHash, forged.Hash)
		wantBreak(t, d, 4)
	})
}

func TestOrdinarySQLCannotChangeTheLog(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		record(t, d, newLog(t, SHA256), 2, "coordinator")
		ctx := context.Background()
		for _, q := range []string{`UPDATE audit_entry SET action = 'x' WHERE id = 1`, `DELETE FROM audit_entry WHERE id = 2`,
			`DELETE FROM audit_head`} {
			if _, err := d.Exec(ctx, q); err == nil {
				t.Errorf("%s succeeded", q)
			}
		}
		wantIntact(t, d, 2)
	})
}

func TestMixedAlgorithmsAcrossAConfigurationChangeVerify(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		record(t, d, newLog(t, SHA256), 3, "a")
		record(t, d, newLog(t, SM3), 3, "b")
		record(t, d, newLog(t, ""), 2, "c")
		wantIntact(t, d, 8)
		rows, _, err := List(context.Background(), d, Filter{}, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var algs []string
		for i := len(rows) - 1; i >= 0; i-- {
			algs = append(algs, rows[i].Alg)
		}
		if fmt.Sprint(algs) != "[sha256 sha256 sha256 sm3 sm3 sm3 sha256 sha256]" {
			t.Fatalf("algorithms in order = %v", algs)
		}
		tamper(t, d, `UPDATE audit_entry SET alg = 'sha256' WHERE id = 5`)
		wantBreak(t, d, 5)
	})
}

func TestRolledBackEntriesLeaveNoGap(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		l := newLog(t, SHA256)
		ctx := context.Background()
		record(t, d, l, 2, "a")
		boom := errors.New("the change failed after its entry was written")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := l.Record(ctx, tx, Entry{Action: "x.y"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		record(t, d, l, 1, "a")
		wantIntact(t, d, 3)
		if err := d.InTx(ctx, func(tx *db.Tx) error { return l.Record(ctx, tx, Entry{}) }); err == nil {
			t.Fatal("an entry without an action was recorded")
		}
	})
}

// TestConcurrentWritersNeverForkTheChain has 32 goroutines record at once through two handles on the
// same database — two app instances — so that on PostgreSQL they hold different connections and only
// the advisory lock keeps them from chaining onto the same entry.
func TestConcurrentWritersNeverForkTheChain(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := dbtest.DSN(t, dialect)
			var instances [2]*db.DB
			for i := range instances {
				d, err := db.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				instances[i] = d
			}
			if err := instances[0].Migrate(ctx, Module); err != nil {
				t.Fatal(err)
			}
			const writers, each = 32, 5
			logs := []*Log{newLog(t, SHA256), newLog(t, SM3)}
			var wg sync.WaitGroup
			errs := make(chan error, writers*each)
			for w := range writers {
				wg.Go(func() {
					d, l := instances[w%2], logs[(w/2)%2]
					wctx := WithMeta(ctx, Meta{ActorLogin: fmt.Sprintf("writer%02d", w)})
					for i := range each {
						errs <- d.InTx(wctx, func(tx *db.Tx) error {
							return l.Record(wctx, tx, Entry{Action: "test.concurrent", ObjectID: fmt.Sprint(i)})
						})
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			wantIntact(t, instances[1], writers*each)
			var distinct int
			if err := instances[0].QueryRow(ctx, `SELECT count(DISTINCT prev_hash) FROM audit_entry`).Scan(&distinct); err != nil {
				t.Fatal(err)
			}
			if distinct != writers*each {
				t.Fatalf("%d distinct predecessors for %d entries: the chain forked", distinct, writers*each)
			}
		})
	}
}

func TestAppendedHistoryChainsLikeRecordedEntries(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		l := newLog(t, SHA256)
		record(t, d, l, 2, "coordinator")
		ctx := WithMeta(context.Background(), Meta{ActorLogin: "generator"})
		past := time.Date(2025, 6, 1, 8, 30, 0, 123456789, time.UTC)
		// More entries than one statement takes, so batches chain onto each other too.
		es := make([]Stamped, 2500)
		for i := range es {
			es[i] = Stamped{Entry: Entry{Action: "casework.request.create", ObjectType: "casework_request",
				ObjectID: fmt.Sprintf("XH-2025-%06d", i+1), Detail: map[string]any{"i": i, "note": "<&>"}}, At: past.Add(time.Duration(i) * time.Minute)}
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return l.Append(ctx, tx, es) }); err != nil {
			t.Fatal(err)
		}
		record(t, d, l, 1, "coordinator")
		wantIntact(t, d, 2503)
		e, err := Get(context.Background(), d, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !e.At.Equal(past.Truncate(time.Microsecond)) || e.ActorLogin != "generator" || e.Detail != `{"i":0,"note":"<&>"}` {
			t.Fatalf("entry 3 = %+v", e)
		}
	})
}
