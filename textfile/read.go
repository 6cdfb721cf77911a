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
	return build(lines(s))
}

// lines splits s into one paragraph a line. The strings share s's memory, so a file costs
// its text once however long its lines are.
func lines(s string) []outline.Para {
	paras := make([]outline.Para, 0, strings.Count(s, "\n")+1)
	for line := range strings.SplitSeq(s, "\n") {
		paras = append(paras, outline.Para{Text: line})
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
