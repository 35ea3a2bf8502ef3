package world

import (
	"net/http"
	"slices"
	"strings"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/mock"
)

// alertFor files a new alert for owner and returns its push.
func (s *state) alertFor(owner, kind, now string, fields obj) push {
	a := obj{"id": s.newID("alt"), "type": kind, "timestamp": now}
	for k, v := range fields {
		a[k] = v
	}
	s.alerts[str(a, "id")] = &alert{data: a, owner: owner}
	return push{user: owner, action: wsmsg.ActionAlertNew, data: obj{"alert": cloneObj(a)}}
}

// newMessage appends a message from sender to a chat and returns it.
func (s *state) newMessage(c *chat, sender, now string, fields obj) obj {
	m := obj{"id": s.newID("msg"), "type": "text", "timestamp": now, "sender": obj{"id": sender},
		"delivery": obj{"status": "sent", "at": now}}
	for k, v := range fields {
		m[k] = v
	}
	c.add(m)
	return m
}

// messagePush is the chat.message.new push of a message to the recipient.
func (s *state) messagePush(c *chat, m obj, to string, online bool) push {
	if online {
		set(m, "delivery.status", "delivered")
	}
	viewer := obj{"id": to, "totalUnreadChats": s.full(s.users[to])["totalUnreadChats"]}
	return push{user: to, action: wsmsg.ActionChatMessageNew, data: obj{"chat": obj{"id": c.id}, "message": cloneObj(m), "viewer": viewer}}
}

var chatHandlers = map[string]handler{
	"sendConnectionRequest": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		if c := st.connectBetween(r.me.id(), o.id()); c != nil && (c.status == "pending" || c.status == "accepted") {
			return r.conflict("already-requested", "a connection request between you is already "+c.status), nil
		}
		c := &connect{id: st.newID("cnr"), from: r.me.id(), to: o.id(), status: "pending", at: r.now}
		st.connects[c.id] = c
		p := st.alertFor(o.id(), "connect-request", r.now, obj{"connectRequest": st.connectView(c, o.id())})
		return r.ok(http.StatusCreated, st.connectView(c, r.me.id()), "connection request sent"), []push{p}
	},
	"cancelConnectionRequest": func(st *state, r *rq) (*mock.Response, []push) {
		return r.settleConnect(st, func(c *connect, me string) bool {
			return c.status == "pending" && c.from == me || c.status == "accepted"
		},
			"canceled", "connection request canceled")
	},
	"disconnectUser": func(st *state, r *rq) (*mock.Response, []push) {
		return r.settleConnect(st, func(c *connect, _ string) bool { return c.status == "accepted" }, "canceled", "you are no longer connected")
	},
	"rejectConnectionRequest": func(st *state, r *rq) (*mock.Response, []push) {
		return r.settleConnect(st, func(c *connect, me string) bool { return c.status == "pending" && c.to == me }, "rejected", "connection request declined")
	},
	"acceptConnectionRequest": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		c := st.connectBetween(r.me.id(), o.id())
		if c == nil || c.to != r.me.id() {
			return r.notFound("userId", "connection request"), nil
		}
		if c.status != "pending" {
			return r.conflict("not-pending", "the connection request is "+c.status), nil
		}
		c.status = "accepted"
		ch := st.chatBetween(r.me.id(), o.id())
		request := obj{"id": c.id, "timestamp": c.at, "delivery": obj{"status": "read", "at": r.now}, "status": "accepted", "sender": obj{"id": c.from}}
		if ch == nil {
			ch = &chat{id: st.newID("cht"), kind: "connect", members: [2]string{c.from, c.to}, created: r.now, request: request}
			st.chats[ch.id] = ch
		} else {
			set(ch.request, "status", "accepted")
		}
		data := st.connectView(c, r.me.id())
		data["chat"] = obj{"id": ch.id, "request": cloneObj(ch.request)}
		p := st.alertFor(o.id(), "connect-request", r.now, obj{"connectRequest": st.connectView(c, o.id())})
		return r.ok(http.StatusOK, data, "you are now connected"), []push{p}
	},
	"sendMessageRequest": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		if c := st.chatBetween(r.me.id(), o.id()); c != nil {
			return r.conflict("chat-exists", "you already have a chat with this user (request "+str(c.request, "status")+")"), nil
		}
		c := &chat{id: st.newID("cht"), kind: "message", members: [2]string{r.me.id(), o.id()}, created: r.now}
		st.chats[c.id] = c
		text := str(r.body, "text")
		m := st.newMessage(c, r.me.id(), r.now, obj{"text": text, "isRequest": true})
		c.request = obj{"id": str(m, "id"), "text": text, "timestamp": r.now, "delivery": obj{"status": "sent", "at": r.now}, "status": "pending", "sender": obj{"id": r.me.id()}}
		p := st.alertFor(o.id(), "message-request", r.now, obj{"chat": st.chatView(c, o.id()), "message": cloneObj(m)})
		return r.ok(http.StatusCreated, obj{"chat": obj{"id": c.id, "request": cloneObj(c.request)}, "message": cloneObj(m)}, "message request sent"), []push{p}
	},
	"cancelMessageRequest": func(st *state, r *rq) (*mock.Response, []push) {
		return r.settleMessageRequest(st, true, "canceled", "message request canceled")
	},
	"rejectMessageRequest": func(st *state, r *rq) (*mock.Response, []push) {
		return r.settleMessageRequest(st, false, "rejected", "message request declined")
	},
	"acceptMessageRequest": func(st *state, r *rq) (*mock.Response, []push) {
		resp, pushes := r.settleMessageRequest(st, false, "accepted", "message request accepted")
		return resp, pushes
	},
	"listChats": func(st *state, r *rq) (*mock.Response, []push) {
		return r.page(st.chatList(r.me.id(), func(*chat) bool { return true }, false)), nil
	},
	"listUnreadChats": func(st *state, r *rq) (*mock.Response, []push) {
		me := r.me.id()
		return r.page(st.chatList(me, func(c *chat) bool { return c.unread(me) > 0 }, false)), nil
	},
	"listPendingChats": func(st *state, r *rq) (*mock.Response, []push) {
		return r.page(st.chatList(r.me.id(), func(c *chat) bool { return str(c.request, "status") == "pending" }, false)), nil
	},
	"listFrequentChats": func(st *state, r *rq) (*mock.Response, []push) {
		return r.page(st.chatList(r.me.id(), (*chat).open, true)), nil
	},
	"getChat": func(st *state, r *rq) (*mock.Response, []push) {
		c := st.chats[r.path("chatId")]
		if c == nil || !c.has(r.me.id()) {
			return r.notFound("chatId", "chat"), nil
		}
		return r.ok(http.StatusOK, st.chatView(c, r.me.id()), ""), nil
	},
	"listChatMessages": func(st *state, r *rq) (*mock.Response, []push) {
		c := st.chats[r.path("chatId")]
		if c == nil || !c.has(r.me.id()) {
			return r.notFound("chatId", "chat"), nil
		}
		data, pagination, bad := pageOf(newestFirst(c.messages), r.q("pageSize"), r.q("lastEvaluatedKey"), "query")
		if bad != nil {
			return r.fail(http.StatusBadRequest, validate.CodeMalformed, bad.Message, *bad), nil
		}
		return &mock.Response{Status: http.StatusOK, Example: "world",
			Body: obj{"success": true, "data": obj{"chat": obj{"id": c.id}, "messages": data}, "pagination": pagination}}, nil
	},
	"sendChatMessage": func(st *state, r *rq) (*mock.Response, []push) {
		c := st.chats[r.path("chatId")]
		if c == nil || !c.has(r.me.id()) {
			return r.notFound("chatId", "chat"), nil
		}
		if !c.open() {
			return r.conflict("chat-not-open", "messages can be sent once the request is accepted"), nil
		}
		m := st.newMessage(c, r.me.id(), r.now, obj{"text": str(r.body, "message.text")})
		ack := cloneObj(m)
		p := st.messagePush(c, m, c.other(r.me.id()), r.w.online(c.other(r.me.id())))
		return r.ok(http.StatusCreated, obj{"chat": obj{"id": c.id}, "message": ack}, ""), []push{p}
	},
}

// settleConnect moves the connection request between the caller and the
// path's user to status, when allowed.
func (r *rq) settleConnect(st *state, allowed func(c *connect, me string) bool, status, message string) (*mock.Response, []push) {
	o, fail := r.other(st)
	if fail != nil {
		return fail, nil
	}
	c := st.connectBetween(r.me.id(), o.id())
	if c == nil || !allowed(c, r.me.id()) {
		return r.notFound("userId", "connection request"), nil
	}
	c.status = status
	var pushes []push
	if status == "rejected" || (status == "canceled" && c.to == o.id()) {
		pushes = append(pushes, st.alertFor(o.id(), "connect-request", r.now, obj{"connectRequest": st.connectView(c, o.id())}))
	}
	return r.ok(http.StatusOK, st.connectView(c, ""), message), pushes
}

// settleMessageRequest moves the pending message request between the caller
// and the path's user to status; mine says whether the caller must be its
// sender (cancel) or its recipient (accept, reject).
func (r *rq) settleMessageRequest(st *state, mine bool, status, message string) (*mock.Response, []push) {
	o, fail := r.other(st)
	if fail != nil {
		return fail, nil
	}
	c := st.chatBetween(r.me.id(), o.id())
	if c == nil || c.kind != "message" || (str(c.request, "sender.id") == r.me.id()) != mine {
		return r.notFound("userId", "message request"), nil
	}
	if str(c.request, "status") != "pending" {
		return r.conflict("not-pending", "the message request is "+str(c.request, "status")), nil
	}
	c.request["status"] = status
	data := obj{"chat": obj{"id": c.id}}
	var pushes []push
	if status == "accepted" {
		c.request["delivery"] = obj{"status": "read", "at": r.now}
		for _, m := range c.messages {
			if str(m, "sender.id") == o.id() {
				c.markRead(m, r.now)
			}
		}
		data["chat"] = obj{"id": c.id, "request": cloneObj(c.request)}
		pushes = append(pushes, st.alertFor(o.id(), "message-request", r.now, obj{"chat": st.chatView(c, o.id())}))
	}
	if status == "canceled" {
		delete(st.chats, c.id)
	}
	return r.ok(http.StatusOK, data, message), pushes
}

// chatList lists a user's chats, most recent first (or with the most
// messages first when frequent).
func (s *state) chatList(me string, keep func(*chat) bool, frequent bool) []obj {
	var cs []*chat
	for _, c := range s.chats {
		if c.has(me) && listed(c) && keep(c) {
			cs = append(cs, c)
		}
	}
	byNewest(cs, (*chat).lastAt, func(c *chat) string { return c.id })
	if frequent {
		slices.SortStableFunc(cs, func(a, b *chat) int { return len(b.messages) - len(a.messages) })
	}
	out := make([]obj, len(cs))
	for i, c := range cs {
		out[i] = s.chatView(c, me)
	}
	return out
}

// newestFirst returns copies of messages (stored oldest first), newest first.
func newestFirst(ms []obj) []obj {
	out := make([]obj, len(ms))
	for i, m := range ms {
		out[len(ms)-1-i] = cloneObj(m)
	}
	return out
}

// partyOf finds a schedule the caller takes part in.
func (r *rq) schedule(st *state) (*schedule, *mock.Response) {
	sc := st.schedules[r.path("scheduleId")]
	me := r.me.id()
	if sc == nil || (sc.owner != me && sc.attendee != me) {
		return nil, r.notFound("scheduleId", "schedule")
	}
	return sc, nil
}

// scheduleStatus is "upcoming" for a timeslot that has not ended, else "past".
func scheduleStatus(to, now string) string {
	if strings.Compare(to, now) >= 0 {
		return "upcoming"
	}
	return "past"
}
