package world_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

// A new account signs in at once: the world remembers what clients write.
func ExampleNew() {
	w, err := world.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()
	srv := httptest.NewServer(w)
	defer srv.Close()

	post := func(path, body string) string {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			log.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return fmt.Sprintf("%d %t", resp.StatusCode, strings.Contains(string(b), `"name":"Edith Clarke"`))
	}
	fmt.Println(post("/v1/auth/sign-up", `{"name":"Edith Clarke","email":"edith@example.com","password":"Kettle-On-1948"}`))
	fmt.Println(post("/v1/auth/sign-in", `{"email":"edith@example.com","password":"Kettle-On-1948"}`))
	fmt.Println(post("/v1/auth/sign-in", `{"email":"edith@example.com","password":"wrong"}`))
	// Output:
	// 201 true
	// 200 true
	// 401 false
}
