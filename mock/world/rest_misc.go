package world

import (
	"net/http"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/mock"
)

var miscHandlers = map[string]handler{
	"scheduleCall": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		c := st.chatBetween(r.me.id(), o.id())
		if c == nil || !c.open() {
			return r.conflict("chat-not-open", "calls can be scheduled in an accepted chat"), nil
		}
		data := obj{"id": st.newID("sch")}
		applySchedule(data, r.body, r.now)
		sc := &schedule{data: data, owner: r.me.id(), attendee: o.id()}
		st.schedules[str(data, "id")] = sc
		m := st.newMessage(c, r.me.id(), r.now, obj{"type": "schedule", "text": str(data, "title"), "schedule": cloneObj(data)})
		ack := cloneObj(m)
		pushes := []push{
			st.messagePush(c, m, o.id(), r.w.online(o.id())),
			st.alertFor(o.id(), "schedule", r.now, obj{"schedule": st.scheduleView(sc, o.id())}),
		}
		return r.ok(http.StatusCreated, obj{"schedule": st.scheduleView(sc, r.me.id()), "chat": obj{"id": c.id}, "message": ack}, "call scheduled"), pushes
	},
	"getSchedule": func(st *state, r *rq) (*mock.Response, []push) {
		sc, fail := r.schedule(st)
		if fail != nil {
			return fail, nil
		}
		return r.ok(http.StatusOK, st.scheduleView(sc, r.me.id()), ""), nil
	},
	"updateSchedule": func(st *state, r *rq) (*mock.Response, []push) {
		sc, fail := r.schedule(st)
		if fail != nil {
			return fail, nil
		}
		applySchedule(sc.data, r.body, r.now)
		other := sc.attendee
		if other == r.me.id() {
			other = sc.owner
		}
		p := st.alertFor(other, "schedule", r.now, obj{"schedule": st.scheduleView(sc, other)})
		return r.ok(http.StatusOK, st.scheduleView(sc, r.me.id()), "schedule updated"), []push{p}
	},
	"deleteSchedule": func(st *state, r *rq) (*mock.Response, []push) {
		sc, fail := r.schedule(st)
		if fail != nil {
			return fail, nil
		}
		id := str(sc.data, "id")
		delete(st.schedules, id)
		return r.ok(http.StatusOK, obj{"schedule": obj{"id": id}}, "the scheduled call was canceled"), nil
	},
	"clearSchedules": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		n := 0
		for id, sc := range st.schedules {
			if (sc.owner == r.me.id() && sc.attendee == o.id()) || (sc.owner == o.id() && sc.attendee == r.me.id()) {
				delete(st.schedules, id)
				n++
			}
		}
		return r.ok(http.StatusOK, obj{"totalCleared": n}, "schedules cleared"), nil
	},
	"listSchedules":         listSchedules(""),
	"listUpcomingSchedules": listSchedules("upcoming"),
	"listPastSchedules":     listSchedules("past"),

	"reviewUser": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		if st.reviewBy(r.me.id(), o.id()) != nil {
			return r.conflict("already-reviewed", "you have reviewed this user; update your review instead"), nil
		}
		rv := &review{data: obj{"id": st.newID("rev"), "rate": r.body["rate"], "text": str(r.body, "text"), "timestamp": r.now}, rater: r.me.id(), ratee: o.id()}
		st.reviews[str(rv.data, "id")] = rv
		st.rate(o.id(), num(rv.data, "rate"), 0)
		p := st.alertFor(o.id(), "review", r.now, obj{"review": st.reviewView(rv)})
		return r.ok(http.StatusCreated, st.reviewResult(rv), "thank you for your review"), []push{p}
	},
	"updateReview": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		rv := st.reviewBy(r.me.id(), o.id())
		if rv == nil {
			return r.notFound("userId", "review"), nil
		}
		st.rate(o.id(), num(r.body, "rate"), num(rv.data, "rate"))
		rv.data["rate"], rv.data["text"], rv.data["timestamp"] = r.body["rate"], str(r.body, "text"), r.now
		return r.ok(http.StatusOK, st.reviewResult(rv), "review updated"), nil
	},
	"deleteReview": func(st *state, r *rq) (*mock.Response, []push) {
		o, fail := r.other(st)
		if fail != nil {
			return fail, nil
		}
		rv := st.reviewBy(r.me.id(), o.id())
		if rv == nil {
			return r.notFound("userId", "review"), nil
		}
		delete(st.reviews, str(rv.data, "id"))
		st.rate(o.id(), 0, num(rv.data, "rate"))
		return r.ok(http.StatusOK, obj{"user": st.ratingOf(o.id())}, "review deleted"), nil
	},
	"listUserReviews": func(st *state, r *rq) (*mock.Response, []push) {
		if st.users[r.path("userId")] == nil {
			return r.notFound("userId", "user"), nil
		}
		return r.page(st.reviewsOf(r.path("userId"))), nil
	},
	"listYourReviews": func(st *state, r *rq) (*mock.Response, []push) {
		return r.page(st.reviewsOf(r.me.id())), nil
	},

	"listAlerts": func(st *state, r *rq) (*mock.Response, []push) {
		var as []*alert
		for _, a := range st.alerts {
			if a.owner == r.me.id() {
				as = append(as, a)
			}
		}
		byNewest(as, func(a *alert) string { return str(a.data, "timestamp") }, func(a *alert) string { return str(a.data, "id") })
		out := make([]obj, len(as))
		for i, a := range as {
			out[i] = cloneObj(a.data)
		}
		return r.page(out), nil
	},

	"listCallHistories": func(st *state, r *rq) (*mock.Response, []push) {
		var cs []*call
		for _, c := range st.calls {
			if c.caller == r.me.id() || c.callee == r.me.id() {
				cs = append(cs, c)
			}
		}
		byNewest(cs, func(c *call) string { return str(c.data, "timestamp") }, func(c *call) string { return str(c.data, "id") })
		out := make([]obj, len(cs))
		for i, c := range cs {
			out[i] = st.callView(c, r.me.id())
		}
		return r.page(out), nil
	},
	"getCall": func(st *state, r *rq) (*mock.Response, []push) {
		c := st.calls[r.path("callId")]
		if c == nil || (c.caller != r.me.id() && c.callee != r.me.id()) {
			return r.notFound("callId", "call"), nil
		}
		return r.ok(http.StatusOK, st.callView(c, r.me.id()), ""), nil
	},

	"getOpenSupportTicket": func(st *state, r *rq) (*mock.Response, []push) {
		if t := st.openTicket(r.me.id()); t != nil {
			return r.ok(http.StatusOK, st.ticketView(t), ""), nil
		}
		return r.ok(http.StatusOK, obj{}, ""), nil
	},
	"listSupportTicketMessages": func(st *state, r *rq) (*mock.Response, []push) {
		t := st.tickets[r.path("ticketId")]
		if t == nil || t.owner != r.me.id() {
			return r.notFound("ticketId", "ticket"), nil
		}
		data, pagination, bad := pageOf(newestFirst(t.messages), r.q("pageSize"), r.q("lastEvaluatedKey"), "query")
		if bad != nil {
			return r.page(nil), nil
		}
		return &mock.Response{Status: http.StatusOK, Example: "world",
			Body: obj{"success": true, "data": obj{"ticket": obj{"id": str(t.data, "id")}, "messages": data}, "pagination": pagination}}, nil
	},
}

// applySchedule stores a schedule request body (title, type, recurrence,
// startDateTime, endDateTime) in a schedule.
func applySchedule(data, body obj, now string) {
	for _, k := range []string{"title", "type"} {
		if v, ok := body[k]; ok {
			data[k] = v
		}
	}
	if rec, ok := body["recurrence"].(string); ok {
		if rec == "none" {
			delete(data, "recurrence")
		} else {
			data["recurrence"] = rec
		}
	}
	if from, ok := body["startDateTime"].(string); ok {
		set(data, "timeslot.from", from)
	}
	if to, ok := body["endDateTime"].(string); ok {
		set(data, "timeslot.to", to)
	}
	data["status"] = scheduleStatus(str(data, "timeslot.to"), now)
}

func listSchedules(status string) handler {
	return func(st *state, r *rq) (*mock.Response, []push) {
		var ss []*schedule
		for _, sc := range st.schedules {
			if (sc.owner == r.me.id() || sc.attendee == r.me.id()) && (status == "" || str(sc.data, "status") == status) {
				ss = append(ss, sc)
			}
		}
		byNewest(ss, func(sc *schedule) string { return str(sc.data, "timeslot.from") }, func(sc *schedule) string { return str(sc.data, "id") })
		out := make([]obj, len(ss))
		for i, sc := range ss {
			out[i] = st.scheduleView(sc, r.me.id())
		}
		return r.page(out), nil
	}
}

// reviewResult is the {review, user} answer of writing a review.
func (s *state) reviewResult(rv *review) obj {
	v := s.reviewView(rv)
	if u := s.users[rv.rater]; u != nil {
		v["rater"] = pick(u.profile, "id", "type", "name", "picture")
	}
	if u := s.users[rv.ratee]; u != nil {
		v["ratee"] = pick(u.profile, "id", "type", "name", "rating", "totalReviews")
	}
	return obj{"review": v, "user": s.ratingOf(rv.ratee)}
}

// reviewsOf lists the reviews a user received, newest first.
func (s *state) reviewsOf(id string) []obj {
	var rs []*review
	for _, rv := range s.reviews {
		if rv.ratee == id {
			rs = append(rs, rv)
		}
	}
	byNewest(rs, func(rv *review) string { return str(rv.data, "timestamp") }, func(rv *review) string { return str(rv.data, "id") })
	out := make([]obj, len(rs))
	for i, rv := range rs {
		out[i] = s.reviewView(rv)
	}
	return out
}

// openTicket finds a user's open support ticket.
func (s *state) openTicket(owner string) *ticket {
	for _, id := range sortedKeys(s.tickets) {
		if t := s.tickets[id]; t.owner == owner && str(t.data, "status") == "open" {
			return t
		}
	}
	return nil
}

// userUpdate is the user.update push of a user's whole ledger.
func (s *state) userUpdate(u *user) push {
	return push{user: u.id(), action: wsmsg.ActionUserUpdate, data: obj{"user": obj{"id": u.id(), "ledger": s.ledger(u)}}}
}
