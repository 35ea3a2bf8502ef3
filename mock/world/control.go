package world

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"runtime"
	"strings"

	"github.com/talkamie/contract/gen/wsmsg"
)

// serveControl answers the /__mock/ endpoints: reset, state, emit, settle
// and the checkout pages.
func (w *World) serveControl(rw http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/__mock/")
	switch {
	case p == "reset" && r.Method == http.MethodPost:
		if err := w.Reset(); err != nil {
			w.writeError(rw, http.StatusInternalServerError, "reset-failed", err.Error())
			return
		}
		writeJSON(rw, http.StatusOK, obj{"success": true, "message": "the world is back in its seeded state"})
	case p == "state" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		if r.URL.Query().Get("gc") == "true" {
			runtime.GC() // for load tests comparing the heap before and after
		}
		writeJSON(rw, http.StatusOK, obj{"success": true, "data": w.State()})
	case p == "emit" && r.Method == http.MethodPost:
		w.serveEmit(rw, r)
	case p == "settle" && r.Method == http.MethodPost:
		w.serveSettle(rw, r)
	case strings.HasPrefix(r.URL.Path, checkoutPath):
		w.serveCheckout(rw, r, strings.TrimPrefix(r.URL.Path, checkoutPath))
	default:
		w.writeError(rw, http.StatusNotFound, "not-found",
			"the mock's control endpoints are POST /__mock/reset, GET /__mock/state, POST /__mock/emit, POST /__mock/settle and "+checkoutPath+"{sessionId}")
	}
}

func writeJSON(rw http.ResponseWriter, status int, v any) {
	rw.Header().Set("Content-Type", "application/json")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	enc := json.NewEncoder(rw)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// readBody decodes a small JSON control request.
func readBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// State returns a JSON-ready snapshot of the whole world (what GET
// /__mock/state serves): every entity with its relations, the tokens of
// each user, the open checkout sessions and who is connected.
func (w *World) State() map[string]any {
	w.mu.Lock()
	defer w.mu.Unlock()
	st := w.st
	list := func(n int, f func(add func(obj))) []obj {
		out := make([]obj, 0, n)
		f(func(o obj) { out = append(out, o) })
		return out
	}
	users := list(len(st.users), func(add func(obj)) {
		for _, id := range sortedKeys(st.users) {
			u := st.users[id]
			o := st.full(u)
			if u.access != "" {
				o["$tokens"] = obj{"access": u.access, "refresh": u.refresh}
			}
			add(o)
		}
	})
	chats := list(len(st.chats), func(add func(obj)) {
		for _, id := range sortedKeys(st.chats) {
			c := st.chats[id]
			ms := make([]any, len(c.messages))
			for i, m := range c.messages {
				ms[i] = cloneObj(m)
			}
			add(obj{"id": c.id, "type": c.kind, "members": []any{c.members[0], c.members[1]}, "request": cloneObj(c.request), "messages": ms})
		}
	})
	owned := func(kind string, ids []string, data func(string) (obj, string, string)) []obj {
		return list(len(ids), func(add func(obj)) {
			for _, id := range ids {
				o, owner, other := data(id)
				o = cloneObj(o)
				o["$owner"] = owner
				if other != "" {
					o["$"+kind] = other
				}
				add(o)
			}
		})
	}
	users0, conns := w.users.Totals()
	return map[string]any{
		"users": users,
		"chats": chats,
		"connectionRequests": list(len(st.connects), func(add func(obj)) {
			for _, id := range sortedKeys(st.connects) {
				add(st.connectView(st.connects[id], ""))
			}
		}),
		"schedules": owned("attendee", sortedKeys(st.schedules), func(id string) (obj, string, string) {
			s := st.schedules[id]
			return s.data, s.owner, s.attendee
		}),
		"calls": owned("callee", sortedKeys(st.calls), func(id string) (obj, string, string) {
			c := st.calls[id]
			return c.data, c.caller, c.callee
		}),
		"transactions": owned("", sortedKeys(st.txns), func(id string) (obj, string, string) { return st.txns[id].data, st.txns[id].owner, "" }),
		"alerts":       owned("", sortedKeys(st.alerts), func(id string) (obj, string, string) { return st.alerts[id].data, st.alerts[id].owner, "" }),
		"reviews": owned("ratee", sortedKeys(st.reviews), func(id string) (obj, string, string) {
			return st.reviews[id].data, st.reviews[id].rater, st.reviews[id].ratee
		}),
		"tickets": owned("", sortedKeys(st.tickets), func(id string) (obj, string, string) {
			t := st.tickets[id]
			o := cloneObj(t.data)
			o["messages"] = len(t.messages)
			return o, t.owner, ""
		}),
		"checkoutSessions": list(len(st.sessions), func(add func(obj)) {
			for _, id := range sortedKeys(st.sessions) {
				add(obj{"id": id, "transactionId": st.sessions[id].txn, "webOrigin": st.sessions[id].webOrigin})
			}
		}),
		"online":  obj{"users": users0, "connections": conns},
		"runtime": runtimeStats(),
	}
}

// emitRequest is the body of POST /__mock/emit.
type emitRequest struct {
	UserID string         `json:"userId"`
	Action string         `json:"action"`
	Data   map[string]any `json:"data"`
}

// serveEmit pushes a server frame to a user's connections. Without data,
// the server-only actions are built from the world: call.end.reminder for
// the user's latest call, schedule.upcoming for their next schedule,
// user.coins.low with their balance.
func (w *World) serveEmit(rw http.ResponseWriter, r *http.Request) {
	var req emitRequest
	if err := readBody(r, &req); err != nil {
		w.writeError(rw, http.StatusBadRequest, "malformed-request", "the body must be {userId, action, data?}: "+err.Error())
		return
	}
	action, ok := wsmsg.Canonical(req.Action)
	if _, isPush := wsmsg.Lookup(wsmsg.ServerToClient, action); !ok || !isPush {
		w.writeError(rw, http.StatusUnprocessableEntity, "unknown-action", fmt.Sprintf("%q is not a server-to-client action of the contract", req.Action))
		return
	}
	var (
		p    push
		fail string
	)
	w.mu.Lock()
	u := w.st.users[req.UserID]
	switch {
	case u == nil:
		fail = "no user " + req.UserID
	case req.Data != nil:
		p = push{user: req.UserID, action: action, data: cloneObj(req.Data)}
	default:
		var data obj
		data, fail = w.st.emitted(action, u, w.cfg.now())
		p = push{user: req.UserID, action: action, data: data}
	}
	w.mu.Unlock()
	if fail != "" {
		w.writeError(rw, http.StatusUnprocessableEntity, "cannot-emit", fail)
		return
	}
	frame := p.frame()
	out, err := w.encodeServerFrame(frame, action)
	if err != nil {
		w.writeError(rw, http.StatusUnprocessableEntity, "invalid-frame", err.Error())
		return
	}
	targets := w.users.Of(p.user)
	send(targets, out)
	writeJSON(rw, http.StatusOK, obj{"success": true, "data": obj{"connections": len(targets), "frame": frame}})
}

// settleRequest is the body of POST /__mock/settle.
type settleRequest struct {
	TransactionID string `json:"transactionId"`
	Status        string `json:"status"`
}

// serveSettle finishes a pending transaction (a withdrawal paid out or
// failed, a top-up settled without the checkout page).
func (w *World) serveSettle(rw http.ResponseWriter, r *http.Request) {
	var req settleRequest
	if err := readBody(r, &req); err != nil {
		w.writeError(rw, http.StatusBadRequest, "malformed-request", "the body must be {transactionId, status}: "+err.Error())
		return
	}
	switch req.Status {
	case "succeeded", "failed", "canceled":
	default:
		w.writeError(rw, http.StatusUnprocessableEntity, "invalid-status", "status must be succeeded, failed or canceled")
		return
	}
	var (
		pushes []push
		data   obj
		fail   string
	)
	w.locked(func(st *state) []push {
		t := st.txns[req.TransactionID]
		if t == nil {
			fail = "no transaction " + req.TransactionID
			return nil
		}
		var ok bool
		if pushes, ok = st.settle(t, req.Status); !ok {
			fail = "the transaction is " + str(t.data, "status") + ", not pending"
		}
		data = cloneObj(t.data)
		return pushes
	})
	if fail != "" {
		w.writeError(rw, http.StatusConflict, "cannot-settle", fail)
		return
	}
	writeJSON(rw, http.StatusOK, obj{"success": true, "data": obj{"transaction": data}})
}

// serveCheckout serves a session's checkout page (GET) and its Pay and
// Cancel buttons (POST .../pay, .../cancel), which settle the transaction,
// push the new balance and send the browser back to the web app.
func (w *World) serveCheckout(rw http.ResponseWriter, r *http.Request, rest string) {
	id, verb, _ := strings.Cut(rest, "/")
	var (
		co     checkout
		t      obj
		found  bool
		pushes []push
	)
	status := ""
	switch {
	case verb == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
	case verb == "pay" && r.Method == http.MethodPost:
		status = "succeeded"
	case verb == "cancel" && r.Method == http.MethodPost:
		status = "canceled"
	default:
		w.writeError(rw, http.StatusMethodNotAllowed, "method-not-allowed", "GET the checkout page, POST its pay or cancel")
		return
	}
	w.locked(func(st *state) []push {
		s := st.sessions[id]
		if s == nil || st.txns[s.txn] == nil {
			return nil
		}
		co, found = *s, true
		tx := st.txns[s.txn]
		if status != "" {
			pushes, _ = st.settle(tx, status)
		}
		t = cloneObj(tx.data)
		return pushes
	})
	if !found {
		w.writeError(rw, http.StatusNotFound, "not-found", "no checkout session "+id)
		return
	}
	if status == "" {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.Header().Set("Cache-Control", "no-store")
		_ = checkoutPage.Execute(rw, obj{"Session": id, "Transaction": t, "Coins": num(t, "coins.amount"),
			"Dollars": fmt.Sprintf("%.2f", num(t, "funds.amount")/100), "Pending": str(t, "status") == "pending"})
		return
	}
	page := "success"
	if str(t, "status") != "succeeded" {
		page = "cancel"
	}
	http.Redirect(rw, r, co.webOrigin+"/checkout/"+page+"?transactionId="+url.QueryEscape(str(t, "id")), http.StatusSeeOther)
}

// serveReturnPage is the web app's checkout return page, served when the web
// origin is the mock itself.
func (w *World) serveReturnPage(rw http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("transactionId")
	w.mu.Lock()
	var t obj
	if x := w.st.txns[id]; x != nil {
		t = cloneObj(x.data)
	}
	w.mu.Unlock()
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	_ = returnPage.Execute(rw, obj{"Success": strings.HasSuffix(r.URL.Path, "/success"), "Found": t != nil, "Transaction": t,
		"ID": id, "Coins": num(t, "coins.amount"), "Status": str(t, "status")})
}

var checkoutPage = template.Must(template.New("checkout").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Talkamie mock checkout</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
.card{border:1px solid #ddd;border-radius:12px;padding:1.5rem}button{font-size:1rem;padding:.6rem 1.4rem;border-radius:8px;border:0;cursor:pointer}
#pay{background:#635bff;color:#fff}#cancel{background:#eee;margin-left:.5rem}small{color:#777}</style></head>
<body><div class="card">
<h1>Talk Coins top-up</h1>
<p id="summary"><strong id="coins">{{.Coins}} TC</strong> for <strong id="amount">${{.Dollars}}</strong></p>
<p><small>Transaction <code id="transaction">{{.Transaction.id}}</code>, status <code id="status">{{.Transaction.status}}</code>.
This page stands in for Stripe Checkout in the Talkamie mock; no money moves.</small></p>
{{if .Pending}}<form method="post" style="display:inline" action="/__mock/checkout/{{.Session}}/pay"><button id="pay" type="submit">Pay</button></form>
<form method="post" style="display:inline" action="/__mock/checkout/{{.Session}}/cancel"><button id="cancel" type="submit">Cancel</button></form>
{{else}}<p>This checkout is finished.</p>{{end}}
</div></body></html>
`))

var returnPage = template.Must(template.New("return").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Talkamie checkout {{if .Success}}success{{else}}canceled{{end}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}</style></head>
<body><div id="result" data-status="{{.Status}}">
{{if not .Found}}<p>We couldn't find that transaction.</p>
{{else if .Success}}<h1>&#10004; +{{.Coins}} TC</h1><p>Transaction <code id="transaction">{{.ID}}</code> is {{.Status}}.</p>
{{else}}<h1>&#10008; Payment canceled</h1><p>Transaction <code id="transaction">{{.ID}}</code> is {{.Status}}.</p>{{end}}
</div><p><small>Served by the Talkamie mock because its web origin is the mock itself.</small></p></body></html>
`))

// runtimeStats are the process figures load tests watch: goroutines and
// heap (after a GC when the state was asked for with ?gc=true).
func runtimeStats() obj {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return obj{"goroutines": runtime.NumGoroutine(), "heapInuseBytes": ms.HeapInuse, "heapObjects": ms.HeapObjects, "sysBytes": ms.Sys}
}
