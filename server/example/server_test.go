package example_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/talkamie/contract/server"
	"github.com/talkamie/contract/server/example"
)

// TestSlice runs every operation of the example through server.New with
// response validation on, so each answer is also checked against the
// contract. Steps run in order: later ones see earlier changes.
func TestSlice(t *testing.T) {
	hub := server.NewHub()
	api := example.New(hub)
	api.Now = func() time.Time { return time.Date(2025, 9, 6, 9, 30, 0, 0, time.UTC) }
	e, err := server.New(api, server.WithAuthenticator(api), server.WithHub(hub),
		server.WithWebSocket(api.Handler(), server.WebSocketConfig{}), server.WithResponseValidation(true))
	if err != nil {
		t.Fatal(err)
	}
	const (
		margaret = "tok_margaret_access"
		daniel   = "tok_daniel_access"
	)
	steps := []struct {
		name   string
		method string
		path   string
		token  string
		body   string
		status int
		// want maps a dotted path in the response body to its expected value.
		want map[string]any
	}{
		{name: "sign up", method: "POST", path: "/v1/auth/sign-up", body: `{"email":"olive.green@example.com","name":"Olive Green","password":"pass1234","type":"senior"}`, status: 201,
			want: map[string]any{"data.user.name": "Olive Green", "data.user.type": "senior"}},
		{name: "sign up twice", method: "POST", path: "/v1/auth/sign-up", body: `{"email":"olive.green@example.com","name":"Olive","password":"pass1234"}`, status: 409, want: map[string]any{"error": "conflict"}},
		{name: "sign in", method: "POST", path: "/v1/auth/sign-in", body: `{"email":"daniel.okafor@example.com","password":"correct horse battery"}`, status: 200, want: map[string]any{"data.user.id": "usr_daniel"}},
		{name: "sign in with a wrong password", method: "POST", path: "/v1/auth/sign-in", body: `{"email":"daniel.okafor@example.com","password":"guess"}`, status: 401},
		{name: "sign in without an account", method: "POST", path: "/v1/auth/sign-in", body: `{"email":"nobody@example.com","password":"guess"}`, status: 404},
		{name: "get user by token", method: "GET", path: "/v1/auth", token: margaret, status: 200, want: map[string]any{"data.user.id": "usr_margaret", "data.user.ledger.coins.balance": 4200.0}},
		{name: "e-mail check, taken (a + arrives as a space)", method: "GET", path: "/v1/users?email=priya.nair@example.com", token: "undefined", status: 200, want: map[string]any{"data.0.id": "usr_priya"}},
		{name: "e-mail check, free", method: "GET", path: "/v1/users?email=new.person@example.com", status: 200, want: map[string]any{"data.#": 0}},
		{name: "discover needs a token", method: "GET", path: "/v1/users", status: 401},
		{name: "discover amies", method: "GET", path: "/v1/users?type=volunteer&gender=&minAge=30&keyword=", token: margaret, status: 200, want: map[string]any{"data.#": 1, "data.0.id": "usr_priya"}},
		{name: "get user", method: "GET", path: "/v1/user/usr_daniel", token: margaret, status: 200, want: map[string]any{"data.name": "Daniel Okafor"}},
		{name: "get unknown user", method: "GET", path: "/v1/user/usr_nobody", token: margaret, status: 404},
		{name: "update own profile", method: "PUT", path: "/v1/user/usr_margaret", token: margaret, body: `{"bio":"Gardener.","city":"Brighton","changed":true}`, status: 200,
			want: map[string]any{"data.bio": "Gardener.", "data.location.city": "Brighton", "data.location.state": "England"}},
		{name: "update someone else", method: "PUT", path: "/v1/user/usr_daniel", token: margaret, body: `{"bio":"Hacked"}`, status: 403},
		{name: "chats, first page", method: "GET", path: "/v1/chats?pageSize=1&lastEvaluatedKey=", token: margaret, status: 200,
			want: map[string]any{"data.0.id": "cht_margaret_daniel", "pagination.lastEvaluatedKey.id": "cht_margaret_daniel", "pagination.totalItems": 2.0}},
		{name: "chats, last page", method: "GET", path: `/v1/chats?pageSize=1&lastEvaluatedKey={"id":"cht_margaret_daniel"}`, token: margaret, status: 200,
			want: map[string]any{"data.0.id": "cht_margaret_priya", "data.0.totalUnreadMessages": 1.0, "pagination.lastEvaluatedKey": nil}},
		{name: "chats, bad key", method: "GET", path: "/v1/chats?lastEvaluatedKey=nonsense", token: margaret, status: 422},
		{name: "get chat", method: "GET", path: "/v1/chat/cht_margaret_daniel", token: daniel, status: 200, want: map[string]any{"data.user.id": "usr_margaret"}},
		{name: "get someone else's chat", method: "GET", path: "/v1/chat/cht_margaret_priya", token: daniel, status: 404},
		{name: "all transactions", method: "GET", path: "/v1/finance/transactions", token: daniel, status: 200, want: map[string]any{"data.#": 2}},
		{name: "earnings", method: "GET", path: "/v1/finance/transactions/earnings", token: daniel, status: 200, want: map[string]any{"data.0.id": "txn_earning_0001"}},
		{name: "get transaction", method: "GET", path: "/v1/finance/transaction/txn_topup_0001", token: margaret, status: 200, want: map[string]any{"data.transaction.coins.amount": 5000.0}},
		{name: "get someone else's transaction", method: "GET", path: "/v1/finance/transaction/txn_topup_0001", token: daniel, status: 404},
		{name: "top-up session", method: "POST", path: "/v1/web/finance/top-up/session", token: margaret, body: `{"coins":500}`, status: 201, want: map[string]any{"data.transaction.id": "txn_topup_0104"}},
		{name: "top-up retry", method: "POST", path: "/v1/web/finance/top-up/session", token: margaret, body: `{"coins":500,"transactionId":"txn_topup_0104"}`, status: 201, want: map[string]any{"data.transaction.id": "txn_topup_0104"}},
		{name: "top-up below the minimum", method: "POST", path: "/v1/web/finance/top-up/session", token: margaret, body: `{"coins":5}`, status: 422},
		{name: "pending top-up is listed", method: "GET", path: "/v1/finance/transactions/purchases", token: margaret, status: 200, want: map[string]any{"data.0.id": "txn_topup_0104", "data.0.status": "pending"}},
		{name: "withdraw", method: "POST", path: "/v1/finance/withdraw", token: daniel, body: `{"coins":500,"paypal":{"email":"daniel.okafor@example.com"}}`, status: 201, want: map[string]any{"data.transaction.status": "pending"}},
		{name: "balance after withdrawing", method: "GET", path: "/v1/auth", token: daniel, status: 200, want: map[string]any{"data.user.ledger.coins.balance": 1040.0}},
		{name: "withdraw too much", method: "POST", path: "/v1/finance/withdraw", token: daniel, body: `{"coins":5000,"paypal":{"email":"daniel.okafor@example.com"}}`, status: 409},
		{name: "seniors cannot withdraw", method: "POST", path: "/v1/finance/withdraw", token: margaret, body: `{"coins":100,"paypal":{"email":"margaret.hughes@example.com"}}`, status: 403},
		{name: "sign out", method: "DELETE", path: "/v1/auth/sign-out", token: daniel, status: 200},
		{name: "the token is gone", method: "GET", path: "/v1/auth", token: daniel, status: 401},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			var body *strings.Reader
			if st.body != "" {
				body = strings.NewReader(st.body)
			}
			var r *http.Request
			if body != nil {
				r = httptest.NewRequest(st.method, st.path, body)
				r.Header.Set("Content-Type", "application/json")
			} else {
				r = httptest.NewRequest(st.method, st.path, nil)
			}
			if st.token != "" {
				r.Header.Set("Authorization", "Bearer "+st.token)
			}
			w := httptest.NewRecorder()
			e.ServeHTTP(w, r)
			if w.Code != st.status {
				t.Fatalf("status %d, want %d: %s", w.Code, st.status, w.Body)
			}
			var got any
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("body is not JSON: %s", w.Body)
			}
			for path, want := range st.want {
				if v := lookup(got, path); !equal(v, want) {
					t.Errorf("%s = %v, want %v in %s", path, v, want, w.Body)
				}
			}
		})
	}
}

// lookup follows a dotted path; "#" is the length of an array.
func lookup(v any, path string) any {
	for part := range strings.SplitSeq(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			if part == "#" {
				return len(x)
			}
			i := 0
			for _, c := range part {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func equal(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
