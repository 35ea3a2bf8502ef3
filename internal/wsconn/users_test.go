package wsconn

import (
	"slices"
	"sync"
	"testing"
)

func TestUsers(t *testing.T) {
	type move struct {
		conn     int
		from, to string
	}
	tests := []struct {
		name  string
		moves []move
		of    map[string][]int
		users int
		conns int
	}{
		{name: "empty", of: map[string][]int{"ann": {}}},
		{name: "sign in", moves: []move{{1, "", "ann"}, {2, "", "ann"}, {3, "", "bob"}},
			of: map[string][]int{"ann": {1, 2}, "bob": {3}}, users: 2, conns: 3},
		{name: "sign out forgets an emptied user", moves: []move{{1, "", "ann"}, {1, "ann", ""}},
			of: map[string][]int{"ann": {}}, users: 0, conns: 0},
		{name: "re-authenticate as another user", moves: []move{{1, "", "ann"}, {2, "", "ann"}, {1, "ann", "bob"}},
			of: map[string][]int{"ann": {2}, "bob": {1}}, users: 2, conns: 2},
		{name: "same user twice is one connection", moves: []move{{1, "", "ann"}, {1, "ann", "ann"}, {1, "", "ann"}},
			of: map[string][]int{"ann": {1}}, users: 1, conns: 1},
		{name: "leaving a user it was not in", moves: []move{{1, "", "ann"}, {2, "bob", ""}},
			of: map[string][]int{"ann": {1}, "bob": {}}, users: 1, conns: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u Users[int]
			for _, m := range tt.moves {
				u.Move(m.conn, m.from, m.to)
			}
			for user, want := range tt.of {
				got := u.Of(user)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("Of(%q) = %v, want %v", user, got, want)
				}
				if n := u.Count(user); n != len(want) {
					t.Errorf("Count(%q) = %d, want %d", user, n, len(want))
				}
			}
			if users, conns := u.Totals(); users != tt.users || conns != tt.conns {
				t.Errorf("Totals() = %d, %d, want %d, %d", users, conns, tt.users, tt.conns)
			}
		})
	}
}

func TestUsersConcurrent(t *testing.T) {
	var u Users[int]
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			u.Move(i, "", "ann")
			_ = u.Of("ann")
			u.Move(i, "ann", "")
		})
	}
	wg.Wait()
	if users, conns := u.Totals(); users != 0 || conns != 0 {
		t.Errorf("Totals() = %d, %d after every connection left, want 0, 0", users, conns)
	}
}
