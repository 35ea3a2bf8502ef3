package world

import "testing"

func TestPageOfKeys(t *testing.T) {
	items := []obj{{"id": "msg_0004"}, {"id": "msg_0003"}, {"id": "msg_0002"}, {"id": "msg_0001"}}
	tests := []struct {
		name, key string
		want      []string
		bad       bool
	}{
		{"first page", "", []string{"msg_0004", "msg_0003"}, false},
		{"the world's own key", `{"id":"msg_0003"}`, []string{"msg_0002", "msg_0001"}, false},
		{"a DynamoDB-style key names the item in its sort key", `{"pk":"CHAT#cht_margaret_daniel","sk":"MSG#2025-09-01T10:22:00.000Z#msg_0004"}`, []string{"msg_0003", "msg_0002"}, false},
		{"a key of an item not in the list ends it", `{"id":"usr_daniel"}`, nil, false},
		{"an empty object ends it", `{}`, nil, false},
		{"not JSON", `msg_0003`, nil, true},
		{"not an object", `["msg_0003"]`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _, bad := pageOf(items, "2", tt.key, "query")
			if (bad != nil) != tt.bad {
				t.Fatalf("bad = %v, want %v", bad, tt.bad)
			}
			var got []string
			for _, d := range data {
				got = append(got, str(d.(obj), "id"))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("page = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("page = %v, want %v", got, tt.want)
				}
			}
		})
	}
}
