package wsconn

import "sync"

// Users knows the authenticated connections of each user; S is the
// endpoint's state of one connection (its session). The zero value is an
// empty registry. It is safe for concurrent use.
type Users[S comparable] struct {
	mu    sync.RWMutex
	users map[string]map[S]struct{}
}

// Move moves a connection from one user to another in one step: from is the
// user it was authenticated as, to the one it is now ("" for nobody on either
// side). A connection that signs out or closes moves to "".
func (u *Users[S]) Move(s S, from, to string) {
	if from == to {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if set := u.users[from]; set != nil {
		delete(set, s)
		if len(set) == 0 {
			delete(u.users, from)
		}
	}
	if to == "" {
		return
	}
	if u.users == nil {
		u.users = map[string]map[S]struct{}{}
	}
	set := u.users[to]
	if set == nil {
		set = map[S]struct{}{}
		u.users[to] = set
	}
	set[s] = struct{}{}
}

// Of returns a user's connections, in no particular order. The slice is the
// caller's: sending on it does not hold the registry's lock.
func (u *Users[S]) Of(user string) []S {
	u.mu.RLock()
	defer u.mu.RUnlock()
	set := u.users[user]
	out := make([]S, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	return out
}

// Count returns how many connections a user has.
func (u *Users[S]) Count(user string) int {
	u.mu.RLock()
	defer u.mu.RUnlock()
	return len(u.users[user])
}

// Totals returns how many users have a connection and how many connections
// they have in all.
func (u *Users[S]) Totals() (users, conns int) {
	u.mu.RLock()
	defer u.mu.RUnlock()
	for _, set := range u.users {
		conns += len(set)
	}
	return len(u.users), conns
}
