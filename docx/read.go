// Package docx reads reports from .docx files made by Word or WPS and writes them back in the
// GB/T 9704-2012 layout.
package docx

import "qicao/report"

// Read parses a .docx file held in memory.
func Read(data []byte) (*report.Document, error) {
	return nil, report.Errorf(report.EINVALID, "尚不支持 .docx")
}
