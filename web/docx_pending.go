package web

import (
	"io"

	"qicao/report"
)

// writeDocx is replaced by docx.Write as soon as the writer lands.
func writeDocx(w io.Writer, doc *report.Document) error {
	return report.Errorf(report.EINVALID, "导出 .docx 尚未完成")
}
