package world

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/mock"
)

// rq is one validated REST request as a world handler sees it.
type rq struct {
	*mock.Request
	me   *user // the caller; nil on public operations called without a token
	body obj   // the JSON body, nil without one
	now  string
	w    *World
}

// path returns a path parameter.
func (r *rq) path(name string) string { return r.PathParams[name] }

// q returns a query parameter ("" when absent or empty).
func (r *rq) q(name string) string { return r.Query.Get(name) }

// handler answers one operation with the state locked; it returns the
// response and the WebSocket pushes the change causes.
type handler func(st *state, r *rq) (*mock.Response, []push)

// handlers maps operationIds to the world's handlers; operations without one
// replay their examples.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{}
	for _, group := range []map[string]handler{authHandlers, userHandlers, chatHandlers, financeHandlers, miscHandlers} {
		for id, h := range group {
			handlers[id] = h
		}
	}
}

// public operations may be called without a token (the validator already
// refused missing tokens on the others).
var public = map[string]bool{"signIn": true, "signUp": true, "resetPassword": true, "generateOtp": true, "verifyOtp": true, "listUsers": true}

// Respond answers a validated request from the world. Requests that ask for
// a documented example (Prefer code, example or dynamic) and operations the
// world does not model replay the examples.
func (w *World) Respond(ctx context.Context, req *mock.Request) (*mock.Response, error) {
	h := handlers[req.Operation.ID]
	if h == nil || req.Prefer.Code != 0 || req.Prefer.Example != "" || req.Prefer.Dynamic {
		return w.fallback.Respond(ctx, req)
	}
	r := &rq{Request: req, w: w, now: stamp(w.cfg.now())}
	r.body, _ = plain(req.Body).(obj)
	var resp *mock.Response
	w.locked(func(st *state) []push {
		token := bearer(req.HTTP)
		if id, ok := st.tokens[token]; ok {
			r.me = st.users[id]
		}
		if r.me == nil && !public[req.Operation.ID] {
			resp = r.fail(http.StatusUnauthorized, validate.CodeUnauthorized, "sign in to continue",
				validate.Finding{Location: "header.Authorization", Code: "invalid-token", Message: "the token is unknown or expired"})
			return nil
		}
		var pushes []push
		resp, pushes = h(st, r)
		return pushes
	})
	return resp, nil
}

// bearer returns the request's bearer token ("" without one).
func bearer(r *http.Request) string {
	kind, tok, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(kind, "bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// ok answers status with the envelope {success: true, data, message?}.
func (r *rq) ok(status int, data any, message string) *mock.Response {
	body := obj{"success": true}
	if data != nil {
		body["data"] = data
	}
	if message != "" {
		body["message"] = message
	}
	return &mock.Response{Status: status, Body: body, Example: "world"}
}

// fail answers an error in the contract's error envelope.
func (r *rq) fail(status int, code, message string, details ...validate.Finding) *mock.Response {
	return &mock.Response{Status: status, Body: r.w.m.ErrorBody(status, code, message, details...), Example: "world"}
}

// notFound answers 404 for an id in the path.
func (r *rq) notFound(param, what string) *mock.Response {
	return r.fail(http.StatusNotFound, "not-found", what+" not found",
		validate.Finding{Location: "path." + param, Code: "not-found", Message: "no " + what + " with this id is visible to you"})
}

// conflict answers 409.
func (r *rq) conflict(code, message string) *mock.Response {
	return r.fail(http.StatusConflict, code, message)
}

// Default and largest page sizes of lists.
const (
	defaultPageSize = 25
	maxPageSize     = 100
)

// page answers a list: the page of items after the request's
// lastEvaluatedKey, with pagination.lastEvaluatedKey set while more remain.
// Items must carry a string id.
func (r *rq) page(items []obj) *mock.Response {
	data, pagination, fail := pageOf(items, r.q("pageSize"), r.q("lastEvaluatedKey"), "query")
	if fail != nil {
		return r.fail(http.StatusBadRequest, validate.CodeMalformed, fail.Message, *fail)
	}
	return &mock.Response{Status: http.StatusOK, Body: obj{"success": true, "data": data, "pagination": pagination}, Example: "world"}
}

// keyNames reports whether a page key names the item with this id: its "id"
// value, or the last '#' segment of one of its string values.
func keyNames(key map[string]any, id string) bool {
	if id == "" {
		return false
	}
	if v, _ := key["id"].(string); v == id {
		return true
	}
	for _, v := range key {
		if s, ok := v.(string); ok {
			if i := strings.LastIndexByte(s, '#'); i >= 0 && s[i+1:] == id {
				return true
			}
		}
	}
	return false
}

// pageOf cuts a page out of items. lastKey is the JSON-encoded key the
// previous page returned ({"id": <the last item's id>}); root is "query" for
// REST and "body" for WebSocket frames.
func pageOf(items []obj, size, lastKey, root string) ([]any, obj, *validate.Finding) {
	n := defaultPageSize
	if size != "" {
		v, err := strconv.Atoi(size)
		if err != nil || v < 1 {
			return nil, nil, &validate.Finding{Location: root + ".pageSize", Code: "invalid", Message: "pageSize must be a positive integer"}
		}
		n = min(v, maxPageSize)
	}
	start := 0
	if lastKey != "" && lastKey != "null" {
		// The key is opaque to clients: the world's own keys are {"id": <last item>},
		// and DynamoDB-style keys ({"pk": ..., "sk": "MSG#...#msg_0002"}) name the item
		// in the last '#' segment of a value.
		var key map[string]any
		if err := json.Unmarshal([]byte(lastKey), &key); err != nil || key == nil {
			return nil, nil, &validate.Finding{Location: root + ".lastEvaluatedKey", Code: "invalid-key",
				Message: "lastEvaluatedKey must be the JSON object a previous page returned"}
		}
		// A well-formed key whose item is not in this list (deleted since, issued
		// before a reset, or another list's key) is a cursor past the end: the
		// list ends here, as a stale DynamoDB start key would.
		start = len(items)
		for i, it := range items {
			if keyNames(key, str(it, "id")) {
				start = i + 1
				break
			}
		}
	}
	end := min(start+n, len(items))
	data := make([]any, 0, end-start)
	for _, it := range items[start:end] {
		data = append(data, it)
	}
	pagination := obj{"lastEvaluatedKey": nil, "totalItems": len(items)}
	if end < len(items) {
		pagination["lastEvaluatedKey"] = obj{"id": str(items[end-1], "id")}
	}
	return data, pagination, nil
}
