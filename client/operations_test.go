package client

import (
	"reflect"
	"strings"
	"testing"

	"github.com/talkamie/contract/gen/restclient"
)

// TestOperationTypes checks every operation of the generated client against
// its typed method: the method exists, it returns the type the contract gives
// `data` (field by field and tag by tag for the named mirrors of inline
// shapes), and every paged list has an iterator.
func TestOperationTypes(t *testing.T) {
	raw := reflect.TypeFor[*restclient.ClientWithResponses]()
	typed := reflect.TypeFor[*Client]()
	mirrors := map[reflect.Type]reflect.Type{
		reflect.TypeFor[*ChatMessagesPage]():    reflect.TypeFor[chatMessagesData](),
		reflect.TypeFor[*SupportMessagesPage](): reflect.TypeFor[supportMessagesData](),
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
			if msg := sameShape(got, data, op); msg != "" {
				t.Errorf("%s: %s", op, msg)
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

// sameShape reports how a and b differ as JSON-decoding types: identical, or
// structs with the same field names, tags and (recursively) types.
func sameShape(a, b reflect.Type, path string) string {
	if a == b {
		return ""
	}
	if a.Kind() != b.Kind() {
		return path + ": " + a.String() + " vs " + b.String()
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Slice:
		return sameShape(a.Elem(), b.Elem(), path+"[]")
	case reflect.Map:
		if msg := sameShape(a.Key(), b.Key(), path+".key"); msg != "" {
			return msg
		}
		return sameShape(a.Elem(), b.Elem(), path+".value")
	case reflect.Struct:
		if a.NumField() != b.NumField() {
			return path + ": " + a.String() + " vs " + b.String()
		}
		for i := range a.NumField() {
			fa, fb := a.Field(i), b.Field(i)
			if fa.Name != fb.Name || fa.Tag != fb.Tag {
				return path + "." + fa.Name + ": field " + fa.Name + " `" + string(fa.Tag) + "` vs " + fb.Name + " `" + string(fb.Tag) + "`"
			}
			if msg := sameShape(fa.Type, fb.Type, path+"."+fa.Name); msg != "" {
				return msg
			}
		}
		return ""
	}
	return path + ": " + a.String() + " vs " + b.String()
}
