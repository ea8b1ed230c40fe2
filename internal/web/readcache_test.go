package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/db/dbtest"
)

// With the read cache on (as serve runs), what is written through an instance shows on it at once:
// the encoded list of service points and the credentials behind API tokens follow every write. The
// cache time here is an hour, so only the writes can have made the reads fresh.
func TestReadCacheFollowsWritesOnTheSameInstance(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			e := newEnvWith(t, dialect, app.Config{ReadCache: time.Hour})
			withDemo(t, e)
			networkActors(t, e)
			total := func() int {
				t.Helper()
				resp := e.do(request{method: "GET", path: "/api/v1/service-points?kind=specialised_point", actor: "coord"})
				defer resp.Body.Close()
				var l struct {
					Total int `json:"total"`
				}
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &l) != nil {
					t.Fatalf("list: %d %s", resp.StatusCode, body)
				}
				return l.Total
			}
			before := total()
			if again := total(); again != before {
				t.Fatalf("the same list twice: %d then %d", before, again)
			}
			resp := e.do(request{method: "POST", path: "/api/v1/service-points", actor: "coord", body: newPoint})
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("create: %d", resp.StatusCode)
			}
			if after := total(); after != before+1 {
				t.Fatalf("after creating a point the list says %d, want %d", after, before+1)
			}

			// A token revoked through this instance stops working at once, though it was just used.
			tokens := e.do(request{method: "GET", path: "/api/v1/tokens", actor: "coord"})
			var list struct {
				Items []struct {
					ID int64 `json:"id"`
				} `json:"items"`
			}
			body, _ := io.ReadAll(tokens.Body)
			tokens.Body.Close()
			if err := json.Unmarshal(body, &list); err != nil || len(list.Items) == 0 {
				t.Fatalf("tokens: %s (%v)", body, err)
			}
			if err := e.app.Auth.RevokeAPIToken(t.Context(), e.users["coord"], list.Items[0].ID); err != nil {
				t.Fatal(err)
			}
			resp = e.do(request{method: "GET", path: "/api/v1/me", actor: "coord"})
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("revoked token: %d, want 401", resp.StatusCode)
			}
		})
	}
}
