// Package textfile reads reports saved as plain text or Markdown. People save text in whatever
// encoding their editor chose: UTF-8 with or without a BOM, GB18030/GBK from Chinese Windows
// Notepad and WPS, or UTF-16 from "Unicode" in Notepad's save dialog. The encoding is told by
// the content, never by the file name.
package textfile

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"qicao/report"
)

// Decode returns data as UTF-8 text with line ends normalised to "\n", or an EINVALID error
// with a message saying why the bytes are not readable text.
func Decode(data []byte) (string, error) { return decode(data, false) }

// DecodeOwned is Decode for a buffer the caller hands over: text already in UTF-8 is returned
// in data's own memory instead of a copy, so data must never be changed afterwards. A command
// that reads a file, parses it and exits saves a copy of the whole file, and the page faults of
// fresh memory are a large part of such a command's time.
func DecodeOwned(data []byte) (string, error) { return decode(data, true) }

// asText returns data as a string, sharing its memory when the caller owns it.
func asText(data []byte, owned bool) string {
	if owned && len(data) > 0 {
		return unsafe.String(unsafe.SliceData(data), len(data))
	}
	return string(data)
}

func decode(data []byte, owned bool) (string, error) {
	if len(data) == 0 {
		return "", report.Errorf(report.EINVALID, "文件为空")
	}
	var s string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		if !utf8.Valid(data[3:]) {
			return "", report.Errorf(report.EINVALID, "文件标明为 UTF-8 编码，但含有无效的 UTF-8 字节，请检查文件是否损坏")
		}
		s = asText(data[3:], owned)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], true)
	default:
		if le, ok := utf16Guess(data); ok {
			return decodeUTF16(data, !le)
		}
		if utf8.Valid(data) {
			s = asText(data, owned)
			break
		}
		var err error
		if s, err = decodeGB18030(data); err != nil {
			return "", err
		}
	}
	return clean(s)
}

// utf16Guess recognises BOM-less UTF-16 by its NUL bytes: ASCII characters, digits and line
// ends of UTF-16 text have a zero high byte, which lands on odd offsets in little-endian and
// even offsets in big-endian. Real text in UTF-8 or GBK has no NUL bytes at all.
func utf16Guess(data []byte) (littleEndian, ok bool) {
	if len(data) < 2 || len(data)%2 != 0 {
		return false, false
	}
	n := min(len(data), 1<<16)
	if bytes.IndexByte(data[:n], 0) < 0 {
		return false, false // the usual case, found with one vectorised scan
	}
	// A stray NUL in UTF-8 text is not UTF-16: Chinese in UTF-16 is never valid UTF-8, and
	// ASCII in UTF-16 is half NULs. Such a file goes on as UTF-8 and is refused for its NUL.
	if utf8.Valid(data) && bytes.Count(data, []byte{0})*8 < len(data) {
		return false, false
	}
	even, odd := 0, 0
	for i := 0; i < n; i++ {
		if data[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	// Chinese characters whose low byte is zero (一 is U+4E00) put a few NULs on the other
	// side, so the test is which side clearly dominates.
	switch {
	case odd > 2*even:
		return true, true
	case even > 2*odd:
		return false, true
	}
	return false, false
}

func decodeUTF16(data []byte, bigEndian bool) (string, error) {
	if len(data)%2 != 0 {
		return "", report.Errorf(report.EINVALID, "文件为 UTF-16 编码，但字节数为奇数，文件可能不完整")
	}
	unit := func(i int) uint16 {
		if bigEndian {
			return uint16(data[i])<<8 | uint16(data[i+1])
		}
		return uint16(data[i+1])<<8 | uint16(data[i])
	}
	// The decoder would replace a broken surrogate pair silently; a damaged file deserves a
	// message instead.
	for i := 0; i < len(data); i += 2 {
		switch u := unit(i); {
		case u >= 0xD800 && u < 0xDC00:
			if i+3 >= len(data) || unit(i+2) < 0xDC00 || unit(i+2) >= 0xE000 {
				return "", report.Errorf(report.EINVALID, "文件为 UTF-16 编码，但含有无效的字符，请检查文件是否损坏")
			}
			i += 2
		case u >= 0xDC00 && u < 0xE000:
			return "", report.Errorf(report.EINVALID, "文件为 UTF-16 编码，但含有无效的字符，请检查文件是否损坏")
		}
	}
	order := unicode.LittleEndian
	if bigEndian {
		order = unicode.BigEndian
	}
	out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", report.Errorf(report.EINVALID, "文件为 UTF-16 编码，但含有无效的字符，请检查文件是否损坏")
	}
	return clean(string(out))
}

// decodeGB18030 reads what Chinese Windows saves as "ANSI". GB18030 is a superset of GBK and
// GB2312, so one decoder serves all three. GBK's user-defined areas (造字, characters an office
// made for a name or a place) decode to the Private Use Area and are kept; the decoder turns
// bytes that are not GB18030 into U+FFFD. Whether the bytes were text at all is told by the
// share of such characters, never by one of them: a report has a 造字 here and there, a binary
// file decoded as GB18030 is full of them.
func decodeGB18030(data []byte) (string, error) {
	s, err := gb18030WithUDC(data)
	if err != nil {
		return "", notText()
	}
	total, private, bad, badLine, line := 0, 0, 0, 0, 1
	for _, r := range s {
		switch {
		case r == '\n':
			line++
		case r == utf8.RuneError:
			bad++
			if badLine == 0 {
				badLine = line
			}
		case r >= 0xE000 && r <= 0xF8FF:
			private++
		}
		total++
	}
	if (bad+private)*20 > total {
		return "", notText()
	}
	if bad > 0 {
		return "", report.Errorf(report.EINVALID, "文件按 GBK/GB18030 编码读取，但第%d行含有无法识别的字节，文件可能已损坏，请在记事本或 WPS 中打开检查后另存为 UTF-8", badLine)
	}
	return s, nil
}

// gb18030WithUDC decodes GB18030 and maps GBK's three user-defined areas to the Private Use
// Area as GB18030 and Windows do (AAA1–AFFE from U+E000, F8A1–FEFE from U+E234, A140–A7A0
// from U+E4C6); the decoder of golang.org/x/text turns them into U+FFFD. Text between them goes
// through the decoder in one piece, so a file without 造字 is decoded in one call.
func gb18030WithUDC(data []byte) (string, error) {
	var out []byte
	start := 0
	flush := func(end int) error {
		if end > start {
			b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data[start:end])
			if err != nil {
				return err
			}
			out = append(out, b...)
		}
		return nil
	}
	for i := 0; i < len(data); {
		lead := data[i]
		if lead < 0x81 || lead == 0xFF || i+1 >= len(data) {
			i++
			continue
		}
		trail := data[i+1]
		if trail >= 0x30 && trail <= 0x39 {
			i += 4 // a four-byte sequence
			continue
		}
		r := userDefined(lead, trail)
		if r == 0 {
			i += 2
			continue
		}
		if err := flush(i); err != nil {
			return "", err
		}
		out = utf8.AppendRune(out, r)
		i += 2
		start = i
	}
	if start == 0 {
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		return string(b), err
	}
	if err := flush(len(data)); err != nil {
		return "", err
	}
	return string(out), nil
}

// userDefined returns the Private Use Area character of a GBK user-defined code, or 0.
func userDefined(lead, trail byte) rune {
	switch {
	case lead >= 0xAA && lead <= 0xAF && trail >= 0xA1 && trail <= 0xFE:
		return 0xE000 + rune(lead-0xAA)*94 + rune(trail-0xA1)
	case lead >= 0xF8 && lead <= 0xFE && trail >= 0xA1 && trail <= 0xFE:
		return 0xE234 + rune(lead-0xF8)*94 + rune(trail-0xA1)
	case lead >= 0xA1 && lead <= 0xA7 && trail >= 0x40 && trail <= 0xA0 && trail != 0x7F:
		t := rune(trail - 0x40)
		if trail > 0x7F {
			t--
		}
		return 0xE4C6 + rune(lead-0xA1)*96 + t
	}
	return 0
}

func controlChar(line int, r rune) error {
	return report.Errorf(report.EINVALID, "文件第%d行含有控制字符（U+%04X），不像正常文本，请删除后重试", line, r)
}

func notText() error {
	return report.Errorf(report.EINVALID, "无法识别文件的文字编码（支持 UTF-8、GBK/GB18030、UTF-16），文件可能不是文本文件或已损坏")
}

// needsLook tells whether any of the eight bytes of w is below 0x20, 0x7F or 0xC2, the bytes
// clean must examine, testing them all at once in one word ("Bit Twiddling Hacks", S. E.
// Anderson: "Determine if a word has a byte less than n" and "…equal to n").
func needsLook(w []byte) bool {
	x := binary.LittleEndian.Uint64(w)
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x-0x20*ones)&^x&highs|(x^0x7F*ones-ones)&^(x^0x7F*ones)&highs|(x^0xC2*ones-ones)&^(x^0xC2*ones)&highs != 0
}

// clean normalises CRLF and CR line ends, treats the form feed (page break in text copied from
// a PDF) and the vertical tab (Word's manual line break when copied) as line ends, and rejects
// other control characters, which do not occur in text anyone typed.
func clean(s string) (string, error) {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.TrimRight(s, "\x1a") // DOS end-of-file mark
	line := 1
	needsFix := false
	// Bytes, not runes: every character refused is ASCII or a C1 control (0xC2 0x80–0x9F in
	// UTF-8), and decoding each Chinese character was most of the time spent loading a file.
	// Eight bytes at a time are let through when none of them needs a look.
	// The bytes are only read; the view saves a copy of the text.
	view := unsafe.Slice(unsafe.StringData(s), len(s))
	for i := 0; i < len(s); {
		if i+8 <= len(s) && !needsLook(view[i:i+8]) {
			i += 8
			continue
		}
		for end := min(i+8, len(s)); i < end; i++ {
			c := s[i]
			if c >= 0x20 && c != 0x7F && c != 0xC2 {
				continue
			}
			switch {
			case c == '\n':
				line++
			case c == '\r' || c == '\f' || c == '\v':
				needsFix = true
			case c == '\t':
			case c == 0:
				return "", report.Errorf(report.EINVALID, "文件第%d行含有空字符（NUL），不像文本文件，请确认选择了正确的文件", line)
			case c < 0x20 || c == 0x7F:
				return "", controlChar(line, rune(c))
			case c == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] < 0xA0:
				return "", controlChar(line, rune(s[i+1]))
			}
		}
	}
	if needsFix {
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\f", "\n", "\v", "\n").Replace(s)
	}
	return s, nil
}
