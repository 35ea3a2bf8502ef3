package world

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// state is everything the world knows. It is guarded by World.mu.
type state struct {
	users     map[string]*user
	tokens    map[string]string // access token -> user id
	chats     map[string]*chat
	connects  map[string]*connect
	schedules map[string]*schedule
	calls     map[string]*call
	txns      map[string]*txn
	alerts    map[string]*alert
	reviews   map[string]*review
	tickets   map[string]*ticket
	sessions  map[string]*checkout
	seq       int // the last number handed out by newID
}

func newState() *state {
	return &state{
		users: map[string]*user{}, tokens: map[string]string{}, chats: map[string]*chat{},
		connects: map[string]*connect{}, schedules: map[string]*schedule{}, calls: map[string]*call{},
		txns: map[string]*txn{}, alerts: map[string]*alert{}, reviews: map[string]*review{},
		tickets: map[string]*ticket{}, sessions: map[string]*checkout{}, seq: 1000,
	}
}

// user is an account: its full profile (FullUser without viewer-relative
// fields), credentials and availability.
type user struct {
	profile  obj
	password string
	access   string
	refresh  string
	custom   obj // CustomAvailabilityItems
	weekly   obj // WeeklyAvailabilityItems
}

func (u *user) id() string { return str(u.profile, "id") }

// chat is a conversation between two members, opened by a connect or
// message request.
type chat struct {
	id       string
	kind     string // connect | message
	members  [2]string
	created  string
	request  obj   // BasicChatRequest: id, text?, timestamp, delivery, status, sender
	messages []obj // BasicChatMessage, oldest first
	// unreadBy counts, per member, the other member's messages not yet read;
	// kept in step with messages by add and markRead.
	unreadBy map[string]int
}

// other returns the member that is not uid.
func (c *chat) other(uid string) string {
	if c.members[0] == uid {
		return c.members[1]
	}
	return c.members[0]
}

func (c *chat) has(uid string) bool { return c.members[0] == uid || c.members[1] == uid }

// open reports whether messaging is allowed (the request was accepted).
func (c *chat) open() bool { return str(c.request, "status") == "accepted" }

// unread counts the messages uid has not read.
func (c *chat) unread(uid string) int { return c.unreadBy[uid] }

// recount recomputes the unread counters from the messages.
func (c *chat) recount() {
	c.unreadBy = map[string]int{}
	for _, m := range c.messages {
		if str(m, "delivery.status") != "read" {
			c.unreadBy[c.other(str(m, "sender.id"))]++
		}
	}
}

// add appends a message.
func (c *chat) add(m obj) {
	c.messages = append(c.messages, m)
	if c.unreadBy == nil {
		c.recount()
		return
	}
	if str(m, "delivery.status") != "read" {
		c.unreadBy[c.other(str(m, "sender.id"))]++
	}
}

// markRead marks a message read at now; false when it already was.
func (c *chat) markRead(m obj, now string) bool {
	if str(m, "delivery.status") == "read" {
		return false
	}
	m["delivery"] = obj{"status": "read", "at": now}
	if c.unreadBy != nil {
		if r := c.other(str(m, "sender.id")); c.unreadBy[r] > 0 {
			c.unreadBy[r]--
		}
	}
	return true
}

// lastAt is the time of the latest message (or the chat's creation).
func (c *chat) lastAt() string {
	if len(c.messages) > 0 {
		return str(c.messages[len(c.messages)-1], "timestamp")
	}
	return c.created
}

// connect is a connection request.
type connect struct {
	id, from, to, status, at string
}

// schedule is a scheduled call between its owner and an attendee.
type schedule struct {
	data     obj // id, type, title, timeslot, status, recurrence
	owner    string
	attendee string
}

// call is an audio or video call in a chat.
type call struct {
	data     obj // id, type, status, duration, timestamp
	caller   string
	callee   string
	chat     string
	answered time.Time
}

// txn is a transaction of one user.
type txn struct {
	data  obj // BasicTransaction
	owner string
}

// alert is a notification of one user.
type alert struct {
	data  obj // BasicAlert
	owner string
}

// review is one user's review of another.
type review struct {
	data  obj // id, rate, text, timestamp
	rater string
	ratee string
}

// ticket is a support ticket and its messages, oldest first.
type ticket struct {
	data     obj // id, status
	owner    string
	messages []obj
}

// checkout is a top-up checkout session: its transaction and where the
// browser returns to.
type checkout struct {
	txn       string
	webOrigin string
}

// newID hands out a fresh id with the kind's prefix ("msg" -> "msg_1001").
func (s *state) newID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s_%04d", prefix, s.seq)
}

// userByEmail finds a user by e-mail address (case-insensitive).
func (s *state) userByEmail(email string) *user {
	for _, u := range s.users {
		if strings.EqualFold(str(u.profile, "email"), email) {
			return u
		}
	}
	return nil
}

// chatBetween finds the chat of two users.
func (s *state) chatBetween(a, b string) *chat {
	for _, c := range s.chats {
		if c.has(a) && c.has(b) && a != b {
			return c
		}
	}
	return nil
}

// connectBetween finds the latest connection request between two users,
// in either direction.
func (s *state) connectBetween(a, b string) *connect {
	var best *connect
	for _, c := range s.connects {
		if (c.from == a && c.to == b) || (c.from == b && c.to == a) {
			if best == nil || c.at > best.at {
				best = c
			}
		}
	}
	return best
}

// reviewBy finds rater's review of ratee.
func (s *state) reviewBy(rater, ratee string) *review {
	for _, r := range s.reviews {
		if r.rater == rater && r.ratee == ratee {
			return r
		}
	}
	return nil
}

// byNewest sorts items newest first by a timestamp, then by id.
func byNewest[T any](items []T, at func(T) string, id func(T) string) []T {
	slices.SortStableFunc(items, func(a, b T) int {
		if c := strings.Compare(at(b), at(a)); c != 0 {
			return c
		}
		return strings.Compare(id(b), id(a))
	})
	return items
}

// stamp formats t the way the contract writes timestamps.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
