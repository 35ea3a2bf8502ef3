package mock

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"regexp/syntax"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxGenDepth bounds how deep generated objects nest (recursive schemas).
const maxGenDepth = 8

// wordList feeds generated strings.
const wordList = "amie garden tea music river letter sunday walk story cake piano history"

// generator produces values that satisfy a schema, deterministically for a
// seed and key.
type generator struct {
	rnd   *rand.Rand
	words []string
}

func newGenerator(seed int64, key string) *generator {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return &generator{rnd: rand.New(rand.NewPCG(uint64(seed), h.Sum64())), words: strings.Fields(wordList)}
}

func (g *generator) value(s *openapi3.Schema, depth int) any {
	v, ok := g.gen(s, depth)
	if !ok {
		return "value"
	}
	return v
}

// gen returns a value for s; ok is false when s constrains nothing (any
// value goes), so allOf merges and optional properties can skip it.
func (g *generator) gen(s *openapi3.Schema, depth int) (any, bool) {
	if s == nil {
		return nil, false
	}
	if len(s.Enum) > 0 {
		return s.Enum[g.rnd.IntN(len(s.Enum))], true
	}
	if len(s.AllOf) > 0 {
		return g.allOf(s, depth)
	}
	if alts := append(slices.Clone(s.OneOf), s.AnyOf...); len(alts) > 0 {
		ref := alts[g.rnd.IntN(len(alts))]
		if ref != nil && ref.Value != nil {
			return g.gen(ref.Value, depth)
		}
	}
	switch {
	case s.Type.Is("object") || (s.Type.IsEmpty() && len(s.Properties) > 0):
		return g.object(s, depth), true
	case s.Type.Is("array"):
		return g.array(s, depth), true
	case s.Type.Is("string"):
		return g.str(s), true
	case s.Type.Is("integer"):
		return g.integer(s), true
	case s.Type.Is("number"):
		return g.number(s), true
	case s.Type.Is("boolean"):
		return g.rnd.IntN(2) == 0, true
	}
	if s.Example != nil {
		return s.Example, true
	}
	return nil, false
}

func (g *generator) allOf(s *openapi3.Schema, depth int) (any, bool) {
	var merged map[string]any
	var scalar any
	found := false
	for _, ref := range s.AllOf {
		if ref == nil || ref.Value == nil {
			continue
		}
		v, ok := g.gen(ref.Value, depth)
		if !ok {
			continue
		}
		found = true
		if m, isMap := v.(map[string]any); isMap {
			merged = mergeObjects(merged, m)
		} else {
			scalar = v
		}
	}
	rest := *s
	rest.AllOf = nil
	if v, ok := g.gen(&rest, depth); ok {
		found = true
		if m, isMap := v.(map[string]any); isMap {
			merged = mergeObjects(merged, m)
		} else {
			scalar = v
		}
	}
	if merged != nil {
		return merged, true
	}
	return scalar, found
}

// mergeObjects deep-merges b into a; b's values win on conflicts, except
// that objects merge.
func mergeObjects(a, b map[string]any) map[string]any {
	if a == nil {
		a = map[string]any{}
	}
	for k, bv := range b {
		if am, ok := a[k].(map[string]any); ok {
			if bm, ok := bv.(map[string]any); ok {
				a[k] = mergeObjects(am, bm)
				continue
			}
		}
		a[k] = bv
	}
	return a
}

func (g *generator) object(s *openapi3.Schema, depth int) map[string]any {
	out := map[string]any{}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		ref := s.Properties[name]
		if ref == nil || ref.Value == nil || ref.Value.WriteOnly {
			continue
		}
		required := slices.Contains(s.Required, name)
		if !required && (depth >= maxGenDepth/2 || g.rnd.IntN(4) == 0) {
			continue
		}
		if v, ok := g.gen(ref.Value, depth+1); ok {
			out[name] = v
		} else if required {
			out[name] = "value"
		}
	}
	for _, name := range s.Required {
		if _, ok := out[name]; !ok {
			if ref := s.Properties[name]; ref != nil && ref.Value != nil {
				out[name] = g.value(ref.Value, depth+1)
			} else {
				out[name] = "value"
			}
		}
	}
	for len(out) < int(s.MinProps) {
		out[fmt.Sprintf("key%d", len(out))] = "value"
	}
	return out
}

func (g *generator) array(s *openapi3.Schema, depth int) []any {
	lo := int(s.MinItems)
	hi := lo + 3
	if s.MaxItems != nil {
		hi = min(hi, int(*s.MaxItems))
	}
	if depth >= maxGenDepth {
		hi = lo
	}
	n := lo
	if hi > lo {
		n = lo + g.rnd.IntN(hi-lo+1)
	}
	out := make([]any, 0, n)
	var items *openapi3.Schema
	if s.Items != nil {
		items = s.Items.Value
	}
	for attempts := 0; len(out) < n && attempts < n*8+8; attempts++ {
		v := g.value(items, depth+1)
		if s.UniqueItems && slices.ContainsFunc(out, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(v) }) {
			continue
		}
		out = append(out, v)
	}
	return out
}

func (g *generator) str(s *openapi3.Schema) string {
	base := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	switch s.Format {
	case "date-time":
		return base.Add(time.Duration(g.rnd.IntN(30*24*60)) * time.Minute).Format("2006-01-02T15:04:05.000Z")
	case "date":
		return base.AddDate(0, 0, g.rnd.IntN(30)).Format("2006-01-02")
	case "time":
		return fmt.Sprintf("%02d:%02d:00", g.rnd.IntN(24), g.rnd.IntN(4)*15)
	case "email":
		return g.word() + "@example.com"
	case "uuid":
		b := make([]byte, 16)
		for i := range b {
			b[i] = byte(g.rnd.IntN(256))
		}
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	case "uri", "url":
		return "https://example.com/" + g.word()
	case "byte":
		return base64.StdEncoding.EncodeToString([]byte(g.word()))
	}
	if s.Pattern != "" {
		if v, ok := g.fromPattern(s.Pattern); ok && fits(v, s) {
			return v
		}
		if ex, ok := s.Example.(string); ok {
			return ex
		}
	}
	var b strings.Builder
	target := max(int(s.MinLength), 1+g.rnd.IntN(3))
	for b.Len() == 0 || len([]rune(b.String())) < target {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.word())
	}
	out := []rune(b.String())
	if s.MaxLength != nil && uint64(len(out)) > *s.MaxLength {
		out = out[:*s.MaxLength]
	}
	if len(out) < int(s.MinLength) {
		out = append(out, []rune(strings.Repeat("a", int(s.MinLength)-len(out)))...)
	}
	return string(out)
}

func fits(v string, s *openapi3.Schema) bool {
	n := uint64(len([]rune(v)))
	return n >= s.MinLength && (s.MaxLength == nil || n <= *s.MaxLength)
}

// fromPattern generates a string matching a regular expression.
func (g *generator) fromPattern(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	if !g.regex(&b, re.Simplify(), 0) {
		return "", false
	}
	return b.String(), true
}

func (g *generator) regex(b *strings.Builder, re *syntax.Regexp, depth int) bool {
	if depth > 64 {
		return false
	}
	repeat := func(lo, hi int) bool {
		if hi < 0 {
			hi = lo + 3
		}
		n := lo
		if hi > lo {
			n += g.rnd.IntN(hi - lo + 1)
		}
		for range n {
			if !g.regex(b, re.Sub[0], depth+1) {
				return false
			}
		}
		return true
	}
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) < 2 {
			return false
		}
		// Prefer printable ASCII ranges.
		pairs := len(re.Rune) / 2
		for range 8 {
			i := g.rnd.IntN(pairs)
			lo, hi := re.Rune[2*i], re.Rune[2*i+1]
			if hi > 0x7e && lo <= 0x7e {
				hi = 0x7e
			}
			if lo < 0x20 && hi >= 0x20 {
				lo = 0x20
			}
			if lo >= 0x20 && hi >= lo && hi != unicodeMax {
				b.WriteRune(lo + rune(g.rnd.IntN(int(hi-lo)+1)))
				return true
			}
		}
		b.WriteRune(re.Rune[0])
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte('x')
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpEmptyMatch:
	case syntax.OpCapture:
		return g.regex(b, re.Sub[0], depth+1)
	case syntax.OpStar:
		return repeat(0, 3)
	case syntax.OpPlus:
		return repeat(1, 3)
	case syntax.OpQuest:
		return repeat(0, 1)
	case syntax.OpRepeat:
		return repeat(re.Min, re.Max)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !g.regex(b, sub, depth+1) {
				return false
			}
		}
	case syntax.OpAlternate:
		return g.regex(b, re.Sub[g.rnd.IntN(len(re.Sub))], depth+1)
	default:
		return false
	}
	return true
}

const unicodeMax = 0x10FFFF

func (g *generator) integer(s *openapi3.Schema) int64 {
	lo, hi := bounds(s, 0, 1000)
	l, h := int64(math.Ceil(lo)), int64(math.Floor(hi))
	if s.ExclusiveMin.IsTrue() && float64(l) == lo {
		l++
	}
	if s.ExclusiveMax.IsTrue() && float64(h) == hi {
		h--
	}
	if h < l {
		h = l
	}
	v := l + g.rnd.Int64N(h-l+1)
	if s.MultipleOf != nil && *s.MultipleOf >= 1 {
		m := int64(*s.MultipleOf)
		v = (v / m) * m
		if v < l {
			v += m
		}
	}
	return v
}

func (g *generator) number(s *openapi3.Schema) float64 {
	lo, hi := bounds(s, 0, 1000)
	if s.MultipleOf != nil && *s.MultipleOf > 0 {
		m := *s.MultipleOf
		first, last := math.Ceil(lo/m), math.Floor(hi/m)
		if s.ExclusiveMin.IsTrue() && first*m == lo {
			first++
		}
		if last < first {
			last = first
		}
		return (first + float64(g.rnd.Int64N(int64(last-first)+1))) * m
	}
	v := math.Round((lo+g.rnd.Float64()*(hi-lo))*100) / 100
	if v <= lo && s.ExclusiveMin.IsTrue() {
		v = lo + (hi-lo)/2
	}
	if v >= hi && s.ExclusiveMax.IsTrue() {
		v = lo + (hi-lo)/2
	}
	return min(max(v, lo), hi)
}

// bounds is the [lo, hi] range a number may take, defaulting around the
// schema's own bounds.
func bounds(s *openapi3.Schema, dlo, dhi float64) (float64, float64) {
	lo, hi := dlo, dhi
	switch {
	case s.Min != nil && s.Max != nil:
		lo, hi = *s.Min, *s.Max
	case s.Min != nil:
		lo, hi = *s.Min, *s.Min+dhi
	case s.Max != nil:
		lo, hi = math.Min(dlo, *s.Max-dhi), *s.Max
	}
	return lo, hi
}

func (g *generator) word() string { return g.words[g.rnd.IntN(len(g.words))] }
