package client

import (
	"reflect"
	"strings"
	"testing"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restclient"
)

// TestOperationTypes checks every operation of the generated client against
// its typed method: the method exists, it returns exactly the type the contract
// gives `data` (a named type: the contract names every object shape), and
// every paged list has an iterator.
func TestOperationTypes(t *testing.T) {
	raw := reflect.TypeFor[*restclient.ClientWithResponses]()
	typed := reflect.TypeFor[*Client]()
	mirrors := map[reflect.Type]reflect.Type{
		reflect.TypeFor[*ChatMessagesPage]():    reflect.TypeFor[models.ChatMessages](),
		reflect.TypeFor[*SupportMessagesPage](): reflect.TypeFor[models.SupportTicketMessages](),
	}
	count := 0
	for m := range raw.Methods() {
		op, ok := strings.CutSuffix(m.Name, "WithResponse")
		if !ok || strings.HasSuffix(op, "WithBody") {
			continue
		}
		count++
		t.Run(op, func(t *testing.T) {
			method, ok := typed.MethodByName(op)
			if !ok {
				t.Fatalf("client.Client has no method %s", op)
			}
			data := successData(t, m.Type.Out(0).Elem())
			out := method.Type
			if out.NumOut() == 1 {
				if k := data.Kind(); k != reflect.Interface && !(k == reflect.Pointer && data.Elem().Kind() == reflect.Map) {
					t.Fatalf("%s returns only an error, but data is %v", op, data)
				}
				return
			}
			got := out.Out(0)
			if d, ok := mirrors[got]; ok {
				got = reflect.PointerTo(d)
			} else if strings.HasPrefix(got.String(), "*client.Page[") {
				items, _ := got.Elem().FieldByName("Items")
				got = reflect.PointerTo(items.Type)
			} else if got.Kind() == reflect.Slice {
				got = reflect.PointerTo(got)
			}
			if got != data {
				t.Errorf("%s returns %v, but data is %v", op, got, data)
			}
			if anon := anonymousStruct(data); anon != "" {
				t.Errorf("%s: data has an anonymous struct at %s; name the shape in schemas/ (docs/contract-style.md §2)", op, anon)
			}
			params := reflect.PointerTo(reflect.TypeFor[int]())
			for i := range m.Type.NumIn() {
				if in := m.Type.In(i); strings.HasSuffix(in.String(), "Params") {
					params = in.Elem()
				}
			}
			if params.Kind() == reflect.Struct {
				if _, paged := params.FieldByName("LastEvaluatedKey"); paged {
					it, ok := typed.MethodByName(strings.TrimPrefix(op, "List"))
					if !ok {
						t.Fatalf("paged %s has no iterator %s", op, strings.TrimPrefix(op, "List"))
					}
					if r := it.Type.Out(0); !strings.HasPrefix(r.String(), "iter.Seq2[") {
						t.Errorf("iterator %s returns %v", it.Name, r)
					}
				}
			}
		})
	}
	if count != 67 {
		t.Errorf("the generated client has %d operations, want 67 (docs/contract-style.md §7)", count)
	}
}

// successData returns the type of `data` in an operation's 2xx response.
func successData(t *testing.T, resp reflect.Type) reflect.Type {
	t.Helper()
	for f := range resp.Fields() {
		if strings.HasPrefix(f.Name, "JSON2") {
			d, ok := f.Type.Elem().FieldByName("Data")
			if !ok {
				t.Fatalf("%v.%s has no Data", resp, f.Name)
			}
			return d.Type
		}
	}
	t.Fatalf("%v has no 2xx JSON response", resp)
	return nil
}

// anonymousStruct returns the path of the first struct type without a name
// that t is or holds (through pointers, slices, maps and fields of generated
// structs), or "" when every struct on the way is named.
func anonymousStruct(t reflect.Type) string {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string) string
	walk = func(t reflect.Type, path string) string {
		if seen[t] {
			return ""
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			return walk(t.Elem(), path+"[]")
		case reflect.Map:
			return walk(t.Elem(), path+"{}")
		case reflect.Struct:
			if t.Name() == "" {
				return path
			}
			if t.PkgPath() != reflect.TypeFor[models.BasicUser]().PkgPath() {
				return "" // time, json.RawMessage and friends
			}
			for f := range t.Fields() {
				if msg := walk(f.Type, path+"."+f.Name); msg != "" {
					return msg
				}
			}
		}
		return ""
	}
	return walk(t, "data")
}

// TestAnonymousStruct checks the guard TestOperationTypes relies on.
func TestAnonymousStruct(t *testing.T) {
	type named struct {
		Inner struct{ Id string }
	}
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"named model", reflect.TypeFor[*models.ScheduledCall](), ""},
		{"slice of named models", reflect.TypeFor[*[]models.SubscriptionPlan](), ""},
		{"recursive model", reflect.TypeFor[models.FullUser](), ""},
		{"anonymous struct", reflect.TypeFor[*struct{ Id string }](), "data[]"},
		{"anonymous in a map", reflect.TypeFor[map[string]struct{ Id string }](), "data{}"},
		{"named outside the models", reflect.TypeFor[named](), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := anonymousStruct(tt.typ); got != tt.want {
				t.Errorf("anonymousStruct(%v) = %q, want %q", tt.typ, got, tt.want)
			}
		})
	}
}
