package world

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/talkamie/contract/mock"
)

// The examples show entities but not always who they belong to (a chat's
// `user` is the other participant of whoever asked, a transaction does not
// name its owner). The relations below fill that in; they are the world of
// example ids that docs/contract-style.md §6 describes. Everything else
// (names, texts, statuses, amounts, times) is read from the examples.

// account is a seeded user's credentials.
type account struct {
	user, access, refresh, password string
}

var seedAccounts = []account{
	{"usr_margaret", "tok_margaret_access", "tok_margaret_refresh", "Roses-In-September-51"},
	{"usr_daniel", "tok_daniel_access", "tok_daniel_refresh", "Chess-And-Chutney-29"},
	{"usr_priya", "tok_priya_access", "tok_priya_refresh", "Marigold-Tea-2025"},
}

// chatRelation says who talks in a chat and which messages are its own.
type chatRelation struct {
	chat    string
	members [2]string
	prefix  string // the chat's message ids start with it
}

var seedChats = []chatRelation{
	{"cht_margaret_daniel", [2]string{"usr_margaret", "usr_daniel"}, "msg_00"},
	{"cht_margaret_priya", [2]string{"usr_priya", "usr_margaret"}, "msg_01"},
}

// owners of the entities that do not name them: by id prefix, longest
// prefix first.
var seedOwners = []struct{ prefix, owner, other string }{
	{"txn_topup_", "usr_margaret", ""},
	{"txn_earning_", "usr_daniel", ""},
	{"txn_withdraw_", "usr_daniel", ""},
	{"alt_0004", "usr_daniel", ""},
	{"alt_", "usr_margaret", ""},
	{"sch_", "usr_margaret", "usr_daniel"},     // owner, attendee
	{"cal_", "usr_margaret", "usr_daniel"},     // caller, callee
	{"rev_0002", "usr_daniel", "usr_margaret"}, // rater, ratee
	{"rev_", "", "usr_daniel"},                 // rater from the example
	{"tkt_", "usr_margaret", ""},               // ticket owner
	{"smg_", "tkt_0001", ""},                   // support message -> ticket
	{"cnr_", "", ""},                           // from/to are in the examples
	{"cal_chat", "cht_margaret_daniel", ""},    // the chat of the seeded calls
}

// owner returns the relation for an id.
func owner(id string) (string, string, bool) {
	best := -1
	for i, o := range seedOwners {
		if strings.HasPrefix(id, o.prefix) && (best < 0 || len(o.prefix) > len(seedOwners[best].prefix)) {
			best = i
		}
	}
	if best < 0 {
		return "", "", false
	}
	return seedOwners[best].owner, seedOwners[best].other, true
}

// seedKinds are the id prefixes the world collects from the examples.
var seedKinds = []string{"usr", "cht", "msg", "cnr", "sch", "cal", "txn", "alt", "rev", "tkt", "smg"}

// collect reads every entity (an object with a string id of a known kind)
// from the 2xx examples of the mock's operations. Reads (GET) are merged
// first, so an entity's fields are as the reads show it; other examples fill
// in what the reads leave out.
func collect(examples []mock.Example) (map[string]obj, error) {
	entities := map[string]obj{}
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case obj:
			if id, ok := t["id"].(string); ok {
				kind, _, _ := strings.Cut(id, "_")
				if slices.Contains(seedKinds, kind) {
					if cur := entities[id]; cur != nil {
						merge(cur, t)
					} else {
						entities[id] = cloneObj(t)
					}
				}
			}
			for _, k := range sortedKeys(t) {
				if k != "viewer" { // the caller's relations, not an entity
					walk(t[k])
				}
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	for _, reads := range []bool{true, false} {
		for _, ex := range examples {
			if ex.Status < 200 || ex.Status > 299 || len(ex.Body) == 0 || (ex.Operation.Method == "GET") != reads {
				continue
			}
			var body any
			if err := json.Unmarshal(ex.Body, &body); err != nil {
				return nil, fmt.Errorf("example %q of %s: %w", ex.Name, ex.Operation.ID, err)
			}
			walk(body)
		}
	}
	return entities, nil
}

// seedState builds the initial world from the collected entities.
func seedState(entities map[string]obj) (*state, error) {
	s := newState()
	ids := sortedKeys(entities)
	of := func(kind string) []string {
		var out []string
		for _, id := range ids {
			if strings.HasPrefix(id, kind+"_") {
				out = append(out, id)
			}
		}
		return out
	}
	for _, id := range of("usr") {
		s.users[id] = &user{profile: without(entities[id], "viewer", "availability", "key")}
		if av, ok := entities[id]["availability"].(obj); ok {
			s.users[id].custom, _ = clone(av["custom"]).(obj)
			s.users[id].weekly, _ = clone(av["weekly"]).(obj)
		}
	}
	for _, a := range seedAccounts {
		u := s.users[a.user]
		if u == nil {
			return nil, fmt.Errorf("seed account %s: the examples show no such user", a.user)
		}
		u.access, u.refresh, u.password = a.access, a.refresh, a.password
		s.tokens[a.access] = a.user
	}
	for _, rel := range seedChats {
		e := entities[rel.chat]
		if e == nil {
			return nil, fmt.Errorf("seed chat %s: the examples show no such chat", rel.chat)
		}
		c := &chat{id: rel.chat, kind: str(e, "type"), members: rel.members, created: str(e, "timestamp")}
		c.request, _ = clone(e["request"]).(obj)
		for _, id := range of("msg") {
			if strings.HasPrefix(id, rel.prefix) {
				c.messages = append(c.messages, without(entities[id], "key"))
			}
		}
		slices.SortStableFunc(c.messages, func(a, b obj) int { return strings.Compare(str(a, "timestamp"), str(b, "timestamp")) })
		c.recount()
		s.chats[c.id] = c
	}
	for _, id := range of("cnr") {
		e := entities[id]
		s.connects[id] = &connect{id: id, from: str(e, "from.id"), to: str(e, "to.id"), status: str(e, "status"), at: str(e, "timestamp")}
	}
	for _, id := range of("sch") {
		own, att, _ := owner(id)
		s.schedules[id] = &schedule{data: without(entities[id], "attendee"), owner: own, attendee: att}
	}
	chatOfCalls, _, _ := owner("cal_chat")
	for _, id := range of("cal") {
		caller, callee, _ := owner(id)
		s.calls[id] = &call{data: without(entities[id], "direction", "user", "chat"), caller: caller, callee: callee, chat: chatOfCalls}
	}
	for _, id := range of("txn") {
		own, _, _ := owner(id)
		s.txns[id] = &txn{data: cloneObj(entities[id]), owner: own}
	}
	for _, id := range of("alt") {
		own, _, _ := owner(id)
		s.alerts[id] = &alert{data: cloneObj(entities[id]), owner: own}
	}
	for _, id := range of("rev") {
		rater, ratee, _ := owner(id)
		e := entities[id]
		if r := str(e, "rater.id"); r != "" {
			rater = r
		}
		if r := str(e, "ratee.id"); r != "" {
			ratee = r
		}
		s.reviews[id] = &review{data: pick(e, "id", "rate", "text", "timestamp"), rater: rater, ratee: ratee}
	}
	for _, id := range of("tkt") {
		own, _, _ := owner(id)
		s.tickets[id] = &ticket{data: pick(entities[id], "id", "status"), owner: own}
	}
	for _, id := range of("smg") {
		tid, _, _ := owner(id)
		if t := s.tickets[tid]; t != nil {
			t.messages = append(t.messages, cloneObj(entities[id]))
		}
	}
	for _, t := range s.tickets {
		slices.SortStableFunc(t.messages, func(a, b obj) int { return strings.Compare(str(a, "timestamp"), str(b, "timestamp")) })
	}
	return s, s.check()
}

// check reports relations that point at nothing.
func (s *state) check() error {
	var missing []string
	need := func(what, id string) {
		if id != "" && s.users[id] == nil {
			missing = append(missing, what+" "+id)
		}
	}
	for _, c := range s.chats {
		need("chat member", c.members[0])
		need("chat member", c.members[1])
	}
	for _, c := range s.connects {
		need("connection request party", c.from)
		need("connection request party", c.to)
	}
	for _, x := range s.txns {
		need("transaction owner", x.owner)
	}
	for _, x := range s.alerts {
		need("alert owner", x.owner)
	}
	for _, x := range s.reviews {
		need("reviewer", x.rater)
		need("reviewed user", x.ratee)
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("the seeded world refers to unknown users: %s", strings.Join(slices.Compact(missing), ", "))
	}
	return nil
}
