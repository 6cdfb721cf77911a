package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"

	"qicao/report"
)

// Limits on what a .docx may make us do. A real report's document.xml is a few megabytes; the
// limits leave a wide margin and still stop a zip bomb after a fraction of a second.
const (
	maxEntries   = 10000
	maxPartBytes = 32 << 20  // one decompressed part
	maxReadBytes = 100 << 20 // all parts read from one file
	maxDepth     = 256       // XML element nesting; Word documents stay well under 30
)

var errNotDocx = report.Errorf(report.EINVALID, "不是有效的 .docx 文件")

// pkg is an opened .docx with a budget of decompressed bytes shared by all parts read from it.
type pkg struct {
	files  []*zip.File
	budget int64
	ct     *contentTypes // read once, when first needed
}

func openPackage(data []byte) (*pkg, error) {
	if bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}) {
		return nil, report.Errorf(report.EINVALID, "不是有效的 .docx 文件：这是旧版 Word 97-2003 (.doc) 文件，请先另存为 .docx")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "不是有效的 .docx 文件：无法作为压缩包打开，文件可能不完整或已损坏")
	}
	if len(zr.File) > maxEntries {
		return nil, report.Errorf(report.ETOOLARGE, "文件包含的部件过多（超过 %d 个），不像是正常的 .docx 文件", maxEntries)
	}
	return &pkg{files: zr.File, budget: maxReadBytes}, nil
}

// find returns the part with the given name; OPC part names are case-insensitive.
func (p *pkg) find(name string) *zip.File {
	if name == "" {
		return nil
	}
	for _, f := range p.files {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// errLimit is returned by limitReader when a part decompresses to more than allowed.
var errLimit = errors.New("part too large")

// limitReader fails, rather than stops, at its limit, so an oversized part is never mistaken
// for a short one. It charges the package budget as it goes.
type limitReader struct {
	r    io.Reader
	left int64
	pkg  *pkg
}

// errBudget is returned when the parts read so far exceed the package's total.
var errBudget = errors.New("package too large")

func (l *limitReader) Read(b []byte) (int, error) {
	if l.left <= 0 {
		return 0, errLimit
	}
	if l.pkg.budget <= 0 {
		return 0, errBudget
	}
	if int64(len(b)) > l.left {
		b = b[:l.left]
	}
	if int64(len(b)) > l.pkg.budget {
		b = b[:l.pkg.budget]
	}
	n, err := l.r.Read(b)
	l.left -= int64(n)
	l.pkg.budget -= int64(n)
	return n, err
}

// read returns the decompressed part, bounded by the limits whatever its header claims; the
// header is trusted only to reject early and to size the buffer. Reading the part whole before
// parsing rejects a zip bomb in the time it takes to inflate the limit, not to parse it.
func (p *pkg) read(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxPartBytes {
		return nil, tooLarge(f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, report.Errorf(report.EINVALID, "文件已损坏：无法读取 %s", f.Name)
	}
	defer rc.Close()
	buf := bytes.NewBuffer(make([]byte, 0, int(f.UncompressedSize64)+bytes.MinRead))
	if _, err := buf.ReadFrom(&limitReader{r: rc, left: maxPartBytes, pkg: p}); err != nil {
		return nil, partError(f.Name, err)
	}
	return buf.Bytes(), nil
}

func tooLarge(name string) error {
	return report.Errorf(report.ETOOLARGE, "文件解压后过大（%s 超过 %d MB），拒绝处理", name, maxPartBytes>>20)
}

// partError turns an error met while reading a part into a message for the user.
func partError(name string, err error) error {
	var re *report.Error
	var se *xmlError
	switch {
	case errors.As(err, &re):
		return err
	case errors.Is(err, errLimit):
		return tooLarge(name)
	case errors.Is(err, errBudget):
		return report.Errorf(report.ETOOLARGE, "文件解压后总大小超过 %d MB，拒绝处理", maxReadBytes>>20)
	case errors.As(err, &se):
		if strings.Contains(se.msg, "UTF-8") {
			return report.Errorf(report.EINVALID, "文件已损坏：%s 第 %d 行含有无效的 UTF-8 字符", name, se.line)
		}
		return report.Errorf(report.EINVALID, "文件已损坏：%s 第 %d 行 XML 格式错误", name, se.line)
	case errors.Is(err, zip.ErrFormat):
		// archive/zip stops at the size the header declares: a part that inflates to more is
		// a lie, the way zip bombs are built.
		return report.Errorf(report.EINVALID, "文件已损坏：%s 的实际大小与记录不符", name)
	case errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
		return report.Errorf(report.EINVALID, "文件已损坏：%s 内容不完整", name)
	}
	return report.Errorf(report.EINVALID, "文件已损坏：无法读取 %s", name)
}

var errDepth = report.Errorf(report.EINVALID, "文件已损坏：XML 嵌套层数过多")

// relations are a part's relationships: targets by relationship type suffix ("officeDocument",
// "styles", "numbering", "footnotes"; the first of each type) and by ID, resolved to part names.
type relations struct {
	byType map[string]string
	byID   map[string]string
}

// rels reads a relationships part; a missing one has no relationships.
func (p *pkg) rels(relsName, sourceDir string) (*relations, error) {
	f := p.find(relsName)
	out := &relations{byType: map[string]string{}, byID: map[string]string{}}
	if f == nil {
		return out, nil
	}
	data, err := p.read(f)
	if err != nil {
		return nil, err
	}
	s := newScanner(data)
	for {
		k, err := s.next()
		if err != nil {
			return nil, partError(relsName, err)
		}
		if k == tokEOF {
			return out, nil
		}
		if k != tokStart || string(s.local) != "Relationship" || s.attr("TargetMode") == "External" {
			continue
		}
		typ := s.attr("Type")
		kind := typ[strings.LastIndexByte(typ, '/')+1:]
		target := resolveTarget(s.attr("Target"), sourceDir)
		out.byID[s.attr("Id")] = target
		if _, dup := out.byType[kind]; !dup {
			out.byType[kind] = target
		}
	}
}
