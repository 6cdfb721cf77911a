// Package textfile reads reports saved as plain text or Markdown. People save text in whatever
// encoding their editor chose: UTF-8 with or without a BOM, GB18030/GBK from Chinese Windows
// Notepad and WPS, or UTF-16 from "Unicode" in Notepad's save dialog. The encoding is told by
// the content, never by the file name.
package textfile

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"qicao/report"
)

// Decode returns data as UTF-8 text with line ends normalised to "\n", or an EINVALID error
// with a message saying why the bytes are not readable text.
func Decode(data []byte) (string, error) {
	if len(data) == 0 {
		return "", report.Errorf(report.EINVALID, "文件为空")
	}
	var s string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		if !utf8.Valid(data[3:]) {
			return "", report.Errorf(report.EINVALID, "文件标明为 UTF-8 编码，但含有无效的 UTF-8 字节，请检查文件是否损坏")
		}
		s = string(data[3:])
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], true)
	default:
		if le, ok := utf16Guess(data); ok {
			return decodeUTF16(data, !le)
		}
		if utf8.Valid(data) {
			s = string(data)
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
// GB2312, so one decoder serves all three. The decoder replaces undecodable bytes with U+FFFD
// instead of failing, and GBK's user-defined areas decode to the Private Use Area: either means
// the bytes were never Chinese text, most likely a binary file.
func decodeGB18030(data []byte) (string, error) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", notText()
	}
	s := string(out)
	for _, r := range s {
		if r == utf8.RuneError || r >= 0xE000 && r <= 0xF8FF {
			return "", notText()
		}
	}
	return s, nil
}

func controlChar(line int, r rune) error {
	return report.Errorf(report.EINVALID, "文件第%d行含有控制字符（U+%04X），不像正常文本，请删除后重试", line, r)
}

func notText() error {
	return report.Errorf(report.EINVALID, "无法识别文件的文字编码（支持 UTF-8、GBK/GB18030、UTF-16），文件可能不是文本文件或已损坏")
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
	for i := 0; i < len(s); i++ {
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
	if needsFix {
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\f", "\n", "\v", "\n").Replace(s)
	}
	return s, nil
}
