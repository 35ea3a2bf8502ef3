package example_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/server"
	"github.com/talkamie/contract/server/example"
)

// Example serves the example implementation and walks Margaret's purchases
// page by page, the way the web client does.
func Example() {
	hub := server.NewHub()
	api := example.New(hub)
	e, err := server.New(api,
		server.WithAuthenticator(api), // the example issued the tokens, so it checks them
		server.WithWebSocket(api.Handler(), server.WebSocketConfig{}),
		server.WithHub(hub),
		server.WithResponseValidation(true), // on in development: a bad answer becomes a 500
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(e)
	defer srv.Close()

	get := func(path string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer tok_margaret_access")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body
	}

	status, body := get("/v1/auth")
	user := body["data"].(map[string]any)["user"].(map[string]any)
	fmt.Println("GET /v1/auth:", status, user["name"])

	key := "" // the first page sends an empty lastEvaluatedKey, like the web client
	for n := 1; ; n++ {
		_, body = get("/v1/finance/transactions/purchases?pageSize=1&lastEvaluatedKey=" + url.QueryEscape(key))
		for _, t := range body["data"].([]any) {
			fmt.Println("page", n, t.(map[string]any)["id"])
		}
		next, ok := body["pagination"].(map[string]any)["lastEvaluatedKey"]
		if !ok {
			break
		}
		raw, _ := json.Marshal(next)
		key = string(raw)
	}

	status, body = get("/v1/alerts")
	fmt.Println("GET /v1/alerts:", status, body["error"])
	// Output:
	// GET /v1/auth: 200 Margaret Hughes
	// page 1 txn_topup_0003
	// page 2 txn_topup_0001
	// page 3 txn_topup_0002
	// GET /v1/alerts: 501 not-implemented
}

// Example_webSocket sends a chat message as Margaret: she gets the ack,
// Daniel gets the message pushed, each in the naming their client used.
func Example_webSocket() {
	hub := server.NewHub()
	api := example.New(hub)
	e, _ := server.New(api, server.WithAuthenticator(api), server.WithHub(hub),
		server.WithWebSocket(api.Handler(), server.WebSocketConfig{}))
	srv := httptest.NewServer(e)
	defer srv.Close()

	ctx := context.Background()
	dial := func(token string) *websocket.Conn {
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", nil)
		if err != nil {
			panic(err)
		}
		_ = ws.Write(ctx, websocket.MessageText, []byte(`{"action":"authenticate","token":"`+token+`"}`))
		_, _, _ = ws.Read(ctx) // the authenticate reply
		return ws
	}
	read := func(ws *websocket.Conn) string {
		_, r, _ := ws.Reader(ctx)
		data, _ := io.ReadAll(r)
		var f struct {
			Action string `json:"action"`
			Data   struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"data"`
		}
		_ = json.Unmarshal(data, &f)
		return f.Action + ": " + f.Data.Message.Text
	}
	margaret, daniel := dial("tok_margaret_access"), dial("tok_daniel_access")
	defer margaret.CloseNow()
	defer daniel.CloseNow()

	_ = margaret.Write(ctx, websocket.MessageText, []byte(`{"action":"send-message","chatId":"cht_margaret_daniel","message":{"text":"See you on Sunday!"}}`))
	fmt.Println("Margaret got", read(margaret))
	fmt.Println("Daniel got", read(daniel))
	// Output:
	// Margaret got send-message: See you on Sunday!
	// Daniel got new-message: See you on Sunday!
}
