package world

import (
	"math"
	"net/http"
	"strings"

	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/mock"
)

// checkoutPath is where the mock serves the checkout page of a session.
const checkoutPath = "/__mock/checkout/"

var financeHandlers = map[string]handler{
	"createTopUpSession": func(st *state, r *rq) (*mock.Response, []push) {
		coins := num(r.body, "coins")
		var t *txn
		if id := str(r.body, "transactionId"); id != "" {
			t = st.txns[id]
			if t == nil || t.owner != r.me.id() || str(t.data, "intent") != "top-up" {
				return r.fail(http.StatusUnprocessableEntity, validate.CodeInvalid, "the transaction to retry is not one of your top-ups",
					validate.Finding{Location: "body.transactionId", Code: "not-found", Message: "no top-up of yours has this id"}), nil
			}
			if s := str(t.data, "status"); s == "succeeded" {
				return r.conflict("already-paid", "this top-up is already paid"), nil
			}
		} else {
			t = &txn{data: obj{"id": st.newID("txn_topup"), "type": "purchase", "intent": "top-up"}, owner: r.me.id()}
			st.txns[str(t.data, "id")] = t
		}
		t.data["status"], t.data["timestamp"] = "pending", r.now
		t.data["coins"] = obj{"amount": coins}
		t.data["funds"] = obj{"amount": int(math.Ceil(coins)), "currency": "usd"}
		session := "cs_mock_" + strings.TrimPrefix(st.newID("ses"), "ses_")
		back := r.w.cfg.webOrigin
		if back == "" {
			back = r.HTTP.Header.Get("Origin")
		}
		if back == "" {
			back = origin(r.HTTP)
		}
		st.sessions[session] = &checkout{txn: str(t.data, "id"), webOrigin: strings.TrimSuffix(back, "/")}
		url := origin(r.HTTP) + checkoutPath + session
		return r.ok(http.StatusCreated, obj{"session": obj{"id": session, "url": url}, "transaction": obj{"id": str(t.data, "id")}}, ""), nil
	},
	"withdrawCoins": func(st *state, r *rq) (*mock.Response, []push) {
		coins := num(r.body, "coins")
		if str(r.me.profile, "type") == "senior" {
			return r.fail(http.StatusForbidden, "forbidden", "seniors buy coins; amies withdraw them"), nil
		}
		var t *txn
		if id := str(r.body, "transactionId"); id != "" {
			t = st.txns[id]
			if t == nil || t.owner != r.me.id() || str(t.data, "type") != "withdrawal" {
				return r.fail(http.StatusUnprocessableEntity, validate.CodeInvalid, "the transaction to retry is not one of your withdrawals",
					validate.Finding{Location: "body.transactionId", Code: "not-found", Message: "no withdrawal of yours has this id"}), nil
			}
			if str(t.data, "status") != "pending" {
				return r.conflict("not-pending", "this withdrawal is "+str(t.data, "status")), nil
			}
			r.me.addCoins(num(t.data, "coins.amount")) // the retry replaces the amount
		}
		if coins > r.me.balance() {
			if t != nil {
				r.me.addCoins(-num(t.data, "coins.amount"))
			}
			return r.fail(http.StatusConflict, "insufficient-coins", "you cannot withdraw more than your balance",
				validate.Finding{Location: "body.coins", Code: "insufficient", Message: "more than the balance"}), nil
		}
		if t == nil {
			t = &txn{data: obj{"id": st.newID("txn_withdraw"), "type": "withdrawal", "intent": "withdraw", "status": "pending"}, owner: r.me.id()}
			st.txns[str(t.data, "id")] = t
		}
		t.data["coins"] = obj{"amount": coins}
		t.data["funds"] = obj{"amount": int(math.Floor(coins)), "currency": "usd"}
		t.data["timestamp"] = r.now
		r.me.addCoins(-coins)
		if email := str(r.body, "paypal.email"); email != "" {
			set(r.me.profile, "ledger.paypal.email", email)
		}
		return r.ok(http.StatusCreated, obj{"transaction": cloneObj(t.data)}, "withdrawal requested"), []push{st.userUpdate(r.me)}
	},
	"getTransaction": func(st *state, r *rq) (*mock.Response, []push) {
		t := st.txns[r.path("transactionId")]
		if t == nil || t.owner != r.me.id() {
			return r.notFound("transactionId", "transaction"), nil
		}
		return r.ok(http.StatusOK, obj{"transaction": cloneObj(t.data)}, ""), nil
	},
	"listTransactions":           listTransactions(""),
	"listPurchaseTransactions":   listTransactions("purchase"),
	"listEarningTransactions":    listTransactions("earning"),
	"listWithdrawalTransactions": listTransactions("withdrawal"),
}

func listTransactions(kind string) handler {
	return func(st *state, r *rq) (*mock.Response, []push) {
		var ts []*txn
		for _, t := range st.txns {
			if t.owner == r.me.id() && (kind == "" || str(t.data, "type") == kind) {
				ts = append(ts, t)
			}
		}
		byNewest(ts, func(t *txn) string { return str(t.data, "timestamp") }, func(t *txn) string { return str(t.data, "id") })
		out := make([]obj, len(ts))
		for i, t := range ts {
			out[i] = cloneObj(t.data)
		}
		return r.page(out), nil
	}
}

// settle finishes a pending transaction: a top-up that succeeds credits its
// coins, a withdrawal that fails or is canceled gives them back. It returns
// the pushes (user.update with the whole ledger) and false when the
// transaction was not pending.
func (s *state) settle(t *txn, status string) ([]push, bool) {
	if str(t.data, "status") != "pending" {
		return nil, false
	}
	t.data["status"] = status
	u := s.users[t.owner]
	if u == nil {
		return nil, true
	}
	coins := num(t.data, "coins.amount")
	switch {
	case str(t.data, "type") == "purchase" && status == "succeeded":
		u.addCoins(coins)
	case str(t.data, "type") == "withdrawal" && status != "succeeded":
		u.addCoins(coins)
	default:
		return nil, true
	}
	return []push{s.userUpdate(u)}, true
}

// origin is the scheme and host the request reached the mock at.
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host
}
