package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/talkamie/contract/tools/internal/diag"
	"github.com/talkamie/contract/tools/internal/load"
)

// maxRawDepth bounds how deeply a raw example may nest before the scan gives up.
const maxRawDepth = 256

// maxSnippetRunes caps the source text a raw-example finding quotes.
const maxSnippetRunes = 40

// ExampleRules returns the rules RawExample applies (`contract lint --example`), in a
// stable order. They are separate from Rules: they apply to a loose example copied from
// API documentation, not to a contract.
func ExampleRules() []Rule {
	return []Rule{
		{"json-doubled-quote", diag.Error, "a string is followed by a second closing quote"},
		{"json-trailing-comma", diag.Error, "a comma right before } or ]"},
		{"json-extra-comma", diag.Error, "a comma with no member or element before it"},
		{"json-missing-comma", diag.Error, "two members or elements with no comma between them"},
		{"json-missing-colon", diag.Error, "a key not followed by a colon"},
		{"json-single-quote", diag.Error, "a key or string in single quotes"},
		{"json-stray-backslash", diag.Error, "a backslash before a quote outside any string"},
		{"json-unterminated-string", diag.Error, "a string not closed before the end of its line"},
		{"json-bare-word", diag.Error, "an unquoted word where a key or value belongs"},
		{"json-invalid-number", diag.Error, "a number JSON does not allow (leading zeros, a lone dot, a plus sign)"},
		{"json-duplicate-key", diag.Error, "a key appears twice in one object"},
		{"json-nested-string", diag.Error, "an object or array written inside a string instead of as the value"},
		{"json-missing-brace", diag.Error, "an object without its opening or closing brace"},
		{"json-missing-bracket", diag.Error, "an array without its closing bracket"},
		{"json-unexpected", diag.Error, "a character that starts no JSON value, or a closing bracket of the wrong kind"},
		{"json-trailing-content", diag.Error, "text after the top-level value"},
		{"json-unrepairable", diag.Error, "the repaired text still is not valid JSON, or still has a duplicate key"},
	}
}

// RawExampleResult is what RawExample found in one raw example.
type RawExampleResult struct {
	// Findings are the defects, sorted, each with its position in the raw file; a
	// json-unrepairable finding, which has no position, comes last.
	Findings diag.List
	// Repaired is the raw text with every defect fixed and nothing else changed (layout
	// and key order are kept). It parses with encoding/json and has no duplicate key
	// unless Findings has a json-unrepairable finding.
	Repaired []byte
}

// RawExample scans src, a JSON example copied verbatim from API documentation, for the
// defects such documents are known for: doubled quotes, trailing or missing commas,
// single quotes, stray backslashes, unterminated strings, bare words, duplicate keys,
// JSON nested inside a string and missing outer braces. Each defect is reported at its
// line and column in file with what is wrong and the fix; the fixes are applied to
// produce Repaired, which is then checked with encoding/json.
//
// It is a tolerant scanner, not a JSON parser: it recognises these defect classes and
// reports anything else it cannot read as json-unexpected, leaving the final word to the
// encoding/json check of the repaired text (json-unrepairable).
func RawExample(file string, src []byte) RawExampleResult {
	s := &rawScanner{file: file, src: src}
	s.document()
	repaired := applyEdits(src, s.edits)
	s.out.Sort()
	s.out = dedupe(s.out)
	// The verdict on the repaired text comes last: it sums up the findings before it.
	s.checkRepaired(repaired)
	return RawExampleResult{Findings: s.out, Repaired: repaired}
}

// edit replaces src[start:end] with text; start == end inserts.
type edit struct {
	start, end int
	text       string
}

// applyEdits applies edits to src. An edit that overlaps one applied before it (a fix
// inside a member the repair removes) is dropped.
func applyEdits(src []byte, edits []edit) []byte {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end // the wider edit first, so the ones inside it are dropped
	})
	var out bytes.Buffer
	at := 0
	for _, e := range sorted {
		if e.start < at {
			continue
		}
		out.Write(src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(src[at:])
	return out.Bytes()
}

// rawScanner holds the state of one RawExample scan.
type rawScanner struct {
	file  string
	src   []byte
	pos   int
	depth int
	edits []edit
	out   diag.List
}

// member is one key-value pair of an object, by byte offsets.
type member struct {
	key                string
	keyStart, valueEnd int
	duplicate          bool
}

func (s *rawScanner) report(code string, off int, format string, args ...any) {
	line, col := load.LineCol(s.src, off)
	s.out.Errorf(code, diag.Pos{File: s.file, Line: line, Col: col}, "", format, args...)
}

func (s *rawScanner) at(off int) string {
	line, col := load.LineCol(s.src, off)
	return fmt.Sprintf("%d:%d", line, col)
}

func (s *rawScanner) edit(start, end int, text string) {
	s.edits = append(s.edits, edit{start, end, text})
}

func (s *rawScanner) eof() bool { return s.pos >= len(s.src) }

func (s *rawScanner) peek(n int) byte {
	if s.pos+n < len(s.src) {
		return s.src[s.pos+n]
	}
	return 0
}

func (s *rawScanner) skipSpace() {
	for !s.eof() {
		switch s.src[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.pos++
		default:
			return
		}
	}
}

// snippet quotes src[start:end] for a message: one line, at most maxSnippetRunes runes.
func (s *rawScanner) snippet(start, end int) string {
	end = min(end, len(s.src))
	text := string(s.src[start:end])
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		text = text[:i]
	}
	if utf8.RuneCountInString(text) > maxSnippetRunes {
		text = string([]rune(text)[:maxSnippetRunes]) + "…"
	}
	return text
}

// lineEnd is the offset of the end of the line holding off.
func (s *rawScanner) lineEnd(off int) int {
	if i := bytes.IndexAny(s.src[off:], "\r\n"); i >= 0 {
		return off + i
	}
	return len(s.src)
}

// document scans the top-level value, which may be a list of members missing its braces.
func (s *rawScanner) document() {
	if bytes.HasPrefix(s.src, []byte("\xef\xbb\xbf")) {
		s.pos = 3
	}
	s.skipSpace()
	if s.eof() {
		s.report("json-unexpected", s.pos, "the example is empty; write a JSON value")
		return
	}
	if s.looksLikeMember() {
		first := s.pos
		lineStart := bytes.LastIndexByte(s.src[:first], '\n') + 1
		s.report("json-missing-brace", first, "the example has no opening brace: %s starts a list of members; write { before it", s.snippet(first, s.keyEnd(first)))
		s.edit(lineStart, lineStart, "{\n")
		s.object(first, true)
	} else {
		s.value()
	}
	s.skipSpace()
	if !s.eof() {
		s.report("json-trailing-content", s.pos, "%s follows the end of the top-level value; remove it or wrap the values in an array", s.snippet(s.pos, s.pos+maxSnippetRunes))
		s.pos = len(s.src)
	}
}

// looksLikeMember reports whether the text at pos is a key followed by a colon.
func (s *rawScanner) looksLikeMember() bool {
	end := s.keyEnd(s.pos)
	if end <= s.pos {
		return false
	}
	for end < len(s.src) && strings.IndexByte(" \t\r\n", s.src[end]) >= 0 {
		end++
	}
	return end < len(s.src) && s.src[end] == ':'
}

// keyEnd returns the end offset of the quoted string or word at off, or off when there is none.
func (s *rawScanner) keyEnd(off int) int {
	if off >= len(s.src) {
		return off
	}
	switch c := s.src[off]; {
	case c == '"' || c == '\'':
		for i := off + 1; i < len(s.src); i++ {
			switch s.src[i] {
			case '\\':
				i++
			case c:
				return i + 1
			case '\n':
				return off
			}
		}
	case isWordByte(c):
		i := off
		for i < len(s.src) && isWordByte(s.src[i]) {
			i++
		}
		return i
	}
	return off
}

// value scans one value at pos (after blanks) and reports whether there was one.
func (s *rawScanner) value() bool {
	s.skipSpace()
	if s.eof() {
		s.report("json-unexpected", s.pos, "the example ends where a value belongs; add the value")
		return false
	}
	if s.depth >= maxRawDepth {
		s.report("json-unexpected", s.pos, "the example nests deeper than %d levels; the scan stops here", maxRawDepth)
		s.pos = len(s.src)
		return false
	}
	switch c := s.src[s.pos]; {
	case c == '{':
		s.object(s.pos, false)
	case c == '[':
		s.array()
	case c == '"':
		if !s.nestedString() {
			s.str(false)
		}
	case c == '\'':
		s.singleQuoted()
	case c == '\\' && s.peek(1) == '"':
		s.strayBackslash()
		s.str(true)
	case c == '-' || c == '+' || c == '.' || isDigit(c):
		s.number()
	case isWordByte(c):
		s.word("value")
	default:
		s.unexpected()
		return false
	}
	return true
}

// unexpected reports the character at pos and skips it.
func (s *rawScanner) unexpected() {
	r, size := utf8.DecodeRune(s.src[s.pos:])
	s.report("json-unexpected", s.pos, "%q starts no JSON value; remove it", r)
	s.pos += max(size, 1)
}

// object scans an object whose { is at open (or, when implicit, whose members start at
// open with no brace).
func (s *rawScanner) object(open int, implicit bool) {
	s.depth++
	defer func() { s.depth-- }()
	if !implicit {
		s.pos++
	}
	var members []member
	expectMember, lastComma, prevEnd := true, -1, -1
	seen := map[string]int{}
	for {
		s.skipSpace()
		if s.eof() {
			s.closeAtEOF(open, implicit, "}")
			break
		}
		c := s.src[s.pos]
		if c == '}' || c == ']' {
			if lastComma >= 0 {
				s.trailingComma(lastComma, c)
			}
			if c == ']' {
				s.report("json-unexpected", s.pos, "] closes the object opened at %s; write }", s.at(open))
				s.edit(s.pos, s.pos+1, "}")
			}
			s.pos++
			break
		}
		if c == ',' {
			if expectMember {
				s.report("json-extra-comma", s.pos, "a comma with no member before it; remove it")
				s.edit(s.pos, s.pos+1, "")
			} else {
				lastComma, expectMember = s.pos, true
			}
			s.pos++
			continue
		}
		if !startsKey(c, s.peek(1)) {
			s.unexpected()
			continue
		}
		if !expectMember {
			s.report("json-missing-comma", prevEnd, "a comma is missing between %s and the next member at %s; add , after the value", s.snippet(members[len(members)-1].keyStart, prevEnd), s.at(s.pos))
			s.edit(prevEnd, prevEnd, ",")
		}
		m, ok := s.member()
		if !ok {
			continue
		}
		if first, dup := seen[m.key]; dup {
			m.duplicate = true
			s.report("json-duplicate-key", m.keyStart, "duplicate key %q (first at %s): rename it to the key it stands for, or remove it; the repair keeps the first", m.key, s.at(first))
		} else {
			seen[m.key] = m.keyStart
		}
		members = append(members, m)
		prevEnd, expectMember, lastComma = m.valueEnd, false, -1
	}
	// A repeated member is removed with the separator that follows it (or, when it is
	// the last one, the separator before it).
	for i, m := range members {
		switch {
		case !m.duplicate:
		case i+1 < len(members):
			s.edit(m.keyStart, members[i+1].keyStart, "")
		default:
			s.edit(members[i-1].valueEnd, m.valueEnd, "")
		}
	}
}

// closeAtEOF handles an object or array the example ends inside.
func (s *rawScanner) closeAtEOF(open int, implicit bool, closer string) {
	end := len(bytes.TrimRight(s.src, " \t\r\n"))
	switch {
	case implicit:
		s.report("json-missing-brace", end, "the example has no closing brace either; write } at the end")
	case closer == "}":
		s.report("json-missing-brace", end, "the object opened at %s is not closed; add } at the end", s.at(open))
	default:
		s.report("json-missing-bracket", end, "the array opened at %s is not closed; add ] at the end", s.at(open))
	}
	s.edit(end, end, "\n"+closer)
}

// trailingComma reports and removes the comma at off, which comes right before closer.
func (s *rawScanner) trailingComma(off int, closer byte) {
	s.report("json-trailing-comma", off, "a trailing comma before %c at %s; remove it", closer, s.at(s.pos))
	s.edit(off, off+1, "")
}

// member scans `key: value` at pos.
func (s *rawScanner) member() (member, bool) {
	m := member{keyStart: s.pos}
	switch c := s.src[s.pos]; {
	case c == '"':
		m.key = s.str(false)
	case c == '\'':
		m.key = s.singleQuoted()
	case c == '\\':
		s.strayBackslash()
		m.key = s.str(true)
	default:
		m.key = s.word("key")
	}
	keyEnd := s.pos
	s.skipSpace()
	switch {
	case !s.eof() && s.src[s.pos] == ':':
		s.pos++
	case !s.eof() && startsValue(s.src[s.pos], s.peek(1)):
		s.report("json-missing-colon", keyEnd, "key %q is not followed by a colon; add : after it", m.key)
		s.edit(keyEnd, keyEnd, ":")
	default:
		s.report("json-missing-colon", keyEnd, "key %q has no colon and no value; add : and the value", m.key)
		m.valueEnd = keyEnd
		return m, false
	}
	s.value()
	m.valueEnd = s.pos
	return m, true
}

// array scans an array whose [ is at pos.
func (s *rawScanner) array() {
	s.depth++
	defer func() { s.depth-- }()
	open := s.pos
	s.pos++
	expectElem, lastComma, prevEnd, prevStart := true, -1, -1, -1
	for {
		s.skipSpace()
		if s.eof() {
			s.closeAtEOF(open, false, "]")
			return
		}
		c := s.src[s.pos]
		if c == ']' || c == '}' {
			if lastComma >= 0 {
				s.trailingComma(lastComma, c)
			}
			if c == '}' {
				s.report("json-unexpected", s.pos, "} closes the array opened at %s; write ]", s.at(open))
				s.edit(s.pos, s.pos+1, "]")
			}
			s.pos++
			return
		}
		if c == ',' {
			if expectElem {
				s.report("json-extra-comma", s.pos, "a comma with no element before it; remove it")
				s.edit(s.pos, s.pos+1, "")
			} else {
				lastComma, expectElem = s.pos, true
			}
			s.pos++
			continue
		}
		if !startsValue(c, s.peek(1)) {
			s.unexpected()
			continue
		}
		if !expectElem {
			s.report("json-missing-comma", prevEnd, "a comma is missing between %s and the next element at %s; add , after it", s.snippet(prevStart, prevEnd), s.at(s.pos))
			s.edit(prevEnd, prevEnd, ",")
		}
		start := s.pos
		if s.value() {
			prevStart, prevEnd, expectElem, lastComma = start, s.pos, false, -1
		}
	}
}

// wellFormedString reports whether a valid JSON string starts at off (closed on its
// line, no raw control characters) and is followed by what may follow a string.
func (s *rawScanner) wellFormedString(off int) bool {
	for i := off + 1; i < len(s.src); i++ {
		switch c := s.src[i]; {
		case c == '\\':
			i++
		case c == '"':
			return endsToken(s.src, i+1)
		case c < 0x20:
			return false
		}
	}
	return false
}

// nestedString handles a string at pos that holds an unescaped object or array written
// across lines (`"data": "{ ... }"`): the quotes go and the content is scanned as the
// value. It reports false, consuming nothing, for any other string.
func (s *rawScanner) nestedString() bool {
	open := s.pos
	if s.wellFormedString(open) {
		return false
	}
	i := open + 1
	for i < len(s.src) && strings.IndexByte(" \t\r\n", s.src[i]) >= 0 {
		i++
	}
	if i >= len(s.src) || (s.src[i] != '{' && s.src[i] != '[') {
		return false
	}
	kind := "object"
	if s.src[i] == '[' {
		kind = "array"
	}
	s.edit(open, open+1, "")
	s.pos = i
	s.value()
	s.skipSpace()
	if !s.eof() && s.src[s.pos] == '"' {
		s.report("json-nested-string", open, "JSON nested inside a string: the string from %s to %s holds an %s; write the %s itself, without the quotes", s.at(open), s.at(s.pos), kind, kind)
		s.edit(s.pos, s.pos+1, "")
		s.pos++
		return true
	}
	s.report("json-nested-string", open, "JSON nested inside a string: the string at %s holds an %s and is never closed; write the %s itself, without the opening quote", s.at(open), kind, kind)
	return true
}

// str scans a double-quoted string at pos and returns its decoded text. afterBackslash
// is true when a stray backslash came before the opening quote, so a backslash before
// the closing quote is stray too.
func (s *rawScanner) str(afterBackslash bool) string {
	start := s.pos
	for i := start + 1; i < len(s.src); i++ {
		switch c := s.src[i]; {
		case c == '\\' && afterBackslash && i+1 < len(s.src) && s.src[i+1] == '"' && endsToken(s.src, i+2):
			s.report("json-stray-backslash", i, "%s has a backslash before its closing quote; write %s", s.snippet(start-1, i+2), strconv.Quote(string(s.src[start+1:i])))
			s.edit(i, i+1, "")
			s.pos = i + 2
			return string(s.src[start+1 : i])
		case c == '\\':
			i++
		case c == '"':
			s.pos = i + 1
			text := decodeString(s.src[start:s.pos])
			if !s.eof() && s.src[s.pos] == '"' && endsToken(s.src, s.pos+1) {
				s.report("json-doubled-quote", s.pos, "%s\" has a doubled quote; write %s", s.src[start:s.pos], s.src[start:s.pos])
				s.edit(s.pos, s.pos+1, "")
				s.pos++
			}
			return text
		case c == '\n' || c == '\r':
			return s.unterminated(start, i)
		}
	}
	return s.unterminated(start, len(s.src))
}

// unterminated closes a string that runs to end (the end of its line): the closing quote
// goes after the text, or before a trailing comma, which then separates as intended.
func (s *rawScanner) unterminated(start, end int) string {
	content := bytes.TrimRight(s.src[start+1:end], " \t")
	closeAt := start + 1 + len(content)
	if bytes.HasSuffix(content, []byte(",")) {
		closeAt--
	}
	text := string(s.src[start+1 : closeAt])
	fixed := strconv.Quote(text) + string(s.src[closeAt:start+1+len(content)])
	s.report("json-unterminated-string", start, "string %s is not closed before the end of the line; write %s", s.snippet(start, end), fixed)
	s.edit(closeAt, closeAt, `"`)
	s.pos = closeAt
	return text
}

// singleQuoted scans a '...' string at pos, rewrites it with double quotes and returns its text.
func (s *rawScanner) singleQuoted() string {
	start := s.pos
	end := -1
	for i := start + 1; i < len(s.src); i++ {
		if s.src[i] == '\\' {
			i++
			continue
		}
		if s.src[i] == '\'' {
			end = i
			break
		}
		if s.src[i] == '\n' {
			break
		}
	}
	if end < 0 {
		end = len(bytes.TrimRight(s.src[start:s.lineEnd(start)], " \t,")) + start
		s.report("json-single-quote", start, "%s opens a single-quoted string that is never closed; write %s", s.snippet(start, end), jsonQuote(unescapeSingle(s.src[start+1:end])))
		s.edit(start, end, jsonQuote(unescapeSingle(s.src[start+1:end])))
		s.pos = end
		return unescapeSingle(s.src[start+1 : end])
	}
	text := unescapeSingle(s.src[start+1 : end])
	s.report("json-single-quote", start, "%s is in single quotes; write %s", s.src[start:end+1], jsonQuote(text))
	s.edit(start, end+1, jsonQuote(text))
	s.pos = end + 1
	return text
}

// strayBackslash reports and removes the backslash at pos, which precedes a quote outside any string.
func (s *rawScanner) strayBackslash() {
	end := s.keyEnd(s.pos + 1)
	if end <= s.pos+1 {
		end = s.lineEnd(s.pos)
	}
	fixed := strings.ReplaceAll(string(s.src[s.pos+1:end]), `\"`, `"`)
	s.report("json-stray-backslash", s.pos, "%s has a backslash before its opening quote, outside any string; write %s", s.snippet(s.pos, end), fixed)
	s.edit(s.pos, s.pos+1, "")
	s.pos++
}

// jsonNumber is the grammar of a JSON number.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// number scans a number at pos.
func (s *rawScanner) number() {
	start := s.pos
	for !s.eof() && strings.IndexByte("+-.0123456789eE", s.src[s.pos]) >= 0 {
		s.pos++
	}
	text := string(s.src[start:s.pos])
	if !jsonNumber.MatchString(text) {
		s.report("json-invalid-number", start, "%s is not a JSON number; write it as JSON does (no leading zeros or plus sign, digits on both sides of the dot), or as a string", text)
	}
}

// word scans an unquoted word at pos: a literal, or a bare key or value to quote.
func (s *rawScanner) word(role string) string {
	start := s.pos
	for !s.eof() && isWordByte(s.src[s.pos]) {
		s.pos++
	}
	text := string(s.src[start:s.pos])
	if role == "value" {
		switch text {
		case "true", "false", "null":
			return text
		}
		if lower := strings.ToLower(text); lower == "true" || lower == "false" || lower == "null" {
			s.report("json-bare-word", start, "%s is not a JSON literal; write %s", text, lower)
			s.edit(start, s.pos, lower)
			return lower
		}
	}
	s.report("json-bare-word", start, "%s is an unquoted %s; write %s", text, role, jsonQuote(text))
	s.edit(start, s.pos, jsonQuote(text))
	return text
}

// checkRepaired reports repaired text that still does not parse, or still has a duplicate key.
func (s *rawScanner) checkRepaired(repaired []byte) {
	off, msg, ok := firstJSONError(repaired)
	if !ok {
		line, col := load.LineCol(repaired, off)
		s.out.Errorf("json-unrepairable", diag.Pos{File: s.file}, "", "the repaired text is still not valid JSON at its line %d, column %d: %s; fix the findings above by hand", line, col, msg)
		return
	}
	if key, off, dup := duplicateJSONKey(repaired); dup {
		line, col := load.LineCol(repaired, off)
		s.out.Errorf("json-unrepairable", diag.Pos{File: s.file}, "", "the repaired text still repeats key %q (its line %d, column %d)", key, line, col)
	}
}

// firstJSONError returns the offset and text of the first syntax error of data.
func firstJSONError(data []byte) (int, string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var v any
	err := dec.Decode(&v)
	var se *json.SyntaxError
	switch {
	case err == nil:
		off := int(dec.InputOffset())
		if rest := bytes.TrimLeft(data[off:], " \t\r\n"); len(rest) > 0 {
			return len(data) - len(rest), "data after the top-level value", false
		}
		return 0, "", true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return len(data), "unexpected end of input", false
	case errors.As(err, &se):
		return int(se.Offset) - 1, strings.TrimPrefix(se.Error(), "json: "), false
	default:
		return int(dec.InputOffset()), err.Error(), false
	}
}

// duplicateJSONKey finds the first key repeated in one object of valid JSON data.
func duplicateJSONKey(data []byte) (string, int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string token of an object is a key
	}
	var stack []*frame
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return "", 0, false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{object: t == '{', keys: map[string]bool{}, key: true})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if top != nil && top.object && top.key {
				if top.keys[t] {
					return t, off, true
				}
				top.keys[t] = true
				top.key = false
				continue
			}
		}
		if top != nil && top.object {
			top.key = true
		}
	}
}

// decodeString returns the text of a JSON string token, or its raw content when it does not decode.
func decodeString(tok []byte) string {
	var text string
	if err := json.Unmarshal(tok, &text); err != nil {
		return string(tok[1 : len(tok)-1])
	}
	return text
}

// unescapeSingle returns the text of a single-quoted string's content (\' becomes ').
func unescapeSingle(content []byte) string {
	return strings.ReplaceAll(string(content), `\'`, `'`)
}

// jsonQuote writes text as a JSON string, leaving non-ASCII text readable.
func jsonQuote(text string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(text) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

// endsToken reports whether off is the end of the text or a character that may follow a
// string (a separator, a closing bracket or a blank).
func endsToken(src []byte, off int) bool {
	return off >= len(src) || strings.IndexByte(":,}] \t\r\n", src[off]) >= 0
}

// startsKey reports whether c (followed by next) can start an object key, even a broken one.
func startsKey(c, next byte) bool {
	return c == '"' || c == '\'' || (c == '\\' && next == '"') || isWordByte(c)
}

// startsValue reports whether c (followed by next) can start a value, even a broken one.
func startsValue(c, next byte) bool {
	return strings.IndexByte("{[\"'-+.", c) >= 0 || isDigit(c) || isWordByte(c) || (c == '\\' && next == '"')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordByte reports whether c can be part of an unquoted word (letters, digits, _ and -).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '$'
}
