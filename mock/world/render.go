package world

// Views of the world's entities, relative to the user asking (the viewer).
// Every view is a deep copy: it may be encoded after the lock is released.

var (
	cardFields     = []string{"id", "type", "name", "age", "gender", "bio", "picture", "location", "rating", "totalReviews", "verification"}
	extendedFields = []string{"id", "type", "name", "bio", "language", "age", "gender", "location", "interests", "picture", "video",
		"rating", "totalReviews", "timezoneOffset", "verification", "specialization"}
)

// full is a user's own view of themselves (FullUser) with live counters.
func (s *state) full(u *user) obj {
	out := cloneObj(u.profile)
	id := u.id()
	connections, pending, unreadChats, unreadAlerts := 0, 0, 0, 0
	for _, c := range s.connects {
		if c.status == "accepted" && (c.from == id || c.to == id) {
			connections++
		}
		if c.status == "pending" && c.to == id {
			pending++
		}
	}
	for _, c := range s.chats {
		if c.has(id) && c.unread(id) > 0 && listed(c) {
			unreadChats++
		}
	}
	for _, a := range s.alerts {
		if a.owner == id && str(a.data, "status") != "read" {
			unreadAlerts++
		}
	}
	out["totalConnections"], out["totalPendingRequests"] = connections, pending
	out["totalUnreadChats"], out["totalUnreadAlerts"] = unreadChats, unreadAlerts
	return out
}

// card is the small view of a user (BasicUser) that lists and nested
// references carry; with a viewer it names their chat.
func (s *state) card(id, viewer string) obj {
	u := s.users[id]
	if u == nil {
		return obj{"id": id}
	}
	out := pick(u.profile, cardFields...)
	if viewer != "" && viewer != id {
		if c := s.chatBetween(viewer, id); c != nil {
			out["viewer"] = obj{"id": viewer, "chat": obj{"id": c.id}}
		}
	}
	return out
}

// extended is another user's profile as the viewer sees it (ExtendedUser);
// a user looking at themselves gets their full view.
func (s *state) extended(u *user, viewer string) obj {
	id := u.id()
	if id == viewer {
		out := s.full(u)
		out["availability"] = s.availability(u)
		return out
	}
	out := pick(u.profile, extendedFields...)
	out["totalConnections"] = s.full(u)["totalConnections"]
	out["availability"] = s.availability(u)
	v := obj{"id": viewer}
	if c := s.connectBetween(viewer, id); c != nil {
		v["connectRequest"] = s.connectView(c, "")
	}
	if c := s.chatBetween(viewer, id); c != nil {
		v["chat"] = obj{"id": c.id, "request": cloneObj(c.request)}
	}
	if r := s.reviewBy(viewer, id); r != nil {
		v["review"] = obj{"id": str(r.data, "id")}
	}
	out["viewer"] = v
	return out
}

func (s *state) availability(u *user) obj {
	out := obj{}
	if u.custom != nil {
		out["custom"] = cloneObj(u.custom)
	}
	if u.weekly != nil {
		out["weekly"] = cloneObj(u.weekly)
	}
	return out
}

// connectView is a connection request; with a viewer it carries the other
// party as user (FullConnectRequest).
func (s *state) connectView(c *connect, viewer string) obj {
	out := obj{"id": c.id, "status": c.status, "from": obj{"id": c.from}, "to": obj{"id": c.to}}
	if c.at != "" {
		out["timestamp"] = c.at
	}
	if viewer != "" {
		other := c.from
		if other == viewer {
			other = c.to
		}
		out["user"] = s.card(other, "")
	}
	return out
}

// listed reports whether a chat shows in chat lists (not after its request
// was rejected or canceled).
func listed(c *chat) bool {
	st := str(c.request, "status")
	return st != "rejected" && st != "canceled"
}

// chatView is a chat as one member sees it (FullChat).
func (s *state) chatView(c *chat, viewer string) obj {
	out := obj{"id": c.id, "user": s.card(c.other(viewer), ""), "totalUnreadMessages": c.unread(viewer)}
	if c.kind != "" {
		out["type"] = c.kind
	}
	if c.created != "" {
		out["timestamp"] = c.created
	}
	if len(c.messages) > 0 {
		out["lastMessage"] = cloneObj(c.messages[len(c.messages)-1])
	}
	if c.request != nil {
		out["request"] = cloneObj(c.request)
	}
	return out
}

// scheduleView is a schedule with the other party as attendee.
func (s *state) scheduleView(sc *schedule, viewer string) obj {
	out := cloneObj(sc.data)
	other := sc.attendee
	if viewer == sc.attendee {
		other = sc.owner
	}
	out["attendee"] = s.card(other, "")
	return out
}

// callView is a call as one party sees it: direction and the other party.
func (s *state) callView(c *call, viewer string) obj {
	out := cloneObj(c.data)
	out["direction"], out["user"] = "outgoing", s.card(c.callee, "")
	if viewer == c.callee {
		out["direction"], out["user"] = "incoming", s.card(c.caller, "")
	}
	if c.chat != "" {
		out["chat"] = obj{"id": c.chat}
	}
	return out
}

// reviewView is a review with its rater's id and name.
func (s *state) reviewView(r *review) obj {
	out := cloneObj(r.data)
	rater := obj{"id": r.rater}
	if u := s.users[r.rater]; u != nil {
		if n := str(u.profile, "name"); n != "" {
			rater["name"] = n
		}
	}
	out["rater"] = rater
	return out
}

// ratingOf is the {id, rating, totalReviews} summary of a user.
func (s *state) ratingOf(id string) obj {
	out := obj{"id": id}
	if u := s.users[id]; u != nil {
		for _, k := range []string{"rating", "totalReviews"} {
			if v, ok := u.profile[k]; ok {
				out[k] = v
			}
		}
	}
	return out
}

// rate adjusts a user's rating and review count incrementally, so seeded
// users keep the figures their examples show: added is the rate of a new
// review (0: none), removed the rate of a deleted or replaced one.
func (s *state) rate(id string, added, removed float64) {
	u := s.users[id]
	if u == nil {
		return
	}
	n := num(u.profile, "totalReviews")
	sum := num(u.profile, "rating") * n
	if added > 0 {
		sum, n = sum+added, n+1
	}
	if removed > 0 && n > 0 {
		sum, n = sum-removed, n-1
	}
	rating := 0.0
	if n > 0 {
		rating = float64(int64(sum/n*10+0.5)) / 10
	}
	u.profile["rating"], u.profile["totalReviews"] = min(max(rating, 0), 5), int(n)
}

// ticketView is a support ticket with its owner.
func (s *state) ticketView(t *ticket) obj {
	out := cloneObj(t.data)
	out["user"] = s.card(t.owner, "")
	return out
}

// ledger is the whole ledger of a user, for user.update pushes (the web
// client merges them shallowly).
func (s *state) ledger(u *user) obj {
	l, _ := clone(u.profile["ledger"]).(obj)
	if l == nil {
		l = obj{}
	}
	if _, ok := l["coins"].(obj); !ok {
		l["coins"] = obj{"balance": 0.0}
	}
	return l
}

// balance reads and adjusts a user's coin balance.
func (u *user) balance() float64 { return num(u.profile, "ledger.coins.balance") }

func (u *user) addCoins(delta float64) {
	set(u.profile, "ledger.coins.balance", round2(u.balance()+delta))
}

func round2(f float64) float64 {
	if f < 0 {
		return -round2(-f)
	}
	return float64(int64(f*100+0.5)) / 100
}
