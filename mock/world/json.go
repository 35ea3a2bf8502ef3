package world

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// obj is a JSON object as the world stores it: decoded JSON values only
// (maps, slices, strings, float64, bool, nil) plus ints set by the world.
type obj = map[string]any

// clone deep-copies a JSON value, so what the world hands out never shares
// memory with its state.
func clone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = clone(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = clone(x)
		}
		return out
	}
	return v
}

// plain deep-copies a decoded request body, turning json.Number (what the
// validator decodes numbers as) into float64.
func plain(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = plain(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = plain(x)
		}
		return out
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return t.String()
		}
		return f
	}
	return v
}

// cloneObj deep-copies an object (nil stays nil).
func cloneObj(o obj) obj {
	if o == nil {
		return nil
	}
	return clone(o).(obj)
}

// merge adds to dst the fields of src it lacks, recursing into objects both
// have; values dst already holds win.
func merge(dst, src obj) {
	for k, v := range src {
		cur, ok := dst[k]
		if !ok {
			dst[k] = clone(v)
			continue
		}
		if a, isObj := cur.(obj); isObj {
			if b, isObj := v.(obj); isObj {
				merge(a, b)
			}
		}
	}
}

// pick returns a copy of the named fields of o that are present.
func pick(o obj, keys ...string) obj {
	out := obj{}
	for _, k := range keys {
		if v, ok := o[k]; ok {
			out[k] = clone(v)
		}
	}
	return out
}

// without returns a deep copy of o without the named fields.
func without(o obj, keys ...string) obj {
	out := cloneObj(o)
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// str reads a string at a dotted path ("sender.id"); "" when absent.
func str(o obj, path string) string {
	s, _ := get(o, path).(string)
	return s
}

// num reads a number at a dotted path; 0 when absent.
func num(o obj, path string) float64 {
	switch n := get(o, path).(type) {
	case float64:
		return n
	case int:
		return float64(n)
	case string:
		f, _ := strconv.ParseFloat(n, 64)
		return f
	}
	return 0
}

// get reads the value at a dotted path; nil when absent.
func get(o obj, path string) any {
	cur := o
	for {
		i := strings.IndexByte(path, '.')
		if i < 0 {
			return cur[path]
		}
		next, ok := cur[path[:i]].(obj)
		if !ok {
			return nil
		}
		cur, path = next, path[i+1:]
	}
}

// set writes v at a dotted path, creating the objects on the way.
func set(o obj, path string, v any) {
	parts := strings.Split(path, ".")
	cur := o
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(obj)
		if !ok {
			next = obj{}
			cur[p] = next
		}
		cur = next
	}
	cur[parts[len(parts)-1]] = v
}

// sortedKeys returns the keys of a map in order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
