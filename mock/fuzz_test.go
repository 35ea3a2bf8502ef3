package mock

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzServeHTTP drives the request path with arbitrary methods, targets,
// headers and bodies: the mock must never panic, answer 5xx, or send an
// error body that is not JSON. The seed corpus (testdata/fuzz) holds hostile
// requests: huge and deep bodies, invalid UTF-8, header floods.
func FuzzServeHTTP(f *testing.F) {
	m := newMock(f, "talkish", WithMaxBodyBytes(64<<10))
	seeds := []struct{ method, target, headers, body string }{
		{"GET", "/v1/users?pageSize=25&keyword=", "Authorization: Bearer undefined", ""},
		{"POST", "/v1/finance/withdraw", "Authorization: Bearer t\nContent-Type: application/json", `{"coins":100,"paypal":{"email":"a@b.c"}}`},
		{"POST", "/v1/finance/withdraw", "Authorization: Bearer t\nContent-Type: application/json", strings.Repeat("[", 5000)},
		{"POST", "/v1/auth/sign-in", "Content-Type: application/json", "{\"email\":\"\xff\xfe\"}"},
		{"PUT", "/v1/user/%ff%00", "Authorization: Bearer t\nContent-Type: application/json; charset=latin1", `{"name":1e999}`},
		{"GET", "/v1/user/x?__code=999&__delay=-1", "Prefer: code=, example=\x00", ""},
		{"OPTIONS", "/v1/../../etc/passwd", "Origin: null", ""},
		{"GET", "/v1/users?" + strings.Repeat("a=1&", 500), strings.Repeat("X-Flood: y\n", 200), ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.headers, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, method, target, headers string, body []byte) {
		if !validMethod(method) || !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") {
			t.Skip()
		}
		r, err := http.NewRequest(method, "http://mock"+target, strings.NewReader(string(body)))
		if err != nil {
			t.Skip()
		}
		sc := bufio.NewScanner(strings.NewReader(headers))
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
				r.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
			}
		}
		r.Header.Set("Prefer", strings.ReplaceAll(r.Header.Get("Prefer"), "delay", "d")) // no sleeping in the fuzzer
		q := r.URL.Query()
		q.Del("__delay")
		r.URL.RawQuery = q.Encode()
		w := httptest.NewRecorder()
		m.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %s answered %d: %s", method, target, w.Code, w.Body)
		}
		if w.Code >= 400 && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("error body is not JSON: %q", w.Body)
		}
	})
}

func validMethod(m string) bool {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return true
	}
	return false
}
