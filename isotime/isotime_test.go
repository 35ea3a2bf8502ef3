package isotime_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/talkamie/contract/isotime"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"2025-09-01T10:15:00.000Z"`, `"2025-09-01T10:15:00.000Z"`},
		{`"2025-09-01T10:15:00Z"`, `"2025-09-01T10:15:00.000Z"`},
		{`"2025-09-01T11:15:00.123456+01:00"`, `"2025-09-01T10:15:00.123Z"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v isotime.Time
			if err := json.Unmarshal([]byte(tt.in), &v); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRejects(t *testing.T) {
	for _, in := range []string{`"2025-09-01"`, `"yesterday"`, `"2025-09-01T10:15:00"`, `12`} {
		var v isotime.Time
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("%s: accepted", in)
		}
	}
	if _, err := json.Marshal(isotime.New(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))); err == nil {
		t.Error("year 10000 marshalled")
	}
}

func ExampleTime() {
	local := time.Date(2025, 9, 1, 11, 15, 0, 0, time.FixedZone("BST", 3600))
	b, _ := json.Marshal(map[string]isotime.Time{"timestamp": isotime.New(local)})
	fmt.Println(string(b))
	// Output: {"timestamp":"2025-09-01T10:15:00.000Z"}
}
