package verify

import (
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	api, err := loadREST(pets(t).OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		op   string
		want []string // id | path?query | body | auth
	}{
		{"signIn", []string{
			`rest:signIn:example:password | /sessions | {"email":"ann@example.com","password":"s3cret"} | false`,
			`rest:signIn:example:wrongPassword | /sessions | {"email":"ann@example.com","password":"nope"} | false`,
			`rest:signIn:missing-field:email | /sessions | {"password":"s3cret"} | false`,
			`rest:signIn:wrong-type:email | /sessions | {"email":12345,"password":"s3cret"} | false`,
		}},
		{"createPet", []string{
			`rest:createPet:example:rex | /pets | {"age":3,"name":"Rex"} | true`,
			`rest:createPet:missing-field:name | /pets | {"age":3} | true`,
			`rest:createPet:wrong-type:name | /pets | {"age":3,"name":12345} | true`,
			`rest:createPet:missing-bearer | /pets | {"age":3,"name":"Rex"} | false`,
		}},
		{"listPets", []string{
			`rest:listPets:example | /pets?limit=10 |  | true`,
			`rest:listPets:missing-bearer | /pets?limit=10 |  | false`,
		}},
		{"getPet", []string{
			`rest:getPet:example | /pets/pet_1 |  | true`,
			`rest:getPet:missing-bearer | /pets/pet_1 |  | false`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			var got []string
			for _, r := range api.plan(api.byID[tt.op]) {
				target := r.path
				if q := r.query.Encode(); q != "" {
					target += "?" + q
				}
				got = append(got, strings.Join([]string{r.id, target, string(r.body), map[bool]string{true: "true", false: "false"}[r.auth]}, " | "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("plan\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	tests := []struct{ target, doc, want string }{
		{"http://127.0.0.1:4010", "/v1", "http://127.0.0.1:4010/v1"},
		{"http://127.0.0.1:4010/", "/v1", "http://127.0.0.1:4010/v1"},
		{"https://test-api.talkamie.com/v1/", "/v1", "https://test-api.talkamie.com/v1"},
		{"http://host/custom?x=1", "/v1", "http://host/custom"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			u, err := baseURL(tt.target, tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if u.String() != tt.want {
				t.Errorf("baseURL = %s, want %s", u, tt.want)
			}
		})
	}
}

func TestPointerString(t *testing.T) {
	body := []byte(`{"data":{"tokens":{"access":"tok_a"},"list":["x","y"],"a/b":"slash","empty":""}}`)
	tests := []struct {
		ptr, want string
		ok        bool
	}{
		{"/data/tokens/access", "tok_a", true},
		{"/data/list/1", "y", true},
		{"/data/a~1b", "slash", true},
		{"/data/empty", "", false},
		{"/data/tokens", "", false},
		{"/data/list/9", "", false},
		{"/nothing", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.ptr, func(t *testing.T) {
			got, ok := pointerString(body, tt.ptr)
			if got != tt.want || ok != tt.ok {
				t.Errorf("pointerString = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestScalarText(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"usr_daniel", "usr_daniel"},
		{float64(25), "25"},
		{float64(-60), "-60"},
		{true, "true"},
		{map[string]any{"id": "usr_daniel"}, `{"id":"usr_daniel"}`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := scalarText(tt.in); got != tt.want {
				t.Errorf("scalarText(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
