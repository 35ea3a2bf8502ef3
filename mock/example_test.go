package mock_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
)

// A mock of the Talkamie contract inside a Go test (or behind
// httptest.NewServer): the web client's signed-out "Bearer undefined" is no
// token, and the error comes in the contract's envelope.
func ExampleNew() {
	m, err := mock.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest("GET", "/v1/user/usr_daniel", nil)
	r.Header.Set("Authorization", "Bearer undefined")
	w := httptest.NewRecorder()
	m.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// 401 {"details":[{"location":"header.Authorization","code":"missing-token","message":"a bearer token is required"}],"error":"unauthorized","message":"authentication is required","success":false}
}
