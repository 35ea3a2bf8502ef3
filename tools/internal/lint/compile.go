package lint

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/talkamie/contract/tools/internal/load"
)

// metaSchemaURL is the JSON Schema dialect every schema file declares.
const metaSchemaURL = "https://json-schema.org/draft/2020-12/schema"

// compiler compiles the contract's schemas with jsonschema/v6, once each. Every file is
// reachable under a file URL that mirrors its path (file:///spec/paths/auth.yaml), so that
// relative refs in spec files reach schemas/, and schema files also under their $id.
type compiler struct {
	c       *load.Contract
	js      *jsonschema.Compiler
	docs    map[string]any
	cache   map[string]compiled
	meta    compiled
	printer *message.Printer
}

type compiled struct {
	schema *jsonschema.Schema
	err    error
}

func newCompiler(c *load.Contract) *compiler {
	cc := &compiler{
		c:       c,
		js:      jsonschema.NewCompiler(),
		docs:    map[string]any{},
		cache:   map[string]compiled{},
		printer: message.NewPrinter(language.English),
	}
	cc.js.DefaultDraft(jsonschema.Draft2020)
	cc.js.AssertFormat()
	cc.js.UseLoader(loader{cc})
	return cc
}

// fileURL is the URL a contract file is known by.
func fileURL(p string) string {
	return (&url.URL{Scheme: "file", Path: "/" + p}).String()
}

// schemaURL is the URL of the schema at pointer ptr of file p.
func schemaURL(p, ptr string) string {
	if ptr == "" {
		return fileURL(p)
	}
	toks := strings.Split(ptr[1:], "/")
	for i, t := range toks {
		toks[i] = url.PathEscape(t)
	}
	return fileURL(p) + "#/" + strings.Join(toks, "/")
}

// loader serves contract files to jsonschema/v6: file URLs by path, other URLs by $id.
type loader struct{ cc *compiler }

// Load implements jsonschema.URLLoader.
func (l loader) Load(u string) (any, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	var f *load.File
	if pu.Scheme == "file" {
		f = l.cc.c.File(strings.TrimPrefix(pu.Path, "/"))
	} else {
		pu.Fragment = ""
		f = l.cc.c.FileByID(pu.String())
	}
	if f == nil || f.Root == nil {
		return nil, fmt.Errorf("%s is not a file of the contract: %w", u, load.ErrNotFound)
	}
	return l.cc.value(f)
}

// value returns a file's JSON-compatible value, converting it once.
func (cc *compiler) value(f *load.File) (any, error) {
	if v, ok := cc.docs[f.Path]; ok {
		return v, nil
	}
	v, err := load.Value(f.Root)
	if err != nil {
		return nil, err
	}
	cc.docs[f.Path] = v
	return v, nil
}

// schema compiles (once) the schema at pointer ptr of file f.
func (cc *compiler) schema(f *load.File, ptr string) (*jsonschema.Schema, error) {
	key := schemaURL(f.Path, ptr)
	if r, ok := cc.cache[key]; ok {
		return r.schema, r.err
	}
	s, err := cc.js.Compile(key)
	cc.cache[key] = compiled{s, err}
	return s, err
}

// metaValidate validates a schema value against the 2020-12 meta-schema.
func (cc *compiler) metaValidate(v any) (*jsonschema.ValidationError, error) {
	if cc.meta.schema == nil && cc.meta.err == nil {
		cc.meta.schema, cc.meta.err = cc.js.Compile(metaSchemaURL)
	}
	if cc.meta.err != nil {
		return nil, cc.meta.err
	}
	return asValidationError(cc.meta.schema.Validate(v))
}

// validate validates an instance against a compiled schema.
func validate(s *jsonschema.Schema, v any) (*jsonschema.ValidationError, error) {
	return asValidationError(s.Validate(v))
}

func asValidationError(err error) (*jsonschema.ValidationError, error) {
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return ve, nil
	}
	return nil, err
}

// coveredElsewhere reports whether a compile error is the consequence of a problem
// another rule reports with a better position (a broken $ref, an invalid schema).
func coveredElsewhere(err error) bool {
	var (
		sve *jsonschema.SchemaValidationError
		lue *jsonschema.LoadURLError
		pne *jsonschema.JSONPointerNotFoundError
	)
	return errors.As(err, &sve) || errors.As(err, &lue) || errors.As(err, &pne)
}

// leaf is one reportable validation failure: where in the instance, which keyword, why.
type leaf struct {
	loc     []string
	keyword string
	msg     string
}

// leaves flattens a jsonschema/v6 error tree into its leaves. Where no alternative of an
// anyOf / oneOf matched, only the most plausible alternative's failures are kept (the one
// that got deepest into the instance without failing a const, then the one with the fewest
// failures); if none got past the value itself, the anyOf / oneOf is reported as a whole.
func (cc *compiler) leaves(e *jsonschema.ValidationError) []leaf {
	if len(e.Causes) == 0 {
		return []leaf{{loc: e.InstanceLocation, keyword: keywordOf(e.ErrorKind), msg: e.ErrorKind.LocalizedString(cc.printer)}}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		type cand struct {
			leaves []leaf
			konst  bool
			depth  int
		}
		var best *cand
		for _, cause := range e.Causes {
			ls := cc.leaves(cause)
			c := cand{leaves: ls}
			for _, l := range ls {
				c.depth = max(c.depth, len(l.loc))
				if l.keyword == "const" && len(l.loc) == len(e.InstanceLocation)+1 {
					c.konst = true
				}
			}
			if best == nil || better(c.konst, c.depth, len(ls), best.konst, best.depth, len(best.leaves)) {
				best = &c
			}
		}
		if best.depth > len(e.InstanceLocation) && !best.konst {
			return best.leaves
		}
		word := "anyOf"
		if _, ok := k.(*kind.OneOf); ok {
			word = "oneOf"
		}
		return []leaf{{loc: e.InstanceLocation, keyword: word,
			msg: fmt.Sprintf("matches none of the %d %s alternatives", len(e.Causes), word)}}
	}
	var out []leaf
	for _, cause := range e.Causes {
		out = append(out, cc.leaves(cause)...)
	}
	return out
}

func better(konst bool, depth, n int, bKonst bool, bDepth, bN int) bool {
	if konst != bKonst {
		return !konst
	}
	if depth != bDepth {
		return depth > bDepth
	}
	return n < bN
}

func keywordOf(k jsonschema.ErrorKind) string {
	if p := k.KeywordPath(); len(p) > 0 {
		return strings.Join(p, "/")
	}
	switch k.(type) {
	case *kind.FalseSchema:
		return "false"
	case *kind.Not:
		return "not"
	}
	return "schema"
}

// pointer formats instance location tokens as a JSON pointer ("" is the whole value).
func pointer(tokens []string) string {
	var sb strings.Builder
	for _, t := range tokens {
		sb.WriteByte('/')
		sb.WriteString(load.EscapeToken(t))
	}
	return sb.String()
}

// sortLeaves orders leaves by location, then keyword and message, for stable output.
func sortLeaves(ls []leaf) {
	slices.SortStableFunc(ls, func(a, b leaf) int {
		return strings.Compare(pointer(a.loc)+"\x00"+a.keyword+"\x00"+a.msg, pointer(b.loc)+"\x00"+b.keyword+"\x00"+b.msg)
	})
}
