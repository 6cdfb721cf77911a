// Package docx reads reports from .docx files made by Word, WPS or LibreOffice and writes them
// back in the GB/T 9704-2012 layout. It uses only the standard library (archive/zip and a small
// XML tokenizer of its own): reading must be bounded against hostile files, and writing needs
// exact control over fonts, the document grid and the footers that no general .docx library
// gives.
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
	root, err := p.rels("_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	main := root["officeDocument"]
	if main == "" || p.find(main) == nil {
		main = "word/document.xml"
	}
	if p.find(main) == nil {
		return nil, errNotDocx
	}
	dir := path.Dir(main)
	rels, err := p.rels(path.Join(dir, "_rels", path.Base(main)+".rels"), dir)
	if err != nil {
		return nil, err
	}
	stylesName, numberingName := rels["styles"], rels["numbering"]
	if stylesName == "" {
		stylesName = path.Join(dir, "styles.xml")
	}
	if numberingName == "" {
		numberingName = path.Join(dir, "numbering.xml")
	}
	st, err := readStyles(p, stylesName)
	if err != nil {
		return nil, err
	}
	nb, err := readNumbering(p, numberingName)
	if err != nil {
		return nil, err
	}
	return readBody(p, main, st, nb)
}
