package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"chuhai/internal/auth"
)

func TestIdempotencyKeyMakesRetriesSafe(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("admin", auth.NewUser{Role: auth.SystemAdmin})
		count := func(login string) int {
			var n int
			if err := e.app.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM app_user WHERE login = $1`, login).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		body := `{"login":"wang-li","password":"Harbour-Lights-2026","role":"city_coordinator"}`
		post := func(key, body string) request {
			return request{method: "POST", path: "/api/v1/users", actor: "admin", body: body, header: map[string]string{"Idempotency-Key": key}}
		}
		first := e.do(post("k-1", body))
		firstBody, _ := io.ReadAll(first.Body)
		first.Body.Close()
		if first.StatusCode != 201 || first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("first: %d %s", first.StatusCode, firstBody)
		}
		retry := e.do(post("k-1", body))
		retryBody, _ := io.ReadAll(retry.Body)
		retry.Body.Close()
		if retry.StatusCode != 201 || string(retryBody) != string(firstBody) || retry.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %d %q replayed=%q; want the first response again", retry.StatusCode, retryBody, retry.Header.Get("Idempotent-Replayed"))
		}
		if n := count("wang-li"); n != 1 {
			t.Errorf("%d accounts after a retried POST, want 1", n)
		}
		runScenarios(t, e, []scenario{
			{name: "same key, other body", req: post("k-1", strings.Replace(body, "wang-li", "li-wang", 1)), status: 422,
				contains: []string{"Idempotency-Key"}, after: func(t *testing.T, e *env) {
					if count("li-wang") != 0 {
						t.Error("a mismatched retry created an account")
					}
				}},
			{name: "bad key", req: post(strings.Repeat("k", 300), body), status: 400, contains: []string{`"field":"Idempotency-Key"`}},
			{name: "non-ASCII key", req: post("键", body), status: 400},
			// A failure is not kept: the corrected request with the same key runs.
			{name: "invalid body", req: post("k-2", `{"login":"x","password":"short","role":"city_coordinator"}`), status: 400},
			{name: "corrected", req: post("k-2", `{"login":"zhao-min","password":"Harbour-Lights-2026","role":"city_coordinator"}`), status: 201,
				after: func(t *testing.T, e *env) {
					if count("zhao-min") != 1 {
						t.Error("corrected request did not run")
					}
				}},
		})
		e.as("admin2", auth.NewUser{Role: auth.SystemAdmin})
		resp := e.do(request{method: "POST", path: "/api/v1/users", actor: "admin2", body: `{"login":"sun-yu","password":"Harbour-Lights-2026","role":"city_coordinator"}`,
			header: map[string]string{"Idempotency-Key": "k-1"}})
		resp.Body.Close()
		if resp.StatusCode != 201 {
			t.Errorf("another caller's key space: %d", resp.StatusCode)
		}

		// Credentials are never stored: a retried token creation is told it was done.
		tok := func() *http.Response {
			return e.do(request{method: "POST", path: "/api/v1/tokens", actor: "admin", body: `{"name":"ci"}`, header: map[string]string{"Idempotency-Key": "t-1"}})
		}
		if r := tok(); r.StatusCode != 201 {
			t.Fatalf("token: %d", r.StatusCode)
		}
		r := tok()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != 409 || strings.Contains(string(b), `"token"`) {
			t.Errorf("token retry: %d %s", r.StatusCode, b)
		}
		var stored int
		if err := e.app.DB.QueryRow(context.Background(), `SELECT length(body) FROM idempotency_key WHERE key = 't-1'`).Scan(&stored); err != nil || stored != 0 {
			t.Errorf("stored token response of %d bytes (%v)", stored, err)
		}
	})
}

func TestIdempotencyConcurrentDoubleSubmit(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("admin", auth.NewUser{Role: auth.SystemAdmin})
		var wg sync.WaitGroup
		statuses := make(chan int, 6)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.do(request{method: "POST", path: "/api/v1/users", actor: "admin",
					body: `{"login":"qian-hao","password":"Harbour-Lights-2026","role":"city_coordinator"}`, header: map[string]string{"Idempotency-Key": "dbl"}})
				r.Body.Close()
				statuses <- r.StatusCode
			}()
		}
		wg.Wait()
		close(statuses)
		for st := range statuses {
			if st != 201 && st != 409 {
				t.Errorf("double submit answered %d, want 201 (first or replay) or 409 (still running)", st)
			}
		}
		var n int
		if err := e.app.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM app_user WHERE login = 'qian-hao'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d accounts (%v), want 1", n, err)
		}
	})
}
