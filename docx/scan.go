package docx

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// scanner is a small XML tokenizer for the parts of a .docx, which are read whole into memory.
// encoding/xml spends three quarters of a read allocating tokens a report never needs; this one
// hands out slices of the part and allocates only for the text it is asked for. It checks what
// matters for safety and faithful text: UTF-8, legal characters, matching tags, entities in
// the text it returns, nesting depth. DOCTYPE is refused, so no entity can be declared.
type scanner struct {
	data []byte
	pos  int

	kind  tokKind
	name  []byte // qualified name of the current element
	local []byte
	ns    nsKind
	attrs []rawAttr
	text  []byte // raw character data of a text token, entities not yet resolved
	cdata bool   // text is a CDATA section: no entities

	stack     [][]byte  // open elements' qualified names
	nsStack   []nsDecl  // namespace declarations in scope
	selfEnd   bool      // the current start tag closed itself: an end token follows
	rootDone  bool      // the root element has ended
	validated bool      // the part's characters have been checked
	err       *xmlError // sticky
}

type tokKind int

const (
	tokStart tokKind = iota
	tokEnd
	tokText
	tokEOF
)

// nsKind classifies the namespaces the readers care about.
type nsKind int

const (
	nsOther nsKind = iota
	nsWord
	nsCompat
)

type nsDecl struct {
	prefix []byte
	kind   nsKind
	depth  int
}

type rawAttr struct {
	local, value []byte
}

type xmlError struct {
	line int
	msg  string
}

func (e *xmlError) Error() string { return "line " + strconv.Itoa(e.line) + ": " + e.msg }

func newScanner(data []byte) *scanner {
	return &scanner{data: data}
}

func (s *scanner) fail(at int, msg string) error {
	if s.err == nil {
		s.err = &xmlError{line: 1 + bytes.Count(s.data[:min(at, len(s.data))], []byte{'\n'}), msg: msg}
	}
	return s.err
}

// validate checks the whole part once: UTF-8 and the characters XML 1.0 allows.
func (s *scanner) validate() error {
	d := s.data
	for i := 0; i < len(d); {
		c := d[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return s.fail(i, "illegal character")
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(d[i:])
		if r == utf8.RuneError && size == 1 {
			return s.fail(i, "invalid UTF-8")
		}
		if r == 0xFFFE || r == 0xFFFF {
			return s.fail(i, "illegal character")
		}
		i += size
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// next moves to the next token.
func (s *scanner) next() (tokKind, error) {
	if s.err != nil {
		return tokEOF, s.err
	}
	if !s.validated {
		s.validated = true
		if err := s.validate(); err != nil {
			return tokEOF, err
		}
		s.data = bytes.TrimPrefix(s.data, []byte("\xef\xbb\xbf"))
	}
	if s.selfEnd {
		s.selfEnd = false
		return s.end()
	}
	d := s.data
	for s.pos < len(d) {
		if d[s.pos] != '<' {
			start := s.pos
			i := bytes.IndexByte(d[s.pos:], '<')
			if i < 0 {
				i = len(d) - s.pos
			}
			s.pos += i
			if len(s.stack) == 0 {
				if len(bytes.TrimLeft(d[start:s.pos], " \t\r\n")) > 0 {
					return tokEOF, s.fail(start, "text outside the root element")
				}
				continue
			}
			s.kind, s.text, s.cdata = tokText, d[start:s.pos], false
			return tokText, nil
		}
		rest := d[s.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			i := bytes.Index(rest, []byte("?>"))
			if i < 0 {
				return tokEOF, s.fail(s.pos, "unterminated processing instruction")
			}
			s.pos += i + 2
		case bytes.HasPrefix(rest, []byte("<!--")):
			i := bytes.Index(rest[4:], []byte("-->"))
			if i < 0 {
				return tokEOF, s.fail(s.pos, "unterminated comment")
			}
			s.pos += 4 + i + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i := bytes.Index(rest[9:], []byte("]]>"))
			if i < 0 || len(s.stack) == 0 {
				return tokEOF, s.fail(s.pos, "bad CDATA section")
			}
			s.kind, s.text, s.cdata = tokText, rest[9:9+i], true
			s.pos += 9 + i + 3
			return tokText, nil
		case bytes.HasPrefix(rest, []byte("<!")):
			return tokEOF, s.fail(s.pos, "DOCTYPE and declarations are not allowed")
		case bytes.HasPrefix(rest, []byte("</")):
			return s.endTag()
		default:
			return s.startTag()
		}
	}
	if len(s.stack) > 0 || !s.rootDone {
		return tokEOF, s.fail(len(d), "unexpected EOF")
	}
	s.kind = tokEOF
	return tokEOF, nil
}

// readName reads a name at s.pos.
func (s *scanner) readName() []byte {
	d := s.data
	start := s.pos
	for s.pos < len(d) {
		c := d[s.pos]
		if isSpace(c) || c == '/' || c == '>' || c == '=' || c == '<' || c == '"' || c == '\'' {
			break
		}
		s.pos++
	}
	return d[start:s.pos]
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) && isSpace(s.data[s.pos]) {
		s.pos++
	}
}

func (s *scanner) startTag() (tokKind, error) {
	if s.rootDone {
		return tokEOF, s.fail(s.pos, "a second root element")
	}
	if len(s.stack) >= maxDepth {
		return tokEOF, errDepth
	}
	s.pos++
	name := s.readName()
	if len(name) == 0 {
		return tokEOF, s.fail(s.pos, "bad element name")
	}
	s.attrs = s.attrs[:0]
	depth := len(s.stack) + 1
	d := s.data
	for {
		s.skipSpace()
		if s.pos >= len(d) {
			return tokEOF, s.fail(s.pos, "unexpected EOF")
		}
		if d[s.pos] == '>' {
			s.pos++
			break
		}
		if d[s.pos] == '/' {
			if s.pos+1 >= len(d) || d[s.pos+1] != '>' {
				return tokEOF, s.fail(s.pos, "bad empty element")
			}
			s.pos += 2
			s.selfEnd = true
			break
		}
		an := s.readName()
		s.skipSpace()
		if len(an) == 0 || s.pos >= len(d) || d[s.pos] != '=' {
			return tokEOF, s.fail(s.pos, "bad attribute")
		}
		s.pos++
		s.skipSpace()
		if s.pos >= len(d) || d[s.pos] != '"' && d[s.pos] != '\'' {
			return tokEOF, s.fail(s.pos, "unquoted attribute value")
		}
		q := d[s.pos]
		s.pos++
		end := bytes.IndexByte(d[s.pos:], q)
		if end < 0 {
			return tokEOF, s.fail(s.pos, "unterminated attribute value")
		}
		val := d[s.pos : s.pos+end]
		if bytes.IndexByte(val, '<') >= 0 {
			return tokEOF, s.fail(s.pos, "'<' in attribute value")
		}
		s.pos += end + 1
		prefix, local := splitName(an)
		switch {
		case string(an) == "xmlns":
			s.nsStack = append(s.nsStack, nsDecl{prefix: nil, kind: classifyNS(val), depth: depth})
		case string(prefix) == "xmlns":
			s.nsStack = append(s.nsStack, nsDecl{prefix: local, kind: classifyNS(val), depth: depth})
		}
		s.attrs = append(s.attrs, rawAttr{local: local, value: val})
	}
	s.stack = append(s.stack, name)
	prefix, local := splitName(name)
	s.kind, s.name, s.local, s.ns = tokStart, name, local, s.lookupNS(prefix)
	return tokStart, nil
}

func (s *scanner) endTag() (tokKind, error) {
	s.pos += 2
	name := s.readName()
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '>' {
		return tokEOF, s.fail(s.pos, "bad end tag")
	}
	s.pos++
	if len(s.stack) == 0 || !bytes.Equal(s.stack[len(s.stack)-1], name) {
		return tokEOF, s.fail(s.pos, "end tag does not match")
	}
	return s.end()
}

// end pops the current element and reports its end.
func (s *scanner) end() (tokKind, error) {
	depth := len(s.stack)
	name := s.stack[depth-1]
	prefix, local := splitName(name)
	s.kind, s.name, s.local, s.ns = tokEnd, name, local, s.lookupNS(prefix)
	s.stack = s.stack[:depth-1]
	for len(s.nsStack) > 0 && s.nsStack[len(s.nsStack)-1].depth == depth {
		s.nsStack = s.nsStack[:len(s.nsStack)-1]
	}
	if depth == 1 {
		s.rootDone = true
	}
	return tokEnd, nil
}

func splitName(name []byte) (prefix, local []byte) {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return nil, name
}

func (s *scanner) lookupNS(prefix []byte) nsKind {
	for i := len(s.nsStack) - 1; i >= 0; i-- {
		if bytes.Equal(s.nsStack[i].prefix, prefix) {
			return s.nsStack[i].kind
		}
	}
	return nsOther
}

func classifyNS(uri []byte) nsKind {
	switch string(uri) {
	case nsW, nsWStrict:
		return nsWord
	case nsMC:
		return nsCompat
	}
	return nsOther
}

// attr returns the value of the current element's attribute with the given local name,
// whatever its prefix.
func (s *scanner) attr(local string) string {
	for _, a := range s.attrs {
		if string(a.local) == local {
			v, ok := unescape(a.value)
			if !ok {
				return ""
			}
			return v
		}
	}
	return ""
}

// on reads a toggle property: present means true unless its val says otherwise.
func (s *scanner) on() bool {
	switch s.attr("val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// appendText writes the current text token, entities resolved, to sb. Line breaks become
// spaces: inside w:t they are whitespace, as Word shows them, not breaks.
func (s *scanner) appendText(sb *strings.Builder) error {
	text := s.text
	if !s.cdata && bytes.IndexByte(text, '&') >= 0 {
		v, ok := unescape(text)
		if !ok {
			return s.fail(s.pos, "bad entity")
		}
		text = []byte(v)
	}
	if bytes.IndexAny(text, "\r\n") < 0 {
		sb.Write(text)
		return nil
	}
	for _, c := range text {
		if c == '\r' || c == '\n' {
			c = ' '
		}
		sb.WriteByte(c)
	}
	return nil
}

// skip consumes the rest of the element just started, without recursion.
func (s *scanner) skip() error {
	for depth := 1; depth > 0; {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

// unescape resolves the five predefined entities and character references.
func unescape(b []byte) (string, bool) {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b), true
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			sb.Write(b)
			break
		}
		sb.Write(b[:i])
		b = b[i:]
		j := bytes.IndexByte(b, ';')
		if j < 0 || j > 12 {
			return "", false
		}
		ent := string(b[1:j])
		b = b[j+1:]
		switch ent {
		case "lt":
			sb.WriteByte('<')
		case "gt":
			sb.WriteByte('>')
		case "amp":
			sb.WriteByte('&')
		case "quot":
			sb.WriteByte('"')
		case "apos":
			sb.WriteByte('\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				return "", false
			}
			r := rune(n)
			if err != nil || !utf8.ValidRune(r) || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				return "", false
			}
			sb.WriteRune(r)
		}
	}
	return sb.String(), true
}
