package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"chuhai/internal/apperr"
)

type decodeTarget struct {
	Name  string    `json:"name"`
	Count int       `json:"count"`
	Tags  []string  `json:"tags,omitempty"`
	When  time.Time `json:"when,omitzero"`
	Inner struct {
		N int `json:"n"`
	} `json:"inner"`
}

// jsonRequest is a request whose body is limited as endpoint limits it.
func jsonRequest(body string, limit int64) *http.Request {
	r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, limit)
	return r
}

func TestDecodeJSON(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		limit      int64
		key        string // expected apperr key; "" for success
		field      string // expected field in error
		detail     string // expected Detail argument
		tooLarge   bool
	}{
		{name: "valid", body: `{"name":"徐汇区服务站","count":2,"tags":["odi"],"when":"2026-03-01T09:30:00+08:00","inner":{"n":1}}`},
		{name: "whitespace around", body: " \n {\"name\":\"a\"} \n\t"},
		{name: "null is no value", body: `null`},
		{name: "empty body", body: ``, key: "error.bad_json", detail: "empty body"},
		{name: "only whitespace", body: "  \n", key: "error.bad_json", detail: "empty body"},
		{name: "cut short", body: `{"name":`, key: "error.bad_json"},
		{name: "syntax error", body: `{"name" "x"}`, key: "error.bad_json", detail: "syntax error at byte 9"},
		{name: "single quotes", body: `{'name':'x'}`, key: "error.bad_json"},
		{name: "byte order mark", body: "\uFEFF{}", key: "error.bad_json"},
		{name: "string for a number", body: `{"count":"2"}`, key: "error.invalid", field: "count"},
		{name: "fraction for an integer", body: `{"count":1.5}`, key: "error.invalid", field: "count"},
		{name: "number too big", body: `{"count":1e400}`, key: "error.invalid", field: "count"},
		{name: "number for a string", body: `{"name":5}`, key: "error.invalid", field: "name"},
		{name: "object for a list", body: `{"tags":{"a":1}}`, key: "error.invalid", field: "tags"},
		{name: "nested wrong type", body: `{"inner":{"n":"x"}}`, key: "error.invalid", field: "inner.n"},
		{name: "bad time", body: `{"when":"yesterday"}`, key: "error.bad_json"},
		{name: "a list for the body", body: `[1,2]`, key: "error.invalid", field: "(body)"},
		{name: "a string for the body", body: `"x"`, key: "error.invalid", field: "(body)"},
		{name: "unknown field", body: `{"name":"a","admin":true}`, key: "error.invalid", field: "admin"},
		{name: "unknown nested field", body: `{"inner":{"m":1}}`, key: "error.invalid", field: "m"},
		{name: "trailing value", body: `{"name":"a"}{"name":"b"}`, key: "error.bad_json", detail: "trailing data after the JSON value"},
		{name: "trailing garbage", body: `{"name":"a"} x`, key: "error.bad_json", detail: "trailing data after the JSON value"},
		{name: "over the limit", body: `{"name":"` + strings.Repeat("长", 100) + `"}`, limit: 64, tooLarge: true},
		{name: "over the limit in trailing data", body: `{}` + strings.Repeat(" ", 100), limit: 64, tooLarge: true},
	} {
		limit := tc.limit
		if limit == 0 {
			limit = defaultMaxBody
		}
		var v decodeTarget
		err := decodeJSON(jsonRequest(tc.body, limit), &v)
		var mbe *http.MaxBytesError
		switch {
		case tc.tooLarge:
			if !errors.As(err, &mbe) {
				t.Errorf("%s: %v, want MaxBytesError", tc.name, err)
			}
		case tc.key == "":
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		default:
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindInvalid || e.Key != tc.key {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
				continue
			}
			if tc.field != "" && (len(e.Fields) != 1 || e.Fields[0].Name != tc.field) {
				t.Errorf("%s: fields %+v, want %s", tc.name, e.Fields, tc.field)
			}
			if tc.detail != "" && e.Args["Detail"] != tc.detail {
				t.Errorf("%s: detail %v, want %q", tc.name, e.Args["Detail"], tc.detail)
			}
		}
	}
}

func TestDecodeJSONFillsTheValue(t *testing.T) {
	var v decodeTarget
	if err := decodeJSON(jsonRequest(`{"name":"徐汇","count":3,"inner":{"n":4}}`, defaultMaxBody), &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != "徐汇" || v.Count != 3 || v.Inner.N != 4 {
		t.Fatalf("decoded %+v", v)
	}
}

// FuzzDecodeJSON: whatever arrives, decodeJSON neither panics nor returns anything but a validation
// failure or the body-limit error.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{``, `{}`, `null`, `{"name":"a","count":1}`, `{"count":"x"}`, `{"x":1}`, `[`, `{"a":1}{`,
		`{"inner":{"n":[]}}`, `{"when":"2026-13-45T99:99:99Z"}`, "\xff\xfe", `{"name":"\ud800"}`, strings.Repeat("[", 200)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var v decodeTarget
		err := decodeJSON(jsonRequest(body, 256), &v)
		if err == nil {
			return
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return
		}
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid {
			t.Fatalf("decodeJSON(%q) = %T %v, want a validation failure", body, err, err)
		}
	})
}

func TestPaging(t *testing.T) {
	for _, tc := range []struct {
		query         string
		page, perPage int
		fields        string // fields in error, "" when valid
	}{
		{"", 1, 20, ""},
		{"page=3", 3, 20, ""},
		{"per_page=100", 1, 100, ""},
		{"page=2&per_page=1", 2, 1, ""},
		{"page=1000000", 1000000, 20, ""},
		{"page=0", 0, 0, "page"},
		{"page=-1", 0, 0, "page"},
		{"page=abc", 0, 0, "page"},
		{"page=1.5", 0, 0, "page"},
		{"page=%201", 0, 0, "page"},
		{"page=1000001", 0, 0, "page"},
		{"page=99999999999999999999999", 0, 0, "page"},
		{"per_page=0", 0, 0, "per_page"},
		{"per_page=101", 0, 0, "per_page"},
		{"per_page=-5", 0, 0, "per_page"},
		{"page=x&per_page=y", 0, 0, "page,per_page"},
	} {
		p, err := paging(httptest.NewRequest("GET", "/api/v1/x?"+tc.query, nil))
		if tc.fields == "" {
			if err != nil || p.Page != tc.page || p.PerPage != tc.perPage {
				t.Errorf("%q: %+v, %v; want page %d per_page %d", tc.query, p, err, tc.page, tc.perPage)
			}
			continue
		}
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid {
			t.Errorf("%q: %v, want invalid", tc.query, err)
			continue
		}
		var names []string
		for _, f := range e.Fields {
			names = append(names, f.Name)
		}
		if strings.Join(names, ",") != tc.fields {
			t.Errorf("%q: fields %v, want %s", tc.query, names, tc.fields)
		}
	}
	if got := (Paging{Page: 3, PerPage: 20}).Offset(); got != 40 {
		t.Errorf("offset of page 3 = %d", got)
	}
}

func TestPathID(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  int64 // 0 when invalid
	}{
		{"1", 1}, {"42", 42}, {"9223372036854775807", 9223372036854775807},
		{"0", 0}, {"-1", 0}, {"+1", 0}, {"007", 0}, {"abc", 0}, {"", 0}, {"1.0", 0}, {"1e3", 0}, {" 1", 0},
		{"0x10", 0}, {"9223372036854775808", 0}, {"１２", 0},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("id", tc.value)
		n, err := pathID(r, "id")
		if tc.want == 0 {
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindInvalid || len(e.Fields) != 1 || e.Fields[0].Name != "id" || e.Fields[0].Key != "error.bad_id" {
				t.Errorf("pathID(%q) = %d, %v; want a bad id error on field id", tc.value, n, err)
			}
			continue
		}
		if err != nil || n != tc.want {
			t.Errorf("pathID(%q) = %d, %v; want %d", tc.value, n, err, tc.want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/", "/"},
		{"/about", "/about"},
		{"/console/audit?actor=wang&page=2", "/console/audit?actor=wang&page=2"},
		{"/network#xh", "/network#xh"},
		{"/%2F%2Fevil.example", "/%2F%2Fevil.example"}, // a path on this site, escaped slashes and all
		{"", "/"},
		{"about", "/"},
		{"https://evil.example/", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/\\/evil.example", "/"},
		{"/a\\..\\..\\evil", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\nSet-Cookie: x=1", "/"},
		{"/\x00", "/"},
		{"/\x7f", "/"},
		{"javascript:alert(1)", "/"},
		{" /about", "/"},
	} {
		if got := localPath(tc.in); got != tc.want {
			t.Errorf("localPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormErrors(t *testing.T) {
	r := httptest.NewRequest("POST", "/lang", strings.NewReader("lang=%zz"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if e, ok := apperr.As(formError(r.ParseForm())); !ok || e.Kind != apperr.KindInvalid || e.Key != "error.bad_form" {
		t.Errorf("malformed form: %v", e)
	}
	r = httptest.NewRequest("POST", "/lang", strings.NewReader("lang=en&back="+strings.Repeat("x", 100)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 16)
	var mbe *http.MaxBytesError
	if err := formError(r.ParseForm()); !errors.As(err, &mbe) {
		t.Errorf("oversize form: %v", err)
	}
}
