package e2e_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestLivingRealClientRequests replays, against the living mock that `make mock`
// serves, the web client's calls exactly as it sends them (api-facts.md §a.2, §b):
// every header on every call, `Bearer undefined` when signed out, empty query values
// for unset filters, JSON content type on bodiless calls. Each must succeed.
func TestLivingRealClientRequests(t *testing.T) {
	lm := startLiving(t)
	steps := []struct {
		name, method, target, token, body, extra string
		status                                   int
	}{
		{"sign in with a password", "POST", "/v1/auth/sign-in", "undefined", `{"email":"margaret.hughes@example.com","password":"Roses-In-September-51"}`, "", 200},
		{"sign in with google", "POST", "/v1/auth/sign-in", "undefined", `{"email":"margaret.hughes@example.com"}`, "google ya29.a0AfB_byC1", 200},
		{"sign-up e-mail check", "GET", "/v1/users?email=priya.nair@example.com", "undefined", "", "", 200},
		{"discover users", "GET", "/v1/users?keyword=&gender=&minAge=&maxAge=&location=&type=&lastEvaluatedKey=&pageSize=25", "tok_margaret_access", "", "", 200},
		{"chats", "GET", "/v1/chats?lastEvaluatedKey=&pageSize=25", "tok_margaret_access", "", "", 200},
		{"schedule a call", "POST", "/v1/user/usr_daniel/schedule", "tok_margaret_access", `{"title":"Sunday catch-up","type":"video","recurrence":"weekly","startDateTime":"2025-09-07T15:00:00.000Z","endDateTime":"2025-09-07T15:30:00.000Z"}`, "", 201},
		{"schedule a one-off call", "POST", "/v1/user/usr_daniel/schedule", "tok_margaret_access", `{"title":"Chutney recipe swap","type":"audio","recurrence":"none","startDateTime":"2025-09-03T16:00:00.000Z","endDateTime":"2025-09-03T16:15:00.000Z"}`, "", 201},
		{"top-up session", "POST", "/v1/web/finance/top-up/session", "tok_margaret_access", `{"coins":5000}`, "", 201},
		{"withdraw", "POST", "/v1/finance/withdraw", "tok_daniel_access", `{"coins":1000,"paypal":{"email":"daniel.okafor@example.com"}}`, "", 201},
		{"signed urls", "POST", "/v1/signed/urls", "tok_margaret_access", `{"fileDirPath":"users/usr_margaret","type":"user","items":{"picture":{"name":"margaret-in-the-garden.jpg","mimeType":"image/jpeg","objectType":"picture"}}}`, "", 200},
		{"accept a connection (no body)", "POST", "/v1/user/usr_priya/connection/accept", "tok_margaret_access", "", "", 200},
		{"sign out", "DELETE", "/v1/auth/sign-out", "tok_margaret_access", "", "", 200},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			req, err := http.NewRequest(st.method, lm.url+st.target, strings.NewReader(st.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+st.token)
			req.Header.Set("x-user-timezone-offset", "-60")
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json")
			req.Header.Set("Origin", "http://localhost:3000")
			if st.extra != "" {
				req.Header.Set("x-auth-provider", st.extra)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != st.status || !strings.Contains(string(body), `"success":true`) {
				t.Errorf("status %d, want %d with success true: %.300s", resp.StatusCode, st.status, body)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "http://localhost:3000" {
				t.Errorf("Access-Control-Allow-Origin = %q, want the page's origin", got)
			}
		})
	}
}
