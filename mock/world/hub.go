package world

import (
	"log/slog"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/wsframe"
)

// push is a server frame for every connection of one user.
type push struct {
	user       string
	action     wsmsg.Action // canonical
	data       obj
	pagination obj
}

// frame is the push's server frame as a JSON object.
func (p push) frame() obj {
	f := obj{"action": string(p.action), "success": true, "data": p.data}
	if p.pagination != nil {
		f["pagination"] = p.pagination
	}
	return f
}

// online reports whether a user has an authenticated connection.
func (w *World) online(user string) bool { return w.users.Count(user) > 0 }

// deliver validates each push against its message schema and queues it on
// every connection of its user, in the naming each connection uses. A push
// that breaks the contract is logged and dropped, never sent.
func (w *World) deliver(pushes []push) {
	for _, p := range pushes {
		targets := w.users.Of(p.user)
		if len(targets) == 0 {
			continue
		}
		out, err := w.encodeServerFrame(p.frame(), p.action)
		if err != nil {
			w.cfg.logger.Error("ws push breaks the contract; not sent", slog.String("action", string(p.action)), slog.String("error", err.Error()))
			continue
		}
		send(targets, out)
	}
}

// send queues a validated push on each target connection, in its naming.
func send(targets []*session, out wsframe.Outgoing) {
	for _, s := range targets {
		s.conn.Send(out.For(&s.naming), slog.String("action", string(out.Action)), slog.String("kind", "push"))
	}
}
