package web

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

type schemaLeaf struct {
	Code string `json:"code"`
}

type schemaBase struct {
	ID     int64  `json:"id"`
	Shadow string `json:"shadow"`
	//lint:ignore U1000 an unexported field, present to show that the schema leaves it out
	private int
}

type schemaNode struct {
	Children []schemaNode `json:"children"`
}

type schemaSample struct {
	schemaBase
	Name     string                `json:"name"`
	Optional string                `json:"optional,omitempty"`
	Zero     time.Time             `json:"zero,omitzero"`
	At       time.Time             `json:"at"`
	Ptr      *schemaLeaf           `json:"ptr"`
	PtrInt   *int                  `json:"ptr_int,omitempty"`
	Leaves   []schemaLeaf          `json:"leaves"`
	ByCode   map[string]schemaLeaf `json:"by_code"`
	Counts   map[int]float64       `json:"counts"`
	Raw      json.RawMessage       `json:"raw"`
	Any      any                   `json:"any"`
	Bytes    []byte                `json:"bytes"`
	Quoted   int64                 `json:"quoted,string"`
	Skipped  string                `json:"-"`
	NoTag    bool
	Fixed    [2]uint8          `json:"fixed"`
	Inline   struct{ X int32 } `json:"inline"`
	Tree     schemaNode        `json:"tree"`
	Shadow   int               `json:"shadow"` // hides schemaBase.Shadow, as encoding/json does
	List     List[schemaLeaf]  `json:"list"`
}

func TestSchemaFollowsEncodingJSON(t *testing.T) {
	g := newSchemaGen()
	s, err := g.schema(reflect.TypeFor[schemaSample]())
	if err != nil {
		t.Fatal(err)
	}
	if s["$ref"] != "#/components/schemas/SchemaSample" {
		t.Fatalf("ref = %v", s)
	}
	got, _ := json.Marshal(g.components["SchemaSample"])
	var obj struct {
		Type       string                     `json:"type"`
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
	}
	if err := json.Unmarshal(got, &obj); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id":       `{"format":"int64","type":"integer"}`,
		"shadow":   `{"format":"int64","type":"integer"}`,
		"name":     `{"type":"string"}`,
		"optional": `{"type":"string"}`,
		"zero":     `{"format":"date-time","type":"string"}`,
		"at":       `{"format":"date-time","type":"string"}`,
		"ptr":      `{"anyOf":[{"$ref":"#/components/schemas/SchemaLeaf"},{"type":"null"}]}`,
		"ptr_int":  `{"format":"int64","type":["integer","null"]}`,
		"leaves":   `{"items":{"$ref":"#/components/schemas/SchemaLeaf"},"type":"array"}`,
		"by_code":  `{"additionalProperties":{"$ref":"#/components/schemas/SchemaLeaf"},"type":"object"}`,
		"counts":   `{"additionalProperties":{"format":"double","type":"number"},"type":"object"}`,
		"raw":      `{}`,
		"any":      `{}`,
		"bytes":    `{"contentEncoding":"base64","type":"string"}`,
		"quoted":   `{"type":"string"}`,
		"NoTag":    `{"type":"boolean"}`,
		"fixed":    `{"items":{"minimum":0,"type":"integer"},"maxItems":2,"minItems":2,"type":"array"}`,
		"inline":   `{"additionalProperties":false,"properties":{"X":{"format":"int32","type":"integer"}},"required":["X"],"type":"object"}`,
		"tree":     `{"$ref":"#/components/schemas/SchemaNode"}`,
		"list":     `{"$ref":"#/components/schemas/ListSchemaLeaf"}`,
	}
	for name, w := range want {
		if g := string(obj.Properties[name]); g != w {
			t.Errorf("property %s = %s, want %s", name, g, w)
		}
	}
	for name := range obj.Properties {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected property %s", name)
		}
	}
	if r := strings.Join(obj.Required, ","); r != "NoTag,any,at,by_code,bytes,counts,fixed,id,inline,leaves,list,name,ptr,quoted,raw,shadow,tree" {
		t.Errorf("required = %s", r)
	}
	node, _ := json.Marshal(g.components["SchemaNode"])
	if string(node) != `{"additionalProperties":false,"properties":{"children":{"items":{"$ref":"#/components/schemas/SchemaNode"},"type":"array"}},"required":["children"],"type":"object"}` {
		t.Errorf("recursive type = %s", node)
	}
	list, _ := json.Marshal(g.components["ListSchemaLeaf"])
	if string(list) != `{"additionalProperties":false,"properties":{"items":{"items":{"$ref":"#/components/schemas/SchemaLeaf"},"type":"array"},"page":{"format":"int64","type":"integer"},"per_page":{"format":"int64","type":"integer"},"total":{"format":"int64","type":"integer"}},"required":["items","page","per_page","total"],"type":"object"}` {
		t.Errorf("List[schemaLeaf] = %s", list)
	}
}

func TestSchemaRefusesTypesJSONCannotWrite(t *testing.T) {
	for _, v := range []any{struct{ C chan int }{}, struct{ F func() }{}, map[[2]int]string{}, complex(1, 2)} {
		if _, err := newSchemaGen().schema(reflect.TypeOf(v)); err == nil {
			t.Errorf("%T accepted", v)
		}
	}
}

func TestOpenAPIRefusesUndocumentedAPIRoutes(t *testing.T) {
	_, err := openAPI([]Route{{Method: "GET", Pattern: "/api/v1/things", Access: Anyone}})
	if err == nil || !strings.Contains(err.Error(), "GET /api/v1/things has no APIDoc") {
		t.Fatalf("err = %v", err)
	}
	_, err = openAPI([]Route{{Method: "GET", Pattern: "/api/v1/x", API: &APIDoc{Query: []Param{{Name: "q", Type: "float"}}}}})
	if err == nil {
		t.Fatal("an unknown parameter type was accepted")
	}
	_, err = openAPI([]Route{{Method: "GET", Pattern: "/api/v1/x", API: &APIDoc{Query: []Param{{Name: "q"}, {Name: "q"}}}}})
	if err == nil {
		t.Fatal("a parameter documented twice was accepted")
	}
}

func TestOpenAPIPathsAndOperationIDs(t *testing.T) {
	for _, tc := range []struct{ method, pattern, path, id string }{
		{"GET", "/api/v1/audit", "/api/v1/audit", "get_api_v1_audit"},
		{"GET", "/api/v1/audit/{id}", "/api/v1/audit/{id}", "get_api_v1_audit_id"},
		{"POST", "/api/v1/points/{code}/members/{member_id}", "/api/v1/points/{code}/members/{member_id}", "post_api_v1_points_code_members_member_id"},
		{"GET", "/api/v1/files/{rest...}", "/api/v1/files/{rest}", "get_api_v1_files_rest"},
		{"GET", "/api/v1/{$}", "/api/v1/", "get_api_v1"},
		{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", "get_api_v1_openapi_json"},
	} {
		if got := openAPIPath(tc.pattern); got != tc.path {
			t.Errorf("openAPIPath(%s) = %s, want %s", tc.pattern, got, tc.path)
		}
		if got := operationID(tc.method, tc.pattern); got != tc.id {
			t.Errorf("operationID(%s %s) = %s, want %s", tc.method, tc.pattern, got, tc.id)
		}
	}
}
