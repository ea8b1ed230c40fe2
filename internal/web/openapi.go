package web

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// APIDoc is what the OpenAPI document says about an /api route.
type APIDoc struct {
	Summary  string
	Tag      string
	Request  any     // a value of the request body type, or nil
	Response any     // a value of the success response body type, or nil
	Status   int     // success status; 200 when zero
	Query    []Param // query parameters (page and per_page are added for List responses)
}

// Param is a documented query parameter.
type Param struct {
	Name, Description string
	Type              string // "string" or "integer"; "string" when empty
	Format            string // e.g. "date"
}

// listEnvelope marks List[T], so that its routes document the paging parameters.
type listEnvelope interface{ pagedList() }

func (List[T]) pagedList() {}

var pathParam = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// openAPI builds the OpenAPI 3.1 document from the route table: every /api route must carry an
// APIDoc, and schemas come from its Go types by reflection. The output is deterministic (JSON objects
// are written with sorted keys; lists are sorted), so the document only changes when the API does.
func openAPI(routes []Route) ([]byte, error) {
	g := newSchemaGen()
	paths := map[string]map[string]any{}
	opIDs := map[string]string{}
	tags := map[string]bool{}
	problem, err := g.schema(reflect.TypeFor[Problem]())
	if err != nil {
		return nil, err
	}
	for _, rt := range routes {
		if !strings.HasPrefix(rt.Pattern, "/api/") {
			continue
		}
		where := rt.Method + " " + rt.Pattern
		if rt.API == nil {
			return nil, fmt.Errorf("openapi: route %s has no APIDoc", where)
		}
		p := openAPIPath(rt.Pattern)
		op, err := g.operation(rt)
		if err != nil {
			return nil, fmt.Errorf("openapi: route %s: %w", where, err)
		}
		id := op["operationId"].(string)
		if other, dup := opIDs[id]; dup {
			return nil, fmt.Errorf("openapi: routes %s and %s have the same operation id %s", other, where, id)
		}
		opIDs[id] = where
		if rt.API.Tag != "" {
			tags[rt.API.Tag] = true
		}
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.Method)] = op
	}
	tagList := make([]map[string]string, 0, len(tags))
	for _, name := range slices.Sorted(maps.Keys(tags)) {
		tagList = append(tagList, map[string]string{"name": name})
	}
	problemResponse := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/problem+json": map[string]any{"schema": problem}}}
	}
	doc := map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": map[string]any{
			"title":   "chuhai — 出海综合服务平台 API",
			"version": "1",
			"description": "JSON API of the Shanghai going-global service platform. Errors are RFC 9457 problem " +
				"documents with a request_id and, for invalid input, per-field errors. Lists are paginated with " +
				"page and per_page (at most " + strconv.Itoa(maxPerPage) + "). Messages follow Accept-Language (zh-CN or en).",
		},
		"paths": paths,
		"tags":  tagList,
		"components": map[string]any{
			"schemas": g.components,
			"responses": map[string]any{
				"BadRequest":   problemResponse("Invalid input; errors lists each field."),
				"Unauthorized": problemResponse("Not signed in, or the token is invalid."),
				"Forbidden":    problemResponse("Signed in, but not allowed to do this."),
				"NotFound":     problemResponse("No such resource."),
				"TooLarge":     problemResponse("The request body is over the route's limit."),
				"ServerError":  problemResponse("Something failed on the server; quote request_id."),
			},
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "An API token (chuhai token create)."},
			},
		},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// openAPIPath turns a ServeMux pattern into an OpenAPI path: {$} goes, {rest...} becomes {rest}.
func openAPIPath(pattern string) string {
	p := strings.TrimSuffix(pattern, "{$}")
	return pathParam.ReplaceAllString(p, "{$1}")
}

func operationID(method, pattern string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(openAPIPath(pattern), "/") {
		seg = strings.Trim(seg, "{}")
		if seg == "" {
			continue
		}
		b.WriteByte('_')
		for _, r := range seg {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

func (g *schemaGen) operation(rt Route) (map[string]any, error) {
	doc := rt.API
	op := map[string]any{"operationId": operationID(rt.Method, rt.Pattern), "summary": doc.Summary}
	if doc.Tag != "" {
		op["tags"] = []string{doc.Tag}
	}
	var params []map[string]any
	for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
		name := m[1]
		schema := map[string]any{"type": "string"}
		if name == "id" || strings.HasSuffix(name, "_id") {
			schema = map[string]any{"type": "integer", "format": "int64", "minimum": 1}
		}
		params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": schema})
	}
	query := slices.Clone(doc.Query)
	if _, ok := doc.Response.(listEnvelope); ok {
		for _, p := range []Param{
			{Name: "page", Description: "Page number, from 1.", Type: "integer"},
			{Name: "per_page", Description: "Entries per page, 1 to " + strconv.Itoa(maxPerPage) + " (default 20).", Type: "integer"},
		} {
			if !slices.ContainsFunc(query, func(q Param) bool { return q.Name == p.Name }) {
				query = append(query, p)
			}
		}
	}
	seen := map[string]bool{}
	for _, q := range query {
		if seen[q.Name] {
			return nil, fmt.Errorf("query parameter %s documented twice", q.Name)
		}
		seen[q.Name] = true
		schema := map[string]any{"type": "string"}
		switch q.Type {
		case "", "string":
		case "integer":
			schema = map[string]any{"type": "integer", "minimum": 1}
		default:
			return nil, fmt.Errorf("query parameter %s: unknown type %q", q.Name, q.Type)
		}
		if q.Format != "" {
			schema["format"] = q.Format
		}
		p := map[string]any{"name": q.Name, "in": "query", "schema": schema}
		if q.Description != "" {
			p["description"] = q.Description
		}
		params = append(params, p)
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if doc.Request != nil {
		s, err := g.schema(reflect.TypeOf(doc.Request))
		if err != nil {
			return nil, err
		}
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": s}}}
	}
	status := doc.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": http.StatusText(status)}
	if doc.Response != nil {
		s, err := g.schema(reflect.TypeOf(doc.Response))
		if err != nil {
			return nil, err
		}
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": s}}
	}
	responses := map[string]any{strconv.Itoa(status): ok, "500": ref("responses", "ServerError")}
	if len(params) > 0 || doc.Request != nil {
		responses["400"] = ref("responses", "BadRequest")
	}
	if doc.Request != nil {
		responses["413"] = ref("responses", "TooLarge")
	}
	if strings.Contains(rt.Pattern, "{") {
		responses["404"] = ref("responses", "NotFound")
	}
	if rt.Access.Public {
		op["security"] = []any{}
	} else {
		op["security"] = []any{map[string]any{"bearer": []string{}}}
		responses["401"] = ref("responses", "Unauthorized")
		if len(rt.Access.Roles) > 0 {
			responses["403"] = ref("responses", "Forbidden")
		}
	}
	op["responses"] = responses
	return op, nil
}

func ref(kind, name string) map[string]any {
	return map[string]any{"$ref": "#/components/" + kind + "/" + name}
}

// schemaGen derives JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses) from Go types the way
// encoding/json writes them. Named struct types become components, referenced by $ref.
type schemaGen struct {
	components map[string]map[string]any
	names      map[reflect.Type]string
}

func newSchemaGen() *schemaGen {
	return &schemaGen{components: map[string]map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

func (g *schemaGen) schema(t reflect.Type) (map[string]any, error) {
	if t.Kind() == reflect.Pointer {
		inner, err := g.schema(t.Elem())
		if err != nil {
			return nil, err
		}
		return nullable(inner), nil
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}, nil
	case t == rawMessageType:
		return map[string]any{}, nil
	case t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType):
		return map[string]any{}, nil // writes its own JSON; nothing to say about its shape
	case t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType):
		return map[string]any{"type": "string"}, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}, nil
	case reflect.Int8, reflect.Int16, reflect.Int32:
		return map[string]any{"type": "integer", "format": "int32"}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return map[string]any{"type": "integer", "minimum": 0}, nil
	case reflect.Float32:
		return map[string]any{"type": "number", "format": "float"}, nil
	case reflect.Float64:
		return map[string]any{"type": "number", "format": "double"}, nil
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Interface:
		return map[string]any{}, nil
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}, nil
		}
		items, err := g.schema(t.Elem())
		if err != nil {
			return nil, err
		}
		s := map[string]any{"type": "array", "items": items}
		if t.Kind() == reflect.Array {
			s["minItems"], s["maxItems"] = t.Len(), t.Len()
		}
		return s, nil
	case reflect.Map:
		switch k := t.Key(); {
		case k.Kind() == reflect.String, k.Implements(textMarshalerType),
			k.Kind() >= reflect.Int && k.Kind() <= reflect.Uintptr:
		default:
			return nil, fmt.Errorf("map key type %s cannot be JSON", k)
		}
		vals, err := g.schema(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": vals}, nil
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name, seen := g.names[t]
		if !seen {
			name = g.uniqueName(t)
			g.names[t] = name
			g.components[name] = nil // reserve the name; recursive types refer to it
			s, err := g.object(t)
			if err != nil {
				return nil, err
			}
			g.components[name] = s
		}
		return ref("schemas", name), nil
	}
	return nil, fmt.Errorf("type %s (%s) cannot be JSON", t, t.Kind())
}

func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		out := make(map[string]any, len(s))
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []string{typ, "null"}
		return out
	}
	if len(s) == 0 {
		return s // anything, null included
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

// jsonField is one property as encoding/json sees a struct.
type jsonField struct {
	name      string
	typ       reflect.Type
	omitEmpty bool
	quoted    bool
	depth     int
}

// fields lists a struct's JSON properties in declaration order, flattening embedded structs; a name
// declared nearer the top hides the same name deeper down, as in encoding/json.
func fields(t reflect.Type, depth int, visited map[reflect.Type]bool) []jsonField {
	if visited[t] {
		return nil
	}
	visited[t] = true
	defer delete(visited, t)
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				out = append(out, fields(et, depth+1, visited)...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		jf := jsonField{name: name, typ: ft, depth: depth}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty", "omitzero":
				jf.omitEmpty = true
			case "string":
				jf.quoted = true
			}
		}
		out = append(out, jf)
	}
	return out
}

func (g *schemaGen) object(t reflect.Type) (map[string]any, error) {
	all := fields(t, 0, map[reflect.Type]bool{})
	shallowest := map[string]int{}
	for _, f := range all {
		if d, ok := shallowest[f.name]; !ok || f.depth < d {
			shallowest[f.name] = f.depth
		}
	}
	props := map[string]any{}
	required := []string{}
	for _, f := range all {
		if f.depth != shallowest[f.name] || props[f.name] != nil {
			continue
		}
		s, err := g.schema(f.typ)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, f.name, err)
		}
		if f.quoted {
			switch f.typ.Kind() {
			case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint,
				reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
				s = map[string]any{"type": "string"}
			}
		}
		props[f.name] = s
		if !f.omitEmpty {
			required = append(required, f.name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s, nil
}

var qualifiedName = regexp.MustCompile(`(?:[\w.\-]+/)*(\w+)\.(\w+)`)

// uniqueName names a component after its package and type: audit.Row is AuditRow, web's own types go
// without a prefix (Problem), and List[audit.Row] is ListAuditRow.
func (g *schemaGen) uniqueName(t reflect.Type) string {
	base, args, _ := strings.Cut(t.Name(), "[")
	name := qualify(path.Base(t.PkgPath()), base)
	if args != "" {
		args = qualifiedName.ReplaceAllStringFunc(args, func(m string) string {
			sm := qualifiedName.FindStringSubmatch(m)
			return qualify(sm[1], sm[2])
		})
		for _, word := range strings.FieldsFunc(args, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			name += upperFirst(word)
		}
	}
	candidate := name
	for n := 2; g.taken(candidate); n++ {
		candidate = name + strconv.Itoa(n)
	}
	return candidate
}

func (g *schemaGen) taken(name string) bool {
	_, ok := g.components[name]
	return ok
}

func qualify(pkg, name string) string {
	if pkg == "web" || pkg == "." || pkg == "" {
		return upperFirst(name)
	}
	return upperFirst(pkg) + name
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
