package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"chuhai/internal/db"
)

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas         map[string]json.RawMessage `json:"schemas"`
		Responses       map[string]json.RawMessage `json:"responses"`
		SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
	} `json:"components"`
}

func fetchOpenAPI(t *testing.T, e *env) ([]byte, openAPIDoc) {
	t.Helper()
	resp := e.do(request{method: "GET", path: "/api/v1/openapi.json"})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var doc openAPIDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	return body, doc
}

var muxParam = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// TestOpenAPIDocumentsExactlyTheAPIRoutes checks both ways: every /api route is documented, and every
// documented operation is a route.
func TestOpenAPIDocumentsExactlyTheAPIRoutes(t *testing.T) {
	e := newEnv(t, db.SQLite)
	_, doc := fetchOpenAPI(t, e)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q", doc.OpenAPI)
	}
	routes := map[string]bool{}
	for _, rt := range e.server.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/api/") {
			continue
		}
		if rt.API == nil {
			t.Errorf("%s %s has no APIDoc", rt.Method, rt.Pattern)
		} else if rt.API.Summary == "" || rt.API.Tag == "" {
			t.Errorf("%s %s: APIDoc lacks a summary or tag", rt.Method, rt.Pattern)
		}
		p := muxParam.ReplaceAllString(strings.TrimSuffix(rt.Pattern, "{$}"), "{$1}")
		key := strings.ToLower(rt.Method) + " " + p
		routes[key] = true
		if _, ok := doc.Paths[p][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Pattern)
		}
	}
	if len(routes) < 3 {
		t.Fatalf("only %d /api routes", len(routes))
	}
	for p, ops := range doc.Paths {
		for method := range ops {
			if !routes[method+" "+p] {
				t.Errorf("documented %s %s is not a route", method, p)
			}
		}
	}
}

func TestOpenAPIDocumentIsDeterministicAndSelfConsistent(t *testing.T) {
	a, doc := fetchOpenAPI(t, newEnv(t, db.SQLite))
	b, _ := fetchOpenAPI(t, newEnv(t, db.SQLite))
	if !bytes.Equal(a, b) {
		t.Fatal("two servers built different documents")
	}
	// Every $ref points at something defined.
	refs := regexp.MustCompile(`"\$ref":\s*"#/components/(schemas|responses)/([^"]+)"`).FindAllStringSubmatch(string(a), -1)
	if len(refs) == 0 {
		t.Fatal("no references")
	}
	for _, r := range refs {
		var ok bool
		if r[1] == "schemas" {
			_, ok = doc.Components.Schemas[r[2]]
		} else {
			_, ok = doc.Components.Responses[r[2]]
		}
		if !ok {
			t.Errorf("dangling $ref %s/%s", r[1], r[2])
		}
	}
	// Within an operation, a parameter is unique by name and location (OpenAPI 3.1, 4.8.12.1).
	for p, ops := range doc.Paths {
		for method, raw := range ops {
			var op struct {
				Parameters []struct{ Name, In string } `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, prm := range op.Parameters {
				if seen[prm.In+" "+prm.Name] {
					t.Errorf("%s %s: parameter %s in %s twice", method, p, prm.Name, prm.In)
				}
				seen[prm.In+" "+prm.Name] = true
			}
		}
	}
	if _, ok := doc.Components.SecuritySchemes["bearer"]; !ok {
		t.Error("no bearer security scheme")
	}
	var problem struct {
		Properties map[string]any `json:"properties"`
		Required   []string       `json:"required"`
	}
	if err := json.Unmarshal(doc.Components.Schemas["Problem"], &problem); err != nil {
		t.Fatal(err)
	}
	sort.Strings(problem.Required)
	if _, ok := problem.Properties["errors"]; !ok || strings.Join(problem.Required, ",") != "request_id,status,title,type" {
		t.Errorf("problem schema = %s", doc.Components.Schemas["Problem"])
	}
}

func TestOpenAPIDescribesTheAuditList(t *testing.T) {
	_, doc := fetchOpenAPI(t, newEnv(t, db.SQLite))
	var op struct {
		OperationID string   `json:"operationId"`
		Tags        []string `json:"tags"`
		Parameters  []struct {
			Name, In string
			Schema   map[string]any `json:"schema"`
		} `json:"parameters"`
		Security  []map[string][]string      `json:"security"`
		Responses map[string]json.RawMessage `json:"responses"`
	}
	if err := json.Unmarshal(doc.Paths["/api/v1/audit"]["get"], &op); err != nil {
		t.Fatal(err)
	}
	var params []string
	for _, p := range op.Parameters {
		params = append(params, p.In+":"+p.Name)
	}
	if got := strings.Join(params, " "); got != "query:actor query:action query:object_type query:object_id query:request_id query:from query:to query:page query:per_page" {
		t.Errorf("parameters = %s", got)
	}
	if op.Parameters[5].Schema["format"] != "date" || op.Parameters[7].Schema["type"] != "integer" {
		t.Errorf("parameter schemas: %+v", op.Parameters)
	}
	if len(op.Security) != 1 || op.Security[0]["bearer"] == nil || len(op.Tags) != 1 || op.Tags[0] != "audit" {
		t.Errorf("security %v, tags %v", op.Security, op.Tags)
	}
	for _, status := range []string{"200", "400", "401", "403", "500"} {
		if _, ok := op.Responses[status]; !ok {
			t.Errorf("no %s response", status)
		}
	}
	if !strings.Contains(string(op.Responses["200"]), `"#/components/schemas/ListAuditRow"`) {
		t.Errorf("200 = %s", op.Responses["200"])
	}
	var row struct {
		Properties map[string]map[string]any `json:"properties"`
		Required   []string                  `json:"required"`
	}
	if err := json.Unmarshal(doc.Components.Schemas["AuditRow"], &row); err != nil {
		t.Fatal(err)
	}
	if row.Properties["at"]["format"] != "date-time" || row.Properties["id"]["type"] != "integer" {
		t.Errorf("AuditRow = %s", doc.Components.Schemas["AuditRow"])
	}
	for _, r := range row.Required {
		if r == "actor_id" {
			t.Error("actor_id is omitempty but required")
		}
	}
	var get struct {
		Parameters []struct{ Name, In string } `json:"parameters"`
		Responses  map[string]json.RawMessage  `json:"responses"`
	}
	if err := json.Unmarshal(doc.Paths["/api/v1/audit/{id}"]["get"], &get); err != nil {
		t.Fatal(err)
	}
	if len(get.Parameters) != 1 || get.Parameters[0].In != "path" || get.Parameters[0].Name != "id" || get.Responses["404"] == nil {
		t.Errorf("GET /api/v1/audit/{id}: %+v", get)
	}
	var self struct {
		Security []any `json:"security"`
	}
	if err := json.Unmarshal(doc.Paths["/api/v1/openapi.json"]["get"], &self); err != nil || self.Security == nil || len(self.Security) != 0 {
		t.Errorf("the document itself should need no authentication: %v %v", self.Security, err)
	}
}
