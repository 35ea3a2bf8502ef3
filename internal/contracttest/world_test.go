package contracttest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/talkamie/contract/gen"
)

// The tests in this file check that every documented example describes one world
// (docs/contract-style.md §6): an id always names the same entity, with the same identity
// fields, wherever it appears. The stateful mock seeds its in-memory world from these
// examples, so two examples that disagree about an entity become two different answers
// to the same request.
//
// An entity is any JSON object with a string "id". Its fields are its scalar members and,
// with dotted paths ("location.city", "delivery.at"), the scalar members of its nested
// objects that have no id of their own. A nested object with its own id is a separate
// entity (a chat's "user", a message's "sender"): references are often relative to the
// viewer (the other party of a chat), so the reference itself is not compared. Arrays are
// searched for entities but their scalar items are not compared.

// example is one documented example value and the place that documents it.
type example struct {
	where string
	value any
}

// sighting is one value of one entity field and the place it was seen.
type sighting struct {
	value string
	where string
}

// conflict is an identity field of one entity that has more than one value.
type conflict struct {
	id, field string
	values    []string            // the distinct values, sorted
	sites     map[string][]string // value -> where it appears, in document order
}

func (c conflict) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %q has %d values:", c.id, c.field, len(c.values))
	for _, v := range c.values {
		sites := c.sites[v]
		shown := sites[:min(len(sites), 3)]
		fmt.Fprintf(&b, "\n    %s in %s", v, strings.Join(shown, "; "))
		if more := len(sites) - len(shown); more > 0 {
			fmt.Fprintf(&b, " (and %d more)", more)
		}
	}
	return b.String()
}

// timeVarying reports whether an entity field may legitimately differ between examples
// that show different moments, and why. path is the dotted field path.
func timeVarying(path string) (why string, ok bool) {
	last := path[strings.LastIndexByte(path, '.')+1:]
	switch {
	case strings.HasPrefix(path, "viewer."):
		return "relative to the viewer who receives the payload", true
	case last == "status":
		return "lifecycle state (call ringing/accepted, request pending/accepted, ticket open/closed, delivery, verification)", true
	case last == "direction":
		return "relative to the receiver of the payload (incoming/outgoing)", true
	case last == "duration":
		return "grows while a call runs (0 while ringing)", true
	case last == "rating", strings.HasPrefix(last, "total"):
		return "a counter that moves as the world changes", true
	case path == "ledger.coins.balance":
		return "the coin balance moves with every transaction", true
	case path == "delivery.at":
		return "the time of the latest delivery state", true
	}
	return "", false
}

// findConflicts groups every entity field of the examples by id and returns the
// identity fields (not time-varying) seen with more than one value, sorted by id and field.
func findConflicts(examples []example) (conflicts []conflict, ids int) {
	seen := map[string]map[string][]sighting{}
	for _, ex := range examples {
		visitEntities(ex.value, "", func(id, ptr string, fields map[string]any) {
			if seen[id] == nil {
				seen[id] = map[string][]sighting{}
			}
			where := ex.where
			if ptr != "" {
				where += " at " + ptr
			}
			for field, v := range fields {
				raw, err := json.Marshal(v)
				if err != nil {
					raw = []byte(fmt.Sprint(v))
				}
				seen[id][field] = append(seen[id][field], sighting{value: string(raw), where: where})
			}
		})
	}
	for _, id := range slices.Sorted(mapKeys(seen)) {
		for _, field := range slices.Sorted(mapKeys(seen[id])) {
			if _, ok := timeVarying(field); ok {
				continue
			}
			c := conflict{id: id, field: field, sites: map[string][]string{}}
			for _, s := range seen[id][field] {
				if _, ok := c.sites[s.value]; !ok {
					c.values = append(c.values, s.value)
				}
				c.sites[s.value] = append(c.sites[s.value], s.where)
			}
			if len(c.values) > 1 {
				slices.Sort(c.values)
				conflicts = append(conflicts, c)
			}
		}
	}
	return conflicts, len(seen)
}

// visitEntities calls fn for every object with a string id inside v, with its JSON pointer
// and its fields flattened as described at the top of this file.
func visitEntities(v any, ptr string, fn func(id, ptr string, fields map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["id"].(string); ok {
			fields := map[string]any{}
			flatten(x, "", fields)
			fn(id, ptr, fields)
		}
		for _, k := range slices.Sorted(mapKeys(x)) {
			visitEntities(x[k], ptr+"/"+escapeToken(k), fn)
		}
	case []any:
		for i, e := range x {
			visitEntities(e, ptr+"/"+strconv.Itoa(i), fn)
		}
	}
}

// flatten copies the scalar members of obj into out under prefix, descending into nested
// objects that have no string id of their own.
func flatten(obj map[string]any, prefix string, out map[string]any) {
	for k, v := range obj {
		switch x := v.(type) {
		case map[string]any:
			if _, entity := x["id"].(string); !entity {
				flatten(x, prefix+k+".", out)
			}
		case []any, nil:
		default:
			out[prefix+k] = v
		}
	}
}

// schemaExamples returns every entry of `examples` in the schema files, at the top level
// and in $defs (property-level examples are scalars and carry no entity).
func schemaExamples(t *testing.T) []example {
	t.Helper()
	var out []example
	add := func(where string, raw json.RawMessage) {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		out = append(out, example{where: where, value: v})
	}
	for _, f := range schemaFiles(t) {
		for i, ex := range f.examples {
			add(fmt.Sprintf("%s examples[%d]", f.rel, i), ex)
		}
		for _, name := range slices.Sorted(mapKeys(f.defs)) {
			for i, ex := range f.defs[name] {
				add(fmt.Sprintf("%s $defs.%s examples[%d]", f.rel, name, i), ex)
			}
		}
	}
	return out
}

// namedExample is an OpenAPI Example Object as the bundle writes it.
type namedExample struct {
	Value any `yaml:"value"`
}

// mediaTypes is the content map of a request body or response.
type mediaTypes map[string]struct {
	Examples map[string]namedExample `yaml:"examples"`
}

// operationExamples returns every request body and response example of the bundled
// OpenAPI document, and those of its shared responses.
func operationExamples(t *testing.T) []example {
	t.Helper()
	type response struct {
		Content mediaTypes `yaml:"content"`
	}
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `yaml:"operationId"`
			RequestBody struct {
				Content mediaTypes `yaml:"content"`
			} `yaml:"requestBody"`
			Responses map[string]response `yaml:"responses"`
		} `yaml:"paths"`
		Components struct {
			Responses map[string]response `yaml:"responses"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(gen.OpenAPI, &doc); err != nil {
		t.Fatalf("gen/openapi.yaml: %v", err)
	}
	var out []example
	add := func(prefix string, content mediaTypes) {
		for _, ct := range slices.Sorted(mapKeys(content)) {
			for _, name := range slices.Sorted(mapKeys(content[ct].Examples)) {
				out = append(out, example{where: prefix + " " + name, value: content[ct].Examples[name].Value})
			}
		}
	}
	for _, path := range slices.Sorted(mapKeys(doc.Paths)) {
		for _, method := range slices.Sorted(mapKeys(doc.Paths[path])) {
			op := doc.Paths[path][method]
			if op.OperationID == "" {
				continue // a path-level key such as parameters
			}
			add(op.OperationID+" request", op.RequestBody.Content)
			for _, status := range slices.Sorted(mapKeys(op.Responses)) {
				add(op.OperationID+" "+status, op.Responses[status].Content)
			}
		}
	}
	for _, name := range slices.Sorted(mapKeys(doc.Components.Responses)) {
		add("components.responses."+name, doc.Components.Responses[name].Content)
	}
	return out
}

// messageExamples returns the payload of every AsyncAPI message example.
func messageExamples(t *testing.T) []example {
	t.Helper()
	var doc struct {
		Components struct {
			Messages map[string]struct {
				Examples []struct {
					Name    string `yaml:"name"`
					Payload any    `yaml:"payload"`
				} `yaml:"examples"`
			} `yaml:"messages"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(gen.AsyncAPI, &doc); err != nil {
		t.Fatalf("gen/asyncapi.yaml: %v", err)
	}
	var out []example
	for _, name := range slices.Sorted(mapKeys(doc.Components.Messages)) {
		for i, ex := range doc.Components.Messages[name].Examples {
			label := ex.Name
			if label == "" {
				label = fmt.Sprintf("examples[%d]", i)
			}
			out = append(out, example{where: "message " + name + " " + label, value: ex.Payload})
		}
	}
	return out
}

// TestExamplesDescribeOneWorld fails for every id whose identity fields disagree between
// any two examples of the contract: schema examples, operation examples, message examples.
func TestExamplesDescribeOneWorld(t *testing.T) {
	sources := []struct {
		name     string
		examples []example
		min      int // the contract documents at least this many; fewer means a reader broke
	}{
		{"schemas", schemaExamples(t), 200},
		{"operations", operationExamples(t), 150},
		{"messages", messageExamples(t), 44},
	}
	var all []example
	for _, s := range sources {
		if len(s.examples) < s.min {
			t.Errorf("only %d %s examples found; the contract documents at least %d", len(s.examples), s.name, s.min)
		}
		all = append(all, s.examples...)
	}
	conflicts, ids := findConflicts(all)
	if ids < 40 {
		t.Errorf("only %d distinct ids found in %d examples; the world of docs/contract-style.md §6 has more", ids, len(all))
	}
	for _, c := range conflicts {
		t.Errorf("%v", c)
	}
	if len(conflicts) > 0 {
		t.Logf("%d identity fields disagree across %d ids in %d examples; give each id one value, "+
			"or a new id to a different entity (time-varying fields: see timeVarying)", len(conflicts), ids, len(all))
	}
}

// TestFindConflicts pins down what the world check compares and what it lets vary.
func TestFindConflicts(t *testing.T) {
	obj := func(s string) any {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name     string
		examples []example
		want     []string // "id field value1|value2 @ where of value1"
	}{
		{
			name: "same entity, same fields",
			examples: []example{
				{"a", obj(`{"data":{"id":"usr_1","name":"Ann"}}`)},
				{"b", obj(`[{"id":"usr_1","name":"Ann","bio":"Hi"}]`)},
			},
		},
		{
			name: "two names for one id",
			examples: []example{
				{"a", obj(`{"data":{"id":"usr_1","name":"Ann"}}`)},
				{"b", obj(`{"id":"usr_1","name":"Anne"}`)},
			},
			want: []string{`usr_1 name "Ann"|"Anne" @ a at /data`},
		},
		{
			name: "numbers from JSON and YAML compare equal",
			examples: []example{
				{"a", obj(`{"id":"rev_1","rate":5}`)},
				{"b", map[string]any{"id": "rev_1", "rate": 5}},
			},
		},
		{
			name: "nested object without id is part of the entity",
			examples: []example{
				{"a", obj(`{"id":"usr_1","location":{"city":"Leeds"}}`)},
				{"b", obj(`{"id":"usr_1","location":{"city":"York"}}`)},
			},
			want: []string{`usr_1 location.city "Leeds"|"York" @ a`},
		},
		{
			name: "nested object with id is its own entity",
			examples: []example{
				{"a", obj(`{"id":"cht_1","user":{"id":"usr_1","name":"Ann"}}`)},
				{"b", obj(`{"id":"cht_1","user":{"id":"usr_2","name":"Bob"}}`)},
				{"c", obj(`{"id":"usr_2","name":"Rob"}`)},
			},
			want: []string{`usr_2 name "Bob"|"Rob" @ b at /user`},
		},
		{
			name: "time-varying fields may differ",
			examples: []example{
				{"a", obj(`{"id":"cal_1","status":"ringing","direction":"incoming","duration":0,"totalX":1,"viewer":{"connected":false},"delivery":{"status":"sent","at":"t1"}}`)},
				{"b", obj(`{"id":"cal_1","status":"accepted","direction":"outgoing","duration":540,"totalX":2,"viewer":{"connected":true},"delivery":{"status":"read","at":"t2"}}`)},
			},
		},
		{
			name: "type change is an identity conflict",
			examples: []example{
				{"a", obj(`{"id":"sch_1","type":"video"}`)},
				{"b", obj(`{"id":"sch_1","type":"audio"}`)},
			},
			want: []string{`sch_1 type "audio"|"video" @ b`},
		},
		{
			name: "arrays of scalars are not compared, their entities are",
			examples: []example{
				{"a", obj(`{"id":"usr_1","tags":["x"],"interests":[{"id":"int_1","icon":"a"}]}`)},
				{"b", obj(`{"id":"usr_1","tags":["y"],"interests":[{"id":"int_1","icon":"b"}]}`)},
			},
			want: []string{`int_1 icon "a"|"b" @ a at /interests/0`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conflicts, _ := findConflicts(tc.examples)
			var got []string
			for _, c := range conflicts {
				got = append(got, fmt.Sprintf("%s %s %s @ %s", c.id, c.field, strings.Join(c.values, "|"), c.sites[c.values[0]][0]))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("conflicts:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestTimeVarying checks the allowlist on the paths the contract uses.
func TestTimeVarying(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"status", true},
		{"delivery.status", true},
		{"verification.admin.status", true},
		{"delivery.at", true},
		{"direction", true},
		{"duration", true},
		{"rating", true},
		{"totalReviews", true},
		{"ledger.coins.balance", true},
		{"viewer.connectRequest", true},
		{"bio", false},
		{"text", false},
		{"type", false},
		{"timestamp", false},
		{"location.city", false},
		{"timeslot.from", false},
		{"picture.org.url", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			why, got := timeVarying(tc.path)
			if got != tc.want {
				t.Errorf("timeVarying(%q) = %v, want %v", tc.path, got, tc.want)
			}
			if got && why == "" {
				t.Errorf("timeVarying(%q) gives no reason", tc.path)
			}
		})
	}
}
