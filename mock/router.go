package mock

import (
	"net/url"
	"slices"
	"strings"
)

// node is one path segment of the route trie.
type node struct {
	static map[string]*node
	param  *node
	name   string // parameter name, on param nodes
	item   *pathItem
}

// pathItem is one documented path: its template and operations by method.
type pathItem struct {
	template string // as documented, e.g. /user/{userId}
	ops      map[string]*operation
	methods  []string // sorted
}

// router maps request paths (below the base path) to path items.
type router struct {
	root  node
	items []*pathItem
}

func (rt *router) add(template string) *pathItem {
	n := &rt.root
	for _, seg := range splitPath(template) {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			if n.param == nil {
				n.param = &node{name: seg[1 : len(seg)-1]}
			}
			n = n.param
			continue
		}
		if n.static == nil {
			n.static = map[string]*node{}
		}
		child := n.static[seg]
		if child == nil {
			child = &node{}
			n.static[seg] = child
		}
		n = child
	}
	if n.item == nil {
		n.item = &pathItem{template: template, ops: map[string]*operation{}}
		rt.items = append(rt.items, n.item)
	}
	return n.item
}

// match finds the path item for an escaped path and decodes its parameters.
// Static segments win over parameters, with backtracking.
func (rt *router) match(escaped string) (*pathItem, map[string]string, bool) {
	segs := splitPath(escaped)
	var names, values []string
	var walk func(n *node, i int) *pathItem
	walk = func(n *node, i int) *pathItem {
		if i == len(segs) {
			return n.item
		}
		if c := n.static[segs[i]]; c != nil {
			if it := walk(c, i+1); it != nil {
				return it
			}
		}
		if n.param != nil && segs[i] != "" {
			names, values = append(names, n.param.name), append(values, segs[i])
			if it := walk(n.param, i+1); it != nil {
				return it
			}
			names, values = names[:len(names)-1], values[:len(values)-1]
		}
		return nil
	}
	item := walk(&rt.root, 0)
	if item == nil {
		return nil, nil, false
	}
	params := make(map[string]string, len(names))
	for i, name := range names {
		v, err := url.PathUnescape(values[i])
		if err != nil {
			return nil, nil, false
		}
		params[name] = v
	}
	return item, params, true
}

// splitPath splits "/a/b/" into [a b]; a lone trailing slash is ignored.
func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// nearest returns up to n documented path templates closest to the request
// path (edit distance, with parameters matching any segment).
func (rt *router) nearest(escaped string, n int) []string {
	segs := splitPath(escaped)
	type scored struct {
		template string
		d        int
	}
	all := make([]scored, 0, len(rt.items))
	for _, it := range rt.items {
		tsegs := splitPath(it.template)
		filled := make([]string, len(tsegs))
		for i, s := range tsegs {
			if strings.HasPrefix(s, "{") && i < len(segs) {
				filled[i] = segs[i]
			} else {
				filled[i] = s
			}
		}
		all = append(all, scored{it.template, levenshtein("/"+strings.Join(segs, "/"), "/"+strings.Join(filled, "/"))})
	}
	slices.SortStableFunc(all, func(a, b scored) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.template, b.template)
	})
	out := make([]string, 0, n)
	for i := 0; i < len(all) && i < n; i++ {
		if i > 0 && all[i].d > all[0].d+3 {
			break
		}
		out = append(out, all[i].template)
	}
	return out
}

func levenshtein(a, b string) int {
	if len(a) > 256 {
		a = a[:256]
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
