package textfile

import (
	"strings"

	"qicao/outline"
	"qicao/report"
)

// Read reads a plain-text report: one paragraph a line, as reports are copied out of Word.
func Read(data []byte) (*report.Document, error) {
	s, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return ReadString(s)
}

// ReadString reads a plain-text report already decoded by Decode.
func ReadString(s string) (*report.Document, error) {
	paras := lines(s)
	if len(paras) > maxParas {
		return nil, tooManyParas()
	}
	return build(paras)
}

// maxParas bounds the paragraphs of one file, as for every format (report.MaxParagraphs).
const maxParas = report.MaxParagraphs

func tooManyParas() error { return report.TooManyParagraphs() }

// lines splits s into one paragraph a line, leaving out blank lines. The strings share s's
// memory, so a file costs its text once however long its lines are.
func lines(s string) []outline.Para {
	paras := make([]outline.Para, 0, min(strings.Count(s, "\n")+1, maxParas+1))
	for line := range strings.SplitSeq(s, "\n") {
		if outline.Trim(line) != "" {
			paras = append(paras, outline.Para{Text: line})
			if len(paras) > maxParas {
				break
			}
		}
	}
	return paras
}

func build(paras []outline.Para) (*report.Document, error) {
	doc := outline.Build(paras)
	if doc.Title == "" && len(doc.Blocks) == 0 {
		return nil, report.Errorf(report.EINVALID, "文件中没有文字")
	}
	return doc, nil
}
