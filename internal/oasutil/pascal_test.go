package oasutil

import "testing"

func TestPascalCase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"basic_user", "BasicUser"},
		{"sort-order", "SortOrder"},
		{"wss_action_chat", "WssActionChat"},
		{"iso_time_24hr", "IsoTime24hr"},
		{"user", "User"},
		{"already_Camel", "AlreadyCamel"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := PascalCase(tt.in); got != tt.want {
				t.Errorf("PascalCase(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
