package world

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/validate"
)

// wsAction runs a validated client frame (its action canonical) with the
// state locked: the reply's data and frame-level pagination, the pushes it
// causes, or a failure.
type wsAction func(st *state, s *session, f obj, now string) (reply, pagination obj, pushes []push, fail *wsFail)

var wsActions map[wsmsg.Action]wsAction

func init() {
	wsActions = map[wsmsg.Action]wsAction{
		wsmsg.ActionAuthenticate:          wsAuthenticate,
		wsmsg.ActionPing:                  func(*state, *session, obj, string) (obj, obj, []push, *wsFail) { return nil, nil, nil, nil },
		wsmsg.ActionChatMessageSend:       wsChatMessageSend,
		wsmsg.ActionChatMessagesGet:       wsChatMessagesGet,
		wsmsg.ActionChatMessagesUpdate:    wsChatMessagesUpdate,
		wsmsg.ActionSupportMessageSend:    wsSupportMessageSend,
		wsmsg.ActionSupportMessagesGet:    wsSupportMessagesGet,
		wsmsg.ActionSupportMessagesUpdate: wsSupportMessagesUpdate,
		wsmsg.ActionAlertsUpdate:          wsAlertsUpdate,
		wsmsg.ActionCallStart:             wsCallStart,
		wsmsg.ActionCallAccept:            wsCallAnswer(wsmsg.ActionCallAccepted, "accepted"),
		wsmsg.ActionCallReject:            wsCallAnswer(wsmsg.ActionCallRejected, "rejected"),
		wsmsg.ActionCallEnd:               wsCallEnd,
		wsmsg.ActionCallSignal:            wsCallSignal,
		wsmsg.ActionCallConnected:         wsCallMedia,
		wsmsg.ActionCallDisconnected:      wsCallMedia,
	}
}

func wsAuthenticate(st *state, s *session, f obj, _ string) (obj, obj, []push, *wsFail) {
	id, ok := st.tokens[str(f, "token")]
	if !ok || st.users[id] == nil {
		return nil, nil, nil, failf(http.StatusUnauthorized, validate.CodeUnauthorized, "sign in to continue",
			validate.Finding{Location: "body.token", Code: "invalid-token", Message: "the token is unknown or expired"})
	}
	s.signIn(id)
	return st.full(st.users[id]), nil, nil, nil
}

// memberChat finds a chat of the session's user.
func memberChat(st *state, s *session, id string) (*chat, *wsFail) {
	c := st.chats[id]
	if c == nil || !c.has(s.current()) {
		return nil, failf(http.StatusNotFound, "not-found", "chat not found",
			validate.Finding{Location: "body.chatId", Code: "not-found", Message: "no chat of yours has this id"})
	}
	return c, nil
}

func wsChatMessageSend(st *state, s *session, f obj, now string) (obj, obj, []push, *wsFail) {
	c, fail := memberChat(st, s, str(f, "chatId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	if !c.open() {
		return nil, nil, nil, failf(http.StatusConflict, "chat-not-open", "messages can be sent once the request is accepted")
	}
	me := s.current()
	m := st.newMessage(c, me, now, obj{"text": str(f, "message.text")})
	ack := obj{"chat": obj{"id": c.id}, "message": cloneObj(m)}
	to := c.other(me)
	return ack, nil, []push{st.messagePush(c, m, to, s.w.online(to))}, nil
}

// lastKey reads a frame's lastEvaluatedKey (an object) as the JSON text
// pageOf expects.
func lastKey(f obj) string {
	k, ok := f["lastEvaluatedKey"].(obj)
	if !ok {
		return ""
	}
	b, err := json.Marshal(k)
	if err != nil {
		return "{}"
	}
	return string(b)
}

func pageSize(f obj) string {
	if v, ok := f["pageSize"].(float64); ok {
		return strconv.Itoa(int(v))
	}
	return ""
}

func wsChatMessagesGet(st *state, s *session, f obj, _ string) (obj, obj, []push, *wsFail) {
	c, fail := memberChat(st, s, str(f, "chatId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	data, pagination, bad := pageOf(newestFirst(c.messages), pageSize(f), lastKey(f), "body")
	if bad != nil {
		return nil, nil, nil, failf(http.StatusBadRequest, validate.CodeMalformed, bad.Message, *bad)
	}
	return obj{"chat": obj{"id": c.id}, "messages": data}, pagination, nil, nil
}

// readMessages marks the listed messages (not the reader's own) read with
// markRead and returns them by id. It walks from the newest message, as
// clients mark what they just saw.
func readMessages(ms []obj, reader string, wanted obj, now string, markRead func(obj, string) bool) obj {
	out := obj{}
	for i := len(ms) - 1; i >= 0 && len(out) < len(wanted); i-- {
		m := ms[i]
		id := str(m, "id")
		if _, ok := wanted[id]; !ok || str(m, "sender.id") == reader {
			continue
		}
		markRead(m, now)
		out[id] = cloneObj(m)
	}
	return out
}

// markSupportRead marks a support message read.
func markSupportRead(m obj, now string) bool {
	if str(m, "delivery.status") == "read" {
		return false
	}
	m["delivery"] = obj{"status": "read", "at": now}
	return true
}

func wsChatMessagesUpdate(st *state, s *session, f obj, now string) (obj, obj, []push, *wsFail) {
	c, fail := memberChat(st, s, str(f, "chatId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	me := s.current()
	wanted, _ := f["messagesMap"].(obj)
	read := readMessages(c.messages, me, wanted, now, c.markRead)
	reply := obj{"chat": obj{"id": c.id}, "messagesMap": read,
		"viewer": obj{"id": me, "totalUnreadChats": st.full(st.users[me])["totalUnreadChats"]}}
	var pushes []push
	if len(read) > 0 {
		receipt := obj{"chatsMap": obj{c.id: obj{"chat": obj{"id": c.id}, "messagesMap": cloneObj(read)}}}
		pushes = append(pushes, push{user: c.other(me), action: wsmsg.ActionChatsUpdate, data: receipt})
	}
	return reply, nil, pushes, nil
}

// ownTicket finds a ticket of the session's user.
func ownTicket(st *state, s *session, id string) (*ticket, *wsFail) {
	t := st.tickets[id]
	if t == nil || t.owner != s.current() {
		return nil, failf(http.StatusNotFound, "not-found", "ticket not found",
			validate.Finding{Location: "body.ticketId", Code: "not-found", Message: "no ticket of yours has this id"})
	}
	return t, nil
}

func wsSupportMessageSend(st *state, s *session, f obj, now string) (obj, obj, []push, *wsFail) {
	me := s.current()
	var t *ticket
	if id := str(f, "ticketId"); id != "" {
		var fail *wsFail
		if t, fail = ownTicket(st, s, id); fail != nil {
			return nil, nil, nil, fail
		}
		if str(t.data, "status") != "open" {
			return nil, nil, nil, failf(http.StatusConflict, "ticket-closed", "this ticket is closed; start a new one")
		}
	} else if t = st.openTicket(me); t == nil {
		t = &ticket{data: obj{"id": st.newID("tkt"), "status": "open"}, owner: me}
		st.tickets[str(t.data, "id")] = t
	}
	m := obj{"id": st.newID("smg"), "type": "text", "text": str(f, "message.text"), "timestamp": now,
		"delivery": obj{"status": "sent", "at": now}, "sender": obj{"id": me}}
	t.messages = append(t.messages, m)
	return obj{"ticket": st.ticketView(t), "message": cloneObj(m)}, nil, nil, nil
}

func wsSupportMessagesGet(st *state, s *session, f obj, _ string) (obj, obj, []push, *wsFail) {
	t, fail := ownTicket(st, s, str(f, "ticketId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	data, pagination, bad := pageOf(newestFirst(t.messages), pageSize(f), lastKey(f), "body")
	if bad != nil {
		return nil, nil, nil, failf(http.StatusBadRequest, validate.CodeMalformed, bad.Message, *bad)
	}
	return obj{"ticket": obj{"id": str(t.data, "id")}, "messages": data}, pagination, nil, nil
}

func wsSupportMessagesUpdate(st *state, s *session, f obj, now string) (obj, obj, []push, *wsFail) {
	t, fail := ownTicket(st, s, str(f, "ticketId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	wanted, _ := f["messagesMap"].(obj)
	return obj{"ticket": obj{"id": str(t.data, "id")}, "messagesMap": readMessages(t.messages, s.current(), wanted, now, markSupportRead)}, nil, nil, nil
}

func wsAlertsUpdate(st *state, s *session, f obj, _ string) (obj, obj, []push, *wsFail) {
	me := s.current()
	wanted, _ := f["alertsMap"].(obj)
	done := obj{}
	for _, id := range sortedKeys(wanted) {
		if a := st.alerts[id]; a != nil && a.owner == me {
			a.data["status"] = "read"
			done[id] = obj{"status": "read"}
		}
	}
	return obj{"alertsMap": done, "viewer": obj{"id": me, "totalUnreadAlerts": st.full(st.users[me])["totalUnreadAlerts"]}}, nil, nil, nil
}

func wsCallStart(st *state, s *session, f obj, now string) (obj, obj, []push, *wsFail) {
	c, fail := memberChat(st, s, str(f, "chatId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	if !c.open() {
		return nil, nil, nil, failf(http.StatusConflict, "chat-not-open", "calls can be made in an accepted chat")
	}
	me := s.current()
	cl := &call{data: obj{"id": st.newID("cal"), "type": str(f, "type"), "status": "ringing", "duration": 0, "timestamp": now},
		caller: me, callee: c.other(me), chat: c.id}
	st.calls[str(cl.data, "id")] = cl
	incoming := push{user: cl.callee, action: wsmsg.ActionCallIncoming, data: obj{"chat": obj{"id": c.id}, "call": st.callView(cl, cl.callee)}}
	return obj{"chatId": c.id, "call": st.callView(cl, me)}, nil, []push{incoming}, nil
}

// partyCall finds a call the session's user takes part in.
func partyCall(st *state, s *session, id string) (*call, *wsFail) {
	c := st.calls[id]
	if c == nil || (c.caller != s.current() && c.callee != s.current()) {
		return nil, failf(http.StatusNotFound, "not-found", "call not found",
			validate.Finding{Location: "body.callId", Code: "not-found", Message: "no call of yours has this id"})
	}
	return c, nil
}

// wsCallAnswer accepts or rejects a ringing call (callee only) and tells the
// caller with push.
func wsCallAnswer(notify wsmsg.Action, status string) wsAction {
	return func(st *state, s *session, f obj, _ string) (obj, obj, []push, *wsFail) {
		c, fail := partyCall(st, s, str(f, "callId"))
		if fail != nil {
			return nil, nil, nil, fail
		}
		if c.callee != s.current() {
			return nil, nil, nil, failf(http.StatusConflict, "not-callee", "only the person called can answer")
		}
		if str(c.data, "status") != "ringing" {
			return nil, nil, nil, failf(http.StatusConflict, "not-ringing", "the call is "+str(c.data, "status"))
		}
		c.data["status"] = status
		if status == "accepted" {
			c.answered = s.w.cfg.now()
		}
		p := push{user: c.caller, action: notify, data: obj{"chat": obj{"id": c.chat}, "call": st.callView(c, c.caller)}}
		return obj{"chatId": c.chat, "call": st.callView(c, c.callee)}, nil, []push{p}, nil
	}
}

// costPerSecond is what a call costs the senior and earns the amie, in
// Talk Coins per second (cal_0001: 540 s earned txn_earning_0001 540 TC).
const costPerSecond = 1.0

func wsCallEnd(st *state, s *session, f obj, now string) (obj, obj, []push, *wsFail) {
	c, fail := partyCall(st, s, str(f, "callId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	me := s.current()
	other := c.caller
	if me == c.caller {
		other = c.callee
	}
	var pushes []push
	switch str(c.data, "status") {
	case "ringing":
		c.data["status"] = "missed"
	case "accepted":
		secs := int(s.w.cfg.now().Sub(c.answered) / time.Second)
		c.data["duration"] = secs
		pushes = append(pushes, st.bill(c, float64(secs)*costPerSecond, now)...)
	default:
		return nil, nil, nil, failf(http.StatusConflict, "call-over", "the call is already "+str(c.data, "status"))
	}
	ended := obj{"chat": obj{"id": c.chat}, "call": st.callView(c, other)}
	if u := st.users[other]; u != nil {
		ended["me"] = st.full(u)
	}
	pushes = append(pushes, push{user: other, action: wsmsg.ActionCallEnded, data: ended})
	return obj{"chatId": c.chat, "call": st.callView(c, me)}, nil, pushes, nil
}

// bill moves a call's coins from the senior to the amie, records the amie's
// earning and pushes user.update (the whole ledger) to both.
func (s *state) bill(c *call, coins float64, now string) []push {
	if coins <= 0 {
		return nil
	}
	payer, payee := s.users[c.caller], s.users[c.callee]
	if payer == nil || payee == nil {
		return nil
	}
	if str(payer.profile, "type") != "senior" {
		payer, payee = payee, payer
	}
	coins = min(coins, max(payer.balance(), 0))
	if coins <= 0 {
		return nil
	}
	payer.addCoins(-coins)
	payee.addCoins(coins)
	t := &txn{data: obj{"id": s.newID("txn_earning"), "type": "earning", "status": "succeeded", "coins": obj{"amount": coins}, "timestamp": now}, owner: payee.id()}
	s.txns[str(t.data, "id")] = t
	return []push{s.userUpdate(payer), s.userUpdate(payee)}
}

func wsCallSignal(st *state, s *session, f obj, _ string) (obj, obj, []push, *wsFail) {
	c, fail := memberChat(st, s, str(f, "chatId"))
	if fail != nil {
		return nil, nil, nil, fail
	}
	relay := push{user: c.other(s.current()), action: wsmsg.ActionCallSignal, data: obj{"chat": obj{"id": c.id}, "signal": clone(f["signal"])}}
	return nil, nil, []push{relay}, nil
}

func wsCallMedia(st *state, s *session, f obj, _ string) (obj, obj, []push, *wsFail) {
	if _, fail := partyCall(st, s, str(f, "callId")); fail != nil {
		return nil, nil, nil, fail
	}
	return nil, nil, nil, nil
}
