package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/talkamie/contract/server"
	"github.com/talkamie/contract/server/example"
)

// FuzzServer throws arbitrary requests (method, path, query, body, content
// type, bearer token) at server.New over the example implementation with
// response validation on. Bad input must get a 4xx envelope: never a panic,
// never a 5xx other than 501 (an operation the example leaves out), and
// every error body must be the contract's envelope. The seed corpus is under
// testdata/fuzz/FuzzServer.
func FuzzServer(f *testing.F) {
	hub := server.NewHub()
	api := example.New(hub)
	e, err := server.New(api, server.WithAuthenticator(api), server.WithHub(hub),
		server.WithResponseValidation(true), server.WithMaxBodyBytes(16<<10))
	if err != nil {
		f.Fatal(err)
	}
	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions}
	f.Fuzz(func(t *testing.T, method uint8, path, query string, body []byte, contentType, token string) {
		u := &url.URL{Path: "/v1/" + path, RawQuery: query}
		r := httptest.NewRequest(methods[int(method)%len(methods)], "/", bytes.NewReader(body))
		r.URL, r.RequestURI = u, u.RequestURI()
		if contentType != "" {
			r.Header["Content-Type"] = []string{contentType}
		}
		if token != "" {
			r.Header["Authorization"] = []string{"Bearer " + token}
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code >= 500 && w.Code != http.StatusNotImplemented {
			t.Fatalf("%s %s -> %d: %s", r.Method, u, w.Code, w.Body)
		}
		if w.Code >= 400 && r.Method != http.MethodHead {
			var env struct {
				Success *bool  `json:"success"`
				Error   string `json:"error"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env.Success == nil || *env.Success || env.Error == "" || env.Message == "" {
				t.Fatalf("%s %s -> %d without an error envelope: %s", r.Method, u, w.Code, w.Body)
			}
		}
	})
}
