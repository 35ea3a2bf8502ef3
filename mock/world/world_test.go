package world_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

func newWorld(t *testing.T) (*world.World, *httptest.Server) {
	t.Helper()
	w, err := world.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(func() {
		w.Close()
		srv.Close()
	})
	return w, srv
}

// step is one request of a scenario and what its answer must hold.
type step struct {
	name, token, method, path, body string
	headers                         []string
	status                          int
	contains                        []string
}

func (s step) run(t *testing.T, base string) string {
	t.Helper()
	req, err := http.NewRequest(s.method, base+s.path, strings.NewReader(s.body))
	if err != nil {
		t.Fatal(err)
	}
	if s.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	for i := 0; i+1 < len(s.headers); i += 2 {
		req.Header.Set(s.headers[i], s.headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != s.status {
		t.Errorf("%s %s: status %d, want %d: %s", s.method, s.path, resp.StatusCode, s.status, b)
	}
	for _, c := range s.contains {
		if !strings.Contains(string(b), c) {
			t.Errorf("%s %s: the answer lacks %s: %.600s", s.method, s.path, c, b)
		}
	}
	return string(b)
}

const (
	margaret = "tok_margaret_access"
	daniel   = "tok_daniel_access"
	priya    = "tok_priya_access"
)

func TestSeededWorld(t *testing.T) {
	w, _ := newWorld(t)
	state, err := json.Marshal(w.State())
	if err != nil {
		t.Fatal(err)
	}
	var s map[string][]map[string]any
	_ = json.Unmarshal(state, &s)
	for _, kind := range []string{"users", "chats", "connectionRequests", "schedules", "calls", "transactions", "alerts", "reviews", "tickets"} {
		if len(s[kind]) == 0 {
			t.Errorf("the seeded world has no %s", kind)
		}
	}
	for _, want := range []string{
		`"id":"usr_margaret"`, `"access":"tok_margaret_access"`, `"balance":4200`,
		`"members":["usr_margaret","usr_daniel"]`, `"id":"cnr_priya_margaret","status":"pending"`,
		`"$owner":"usr_daniel","coins":{"amount":540}`, `"id":"txn_withdraw_0001"`, `"id":"sch_0003"`, `"id":"alt_0004"`,
	} {
		if !strings.Contains(string(state), want) {
			t.Errorf("the seeded state lacks %s", want)
		}
	}
}

func TestWritesChangeReads(t *testing.T) {
	steps := []step{
		{name: "an example on request", token: margaret, method: "GET", path: "/v1/user/usr_priya", headers: []string{"Prefer", "example=priya"}, status: 200, contains: []string{`"usr_priya"`}},
		{name: "a status on request", token: margaret, method: "GET", path: "/v1/user/usr_daniel", headers: []string{"Prefer", "code=404"}, status: 404},
		{name: "unknown token", token: "tok_nobody", method: "GET", path: "/v1/auth", status: 401, contains: []string{`"invalid-token"`}},
		{name: "unknown user", token: margaret, method: "GET", path: "/v1/user/usr_nobody", status: 404, contains: []string{`"path.userId"`}},
		{name: "another user's profile", token: margaret, method: "PUT", path: "/v1/user/usr_daniel", body: `{"bio":"hacked"}`, status: 403},
		{name: "a senior withdraws", token: margaret, method: "POST", path: "/v1/finance/withdraw", body: `{"coins":100,"paypal":{"email":"m@example.com"}}`, status: 403},
		{name: "more than the balance", token: daniel, method: "POST", path: "/v1/finance/withdraw", body: `{"coins":999999,"paypal":{"email":"daniel.okafor@example.com"}}`, status: 409},

		{name: "Priya asks Daniel to connect", token: priya, method: "POST", path: "/v1/user/usr_daniel/connection", status: 201, contains: []string{`"status":"pending"`, `"to":{"id":"usr_daniel"}`}},
		{name: "twice is a conflict", token: priya, method: "POST", path: "/v1/user/usr_daniel/connection", status: 409},
		{name: "Daniel sees it pending", token: daniel, method: "GET", path: "/v1/connections/pending", status: 200, contains: []string{`"from":{"id":"usr_priya"}`}},
		{name: "Daniel has an alert", token: daniel, method: "GET", path: "/v1/alerts?pageSize=1", status: 200, contains: []string{`"type":"connect-request"`, `"lastEvaluatedKey":{"id":`}},
		{name: "Daniel accepts", token: daniel, method: "POST", path: "/v1/user/usr_priya/connection/accept", status: 200, contains: []string{`"status":"accepted"`, `"chat":{"id":"cht_`}},
		{name: "they are connected", token: priya, method: "GET", path: "/v1/connections/users", status: 200, contains: []string{`"id":"usr_daniel"`}},
		{name: "Priya's view of Daniel", token: priya, method: "GET", path: "/v1/user/usr_daniel", status: 200, contains: []string{`"connectRequest":{"from":{"id":"usr_priya"}`, `"status":"accepted"`}},

		{name: "a review", token: priya, method: "POST", path: "/v1/user/usr_daniel/review", body: `{"text":"Kind and funny","rate":3}`, status: 201, contains: []string{`"totalReviews":13`}},
		{name: "a second review is a conflict", token: priya, method: "POST", path: "/v1/user/usr_daniel/review", body: `{"text":"again","rate":5}`, status: 409},
		{name: "the review is listed", token: margaret, method: "GET", path: "/v1/user/usr_daniel/reviews", status: 200, contains: []string{`"text":"Kind and funny"`}},
		{name: "updated", token: priya, method: "PUT", path: "/v1/user/usr_daniel/review", body: `{"text":"Kind, funny and patient","rate":5}`, status: 200, contains: []string{`"rate":5`}},
		{name: "deleted", token: priya, method: "DELETE", path: "/v1/user/usr_daniel/review", status: 200, contains: []string{`"totalReviews":12`}},

		{name: "availability saved", token: daniel, method: "POST", path: "/v1/availability/weekly", body: `{"mon":[{"start":"09:00:00","end":"10:00:00"}]}`, status: 200},
		{name: "availability read back", token: daniel, method: "GET", path: "/v1/availability/weekly", status: 200, contains: []string{`{"mon":[{"end":"10:00:00","start":"09:00:00"}]}`}},
		{name: "a call scheduled", token: margaret, method: "POST", path: "/v1/user/usr_daniel/schedule",
			body:   `{"title":"Allotment tour","type":"video","recurrence":"none","startDateTime":"2030-05-01T10:00:00.000Z","endDateTime":"2030-05-01T10:30:00.000Z"}`,
			status: 201, contains: []string{`"title":"Allotment tour"`, `"status":"upcoming"`}},
		{name: "Daniel's upcoming list", token: daniel, method: "GET", path: "/v1/schedules/upcoming", status: 200, contains: []string{`"title":"Allotment tour"`, `"attendee":{"age":74`}},

		{name: "a withdrawal", token: daniel, method: "POST", path: "/v1/finance/withdraw", body: `{"coins":100,"paypal":{"email":"daniel.okafor@example.com"}}`, status: 201, contains: []string{`"status":"pending"`}},
		{name: "listed", token: daniel, method: "GET", path: "/v1/finance/transactions/withdrawals", status: 200, contains: []string{`"coins":{"amount":100}`}},
	}
	_, srv := newWorld(t)
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) { s.run(t, srv.URL) })
	}
}

func TestPagination(t *testing.T) {
	_, srv := newWorld(t)
	tests := []struct {
		name, query string
		status      int
		contains    []string
	}{
		{"one page holds all", "?pageSize=2", 200, []string{`"id":"txn_topup_0002"`, `"id":"txn_topup_0001"`, `"lastEvaluatedKey":null`, `"totalItems":2`}},
		{"the client's empty key", "?pageSize=1&lastEvaluatedKey=", 200, []string{`"lastEvaluatedKey":{"id":"txn_topup_0002"}`}},
		{"next page", `?pageSize=1&lastEvaluatedKey={"id":"txn_topup_0002"}`, 200, []string{`"id":"txn_topup_0001"`, `"lastEvaluatedKey":null`}},
		{"a key from nowhere ends the list", `?lastEvaluatedKey={"id":"txn_nobody"}`, 200, []string{`"data":[]`, `"lastEvaluatedKey":null`}},
		{"a key that is not JSON", `?lastEvaluatedKey=abc`, 400, []string{`"query.lastEvaluatedKey"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step{token: margaret, method: "GET", path: "/v1/finance/transactions/purchases" + strings.ReplaceAll(tt.query, `"`, "%22"), status: tt.status, contains: tt.contains}.run(t, srv.URL)
		})
	}
}

func TestControlEndpoints(t *testing.T) {
	_, srv := newWorld(t)
	steps := []step{
		{name: "emit a server-only action", method: "POST", path: "/__mock/emit", body: `{"userId":"usr_margaret","action":"user.coins.low"}`, status: 200, contains: []string{`"threshold": 5000`, `"balance": 4200`}},
		{name: "emit schedule.upcoming", method: "POST", path: "/__mock/emit", body: `{"userId":"usr_daniel","action":"schedule.upcoming"}`, status: 200, contains: []string{`"schedule"`}},
		{name: "emit call.end.reminder", method: "POST", path: "/__mock/emit", body: `{"userId":"usr_daniel","action":"call.end.reminder"}`, status: 200, contains: []string{`"remainingSeconds": 120`}},
		{name: "emit with data", method: "POST", path: "/__mock/emit", body: `{"userId":"usr_daniel","action":"update-user","data":{"user":{"id":"usr_daniel"}}}`, status: 200},
		{name: "emit data that breaks the contract", method: "POST", path: "/__mock/emit", body: `{"userId":"usr_daniel","action":"user.coins.low","data":{"balance":"lots"}}`, status: 422},
		{name: "emit a client action", method: "POST", path: "/__mock/emit", body: `{"userId":"usr_daniel","action":"send-message"}`, status: 422},
		{name: "emit to nobody", method: "POST", path: "/__mock/emit", body: `{"userId":"usr_nobody","action":"user.coins.low"}`, status: 422},
		{name: "a withdrawal", token: daniel, method: "POST", path: "/v1/finance/withdraw", body: `{"coins":100,"paypal":{"email":"daniel.okafor@example.com"}}`, status: 201},
		{name: "settle a pending withdrawal as failed", method: "POST", path: "/__mock/settle", body: `{"transactionId":"txn_withdraw_0001","status":"failed"}`, status: 200, contains: []string{`"status": "failed"`}},
		{name: "settle it twice", method: "POST", path: "/__mock/settle", body: `{"transactionId":"txn_withdraw_0001","status":"succeeded"}`, status: 409},
		{name: "the failed withdrawal is listed", token: daniel, method: "GET", path: "/v1/finance/transaction/txn_withdraw_0001", status: 200, contains: []string{`"status":"failed"`}},
		{name: "reset", method: "POST", path: "/__mock/reset", status: 200},
		{name: "the withdrawal is pending again", token: daniel, method: "GET", path: "/v1/finance/transaction/txn_withdraw_0001", status: 200, contains: []string{`"status":"pending"`}},
		{name: "an unknown control path", method: "GET", path: "/__mock/nothing", status: 404},
		{name: "an unknown checkout", method: "GET", path: "/__mock/checkout/cs_nobody", status: 404},
		{name: "the WebSocket path without an upgrade", method: "GET", path: "/ws", status: 426, contains: []string{`"upgrade-required"`}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) { s.run(t, srv.URL) })
	}
}

func TestSignedOutEmailCheckRevealsOnlyTheID(t *testing.T) {
	_, srv := newWorld(t)
	tests := []step{
		{name: "taken", token: "undefined", method: "GET", path: "/v1/users?email=margaret.hughes@example.com&keyword=&lastEvaluatedKey=",
			status: 200, contains: []string{`"data":[{"id":"usr_margaret"}]`}},
		{name: "free", token: "undefined", method: "GET", path: "/v1/users?email=new.visitor@example.com",
			status: 200, contains: []string{`"data":[]`}},
		{name: "signed in sees the card", token: daniel, method: "GET", path: "/v1/users?email=margaret.hughes@example.com",
			status: 200, contains: []string{`"name":"Margaret Hughes"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.run(t, srv.URL)
			if tt.token == "undefined" && strings.Contains(body, `"name"`) {
				t.Errorf("a signed-out e-mail check leaks the profile: %.300s", body)
			}
		})
	}
}

func TestPageKeys(t *testing.T) {
	_, srv := newWorld(t)
	tests := []step{
		{name: "a key the list does not hold ends it", token: margaret, method: "GET",
			path:   `/v1/alerts?pageSize=2&lastEvaluatedKey=%7B%22id%22%3A%22usr_daniel%22%7D`,
			status: 200, contains: []string{`"data":[]`, `"lastEvaluatedKey":null`}},
		{name: "a malformed key is a 400", token: margaret, method: "GET",
			path: `/v1/alerts?lastEvaluatedKey=not-json`, status: 400, contains: []string{`"query.lastEvaluatedKey"`}},
		{name: "an empty key is the first page", token: margaret, method: "GET",
			path: `/v1/alerts?pageSize=1&lastEvaluatedKey=&keyword=`, status: 200, contains: []string{`"data":[{`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, srv.URL) })
	}
}
