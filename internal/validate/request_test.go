package validate

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

func loadFixture(t *testing.T) *openapi3.T {
	t.Helper()
	data, err := os.ReadFile("testdata/api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return doc
}

func route(doc *openapi3.T, path, method string) *routers.Route {
	item := doc.Paths.Value(path)
	return &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: item.GetOperation(method)}
}

func TestRequest(t *testing.T) {
	doc := loadFixture(t)
	const good = `{"text":"lovely","rate":5}`
	type want struct {
		status   int
		findings []Finding
	}
	tests := []struct {
		name    string
		path    string
		target  string
		method  string
		params  map[string]string
		headers map[string]string
		body    string
		want    want
	}{
		{
			name: "valid with client quirks", path: "/user/{userId}/review", method: "POST",
			target:  "/v1/user/usr_daniel/review?pageSize=25&keyword=&lastEvaluatedKey=",
			params:  map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer tok_margaret_access", "Content-Type": "application/json; charset=utf-8", "x-user-timezone-offset": "-60"},
			body:    good,
		},
		{
			name: "bearer undefined is no token", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer undefined", "Content-Type": "application/json"},
			body:    `{"bad json`,
			want:    want{401, []Finding{{"header.Authorization", "missing-token", "a bearer token is required"}}},
		},
		{
			name: "wrong scheme", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Basic abc", "Content-Type": "application/json"},
			body:    good,
			want:    want{401, []Finding{{"header.Authorization", "invalid-scheme", "the Authorization header must use the Bearer scheme"}}},
		},
		{
			name: "malformed json with position", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json"},
			body:    "{\n  \"text\": \"x\",\n  }",
			want:    want{400, []Finding{{"body", "malformed-json", "invalid character '}' looking for beginning of object key string at line 3, column 3"}}},
		},
		{
			name: "truncated json", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json"},
			body:    `{"text":`,
			want:    want{400, []Finding{{"body", "malformed-json", "unexpected end of JSON input at line 1, column 9"}}},
		},
		{
			name: "trailing data", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json"},
			body:    good + "{}",
			want:    want{400, []Finding{{"body", "malformed-json", "invalid character '{' after top-level value at line 1, column 28"}}},
		},
		{
			name: "invalid utf8", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json"},
			body:    "{\"text\":\"\xff\",\"rate\":1}",
			want:    want{400, []Finding{{"body", "invalid-utf8", "the body is not valid UTF-8"}}},
		},
		{
			name: "too deep", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json"},
			body:    `{"tags":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`,
			want:    want{400, []Finding{{"body", "too-deep", "JSON nests deeper than 64 levels at line 1, column 72"}}},
		},
		{
			name: "wrong content type", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "text/plain"},
			body:    good,
			want:    want{415, []Finding{{"header.Content-Type", "unsupported-media-type", "send the body as application/json"}}},
		},
		{
			name: "missing body", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json"},
			want:    want{422, []Finding{{"body", "required", "a request body is required"}}},
		},
		{
			name: "every schema problem at once", path: "/user/{userId}/review", method: "POST",
			target:  "/v1/user/ab/review?pageSize=abc&keyword=toolongword",
			params:  map[string]string{"userId": "ab"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json", "x-user-timezone-offset": "9999"},
			body:    `{"text":"","rate":9,"kind":"chat","email":"nope","at":"yesterday","code":"12a4","tags":["a","bb","cc"],"coins":0,"extra":true}`,
			want: want{422, []Finding{
				{"path.userId", "min-length", "must be at least 3 characters long"},
				{"query.pageSize", "type", "must be an integer"},
				{"query.keyword", "max-length", "must be at most 5 characters long"},
				{"header.x-user-timezone-offset", "maximum", "must be at most 720"},
				{"body.at", "format", "must be a valid date-time"},
				{"body.code", "pattern", `must match the pattern "^[0-9]{4}$"`},
				{"body.coins", "minimum", "must be more than 0"},
				{"body.email", "format", "must be a valid email"},
				{"body.kind", "enum", `must be one of "audio", "video"`},
				{"body.rate", "maximum", "must be at most 5"},
				{"body.tags", "max-items", "must have at most 2 items"},
				{"body.tags[0]", "min-length", "must be at least 2 characters long"},
				{"body.text", "min-length", "must be at least 1 character long"},
				{"body.extra", "unknown-field", `property "extra" is not allowed`},
			}},
		},
		{
			name: "required and type", path: "/user/{userId}/review", method: "POST",
			target: "/v1/user/usr_daniel/review", params: map[string]string{"userId": "usr_daniel"},
			headers: map[string]string{"Authorization": "Bearer t", "Content-Type": "application/json"},
			body:    `{"rate":"5"}`,
			want: want{422, []Finding{
				{"body.rate", "type", "must be an integer"},
				{"body.text", "required", `property "text" is missing`},
			}},
		},
		{
			name: "unauthenticated operation", path: "/users", method: "GET",
			target:  "/v1/users?email=margaret.hughes@example.com",
			headers: map[string]string{"Authorization": "Bearer undefined", "Content-Type": "application/json"},
		},
		{
			name: "api key missing", path: "/keyed", method: "GET", target: "/v1/keyed",
			want: want{401, []Finding{{"header.X-API-Key", "missing-api-key", "an API key is required"}}},
		},
		{
			name: "api key present", path: "/keyed", method: "GET", target: "/v1/keyed",
			headers: map[string]string{"X-API-Key": "k"},
		},
	}
	v := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			for k, val := range tt.headers {
				r.Header.Set(k, val)
			}
			body, fail := v.ReadBody(r)
			if fail != nil {
				t.Fatalf("ReadBody: %v", fail)
			}
			_, fail = v.Request(context.Background(), Input{Request: r, Route: route(doc, tt.path, tt.method), PathParams: tt.params, Body: body})
			var got want
			if fail != nil {
				got = want{fail.Status, fail.Findings}
			}
			sortFindings(got.findings)
			sortFindings(tt.want.findings)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func sortFindings(fs []Finding) {
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			if fs[j].Location < fs[i].Location {
				fs[i], fs[j] = fs[j], fs[i]
			}
		}
	}
}

func TestReadBodyLimit(t *testing.T) {
	v := New(WithMaxBodyBytes(16))
	tests := []struct {
		name   string
		body   string
		length int64
		status int
	}{
		{"under", `{"a":1}`, -1, 0},
		{"declared over", strings.Repeat("x", 10), 100, http.StatusRequestEntityTooLarge},
		{"streamed over", strings.Repeat("x", 17), -1, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			r.ContentLength = tt.length
			_, fail := v.ReadBody(r)
			got := 0
			if fail != nil {
				got = fail.Status
			}
			if got != tt.status {
				t.Fatalf("status %d, want %d", got, tt.status)
			}
		})
	}
}

func TestValidatedValueKeepsBody(t *testing.T) {
	doc := loadFixture(t)
	v := New()
	r := httptest.NewRequest("POST", "/v1/user/usr_daniel/review", strings.NewReader(`{"text":"hi","rate":4}`))
	r.Header.Set("Authorization", "Bearer t")
	r.Header.Set("Content-Type", "application/json")
	body, _ := v.ReadBody(r)
	got, fail := v.Request(context.Background(), Input{Request: r, Route: route(doc, "/user/{userId}/review", "POST"), PathParams: map[string]string{"userId": "usr_daniel"}, Body: body})
	if fail != nil {
		t.Fatal(fail)
	}
	m, ok := got.(map[string]any)
	if !ok || m["text"] != "hi" {
		t.Fatalf("validated value = %#v", got)
	}
}

func TestCredentialVerifier(t *testing.T) {
	doc := loadFixture(t)
	v := New(WithCredentialVerifier(func(_ context.Context, scheme, cred string) bool { return cred == "tok_margaret_access" }))
	tests := []struct {
		name, token string
		status      int
	}{
		{"known", "tok_margaret_access", 0},
		{"unknown", "tok_nobody", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/v1/user/usr_daniel/review", strings.NewReader(`{"text":"hi","rate":4}`))
			r.Header.Set("Authorization", "Bearer "+tt.token)
			r.Header.Set("Content-Type", "application/json")
			body, _ := v.ReadBody(r)
			_, fail := v.Request(context.Background(), Input{Request: r, Route: route(doc, "/user/{userId}/review", "POST"), PathParams: map[string]string{"userId": "usr_daniel"}, Body: body})
			got := 0
			if fail != nil {
				got = fail.Status
				if fail.Findings[0].Code != "invalid-token" {
					t.Errorf("code %q", fail.Findings[0].Code)
				}
			}
			if got != tt.status {
				t.Fatalf("status %d, want %d", got, tt.status)
			}
		})
	}
}

func TestUnauthorizedMessage(t *testing.T) {
	doc := loadFixture(t)
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{name: "neutral by default", want: UnauthorizedMessage},
		{name: "a product's own words", opts: []Option{WithUnauthorizedMessage("sign in to continue")}, want: "sign in to continue"},
		{name: "empty keeps the default", opts: []Option{WithUnauthorizedMessage("")}, want: UnauthorizedMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := New(tt.opts...)
			r := httptest.NewRequest("POST", "/v1/user/usr_daniel/review", strings.NewReader(`{"text":"hi","rate":4}`))
			r.Header.Set("Content-Type", "application/json")
			body, _ := v.ReadBody(r)
			_, fail := v.Request(context.Background(), Input{Request: r, Route: route(doc, "/user/{userId}/review", "POST"), PathParams: map[string]string{"userId": "usr_daniel"}, Body: body})
			if fail == nil || fail.Status != 401 || fail.Code != CodeUnauthorized {
				t.Fatalf("failure %+v, want 401 %s", fail, CodeUnauthorized)
			}
			if fail.Message != tt.want {
				t.Errorf("message %q, want %q", fail.Message, tt.want)
			}
		})
	}
}

func TestLineCol(t *testing.T) {
	tests := []struct {
		in        string
		off       int
		line, col int
	}{
		{"abc", 0, 1, 1},
		{"abc", 2, 1, 3},
		{"a\nbc", 3, 2, 2},
		{"é\nx", 100, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l, c := LineCol([]byte(tt.in), tt.off)
			if l != tt.line || c != tt.col {
				t.Fatalf("LineCol = %d:%d, want %d:%d", l, c, tt.line, tt.col)
			}
		})
	}
}
