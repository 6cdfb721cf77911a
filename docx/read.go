// Package docx reads reports from .docx files made by Word, WPS or LibreOffice and writes them
// back in the GB/T 9704-2012 layout. It uses the standard library (archive/zip) and small XML
// and HTML tokenizers of its own, the HTML one for the chunks embedded by report generators:
// reading must be bounded against hostile files, and writing needs exact control
// over fonts, the document grid and the footers that no general .docx library gives.
package docx

import (
	"path"

	"qicao/outline"
	"qicao/report"
)

// Read parses a .docx file held in memory into a report: the accepted text of tracked changes,
// automatic numbering as visible text, tables cell by cell, headings by their numbering text or
// by their outline level.
func Read(data []byte) (*report.Document, error) {
	paras, err := readParas(data)
	if err != nil {
		return nil, err
	}
	// the same limit as every format, before the outline is built from them
	if len(paras) > report.MaxParagraphs {
		return nil, report.TooManyParagraphs()
	}
	return outline.Build(paras), nil
}

func readParas(data []byte) ([]outline.Para, error) {
	p, err := openPackage(data)
	if err != nil {
		return nil, err
	}
	main, err := p.mainPart()
	if err != nil {
		return nil, err
	}
	rels, err := p.partRels(main)
	if err != nil {
		return nil, err
	}
	st, err := readStyles(p, rels.byType["styles"])
	if err != nil {
		return nil, err
	}
	nb, err := readNumbering(p, rels.byType["numbering"])
	if err != nil {
		return nil, err
	}
	notes := map[noteKey]string{}
	if err := readNotes(p, rels.byType["footnotes"], "footnote", st, notes); err != nil {
		return nil, err
	}
	if err := readNotes(p, rels.byType["endnotes"], "endnote", st, notes); err != nil {
		return nil, err
	}
	ct, err := p.contentTypes()
	if err != nil {
		return nil, err
	}
	chunk := func(id string) ([]outline.Para, error) {
		name := rels.byID[id]
		if name == "" {
			return nil, report.Errorf(report.EINVALID, "文件已损坏：正文引用的嵌入内容不存在")
		}
		return readAltChunk(p, name, ct.of(name))
	}
	return readBody(p, main, st, nb, notes, chunk)
}

// partRels reads the relationships of a part, kept beside it in _rels/NAME.rels.
func (p *pkg) partRels(part string) (*relations, error) {
	dir := path.Dir(part)
	return p.rels(path.Join(dir, "_rels", path.Base(part)+".rels"), dir)
}
