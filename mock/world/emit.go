package world

import (
	"time"

	"github.com/talkamie/contract/gen/wsmsg"
)

// lowCoinsThreshold is the balance under which the app offers a recharge.
const lowCoinsThreshold = 5000

// emitted builds the data of a server-only push for a user from the world;
// the second result says why it cannot.
func (s *state) emitted(action wsmsg.Action, u *user, now time.Time) (obj, string) {
	id := u.id()
	switch action {
	case wsmsg.ActionUserCoinsLow:
		return obj{"balance": u.balance(), "threshold": lowCoinsThreshold}, ""
	case wsmsg.ActionScheduleUpcoming:
		var next *schedule
		for _, sc := range s.schedules {
			if (sc.owner == id || sc.attendee == id) && str(sc.data, "status") == "upcoming" &&
				(next == nil || str(sc.data, "timeslot.from") < str(next.data, "timeslot.from")) {
				next = sc
			}
		}
		if next == nil {
			return nil, "the user has no upcoming schedule; pass data"
		}
		out := obj{"schedule": s.scheduleView(next, id)}
		if from, err := time.Parse(time.RFC3339, str(next.data, "timeslot.from")); err == nil && from.After(now) {
			out["startsInSeconds"] = int(from.Sub(now) / time.Second)
		}
		return out, ""
	case wsmsg.ActionCallEndReminder:
		var last *call
		for _, c := range s.calls {
			if (c.caller == id || c.callee == id) && (last == nil || str(c.data, "timestamp") > str(last.data, "timestamp")) {
				last = c
			}
		}
		if last == nil {
			return nil, "the user has no call; pass data"
		}
		return obj{"chat": obj{"id": last.chat}, "call": obj{"id": str(last.data, "id")}, "remainingSeconds": 120,
			"endsAt": stamp(now.Add(2 * time.Minute)), "reason": "max-duration"}, ""
	}
	return nil, "pass data for " + string(action)
}
