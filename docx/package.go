package docx

import (
	"net/url"
	"path"
	"strings"
)

// Content types of a WordprocessingML main part: document, template, and their macro-enabled
// forms. Strict OOXML uses the same content types as transitional.
var wordMainTypes = map[string]bool{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": true,
	"application/vnd.ms-word.document.macroEnabled.main+xml":                           true,
	"application/vnd.ms-word.template.macroEnabledTemplate.main+xml":                   true,
}

// contentTypes is [Content_Types].xml: a part's type by its name, else by its extension.
type contentTypes struct {
	overrides map[string]string // lower-case part name without the leading slash
	defaults  map[string]string // lower-case extension
	present   bool
}

func (p *pkg) contentTypes() (*contentTypes, error) {
	if p.ct != nil {
		return p.ct, nil
	}
	ct, err := p.readContentTypes()
	p.ct = ct
	return ct, err
}

func (p *pkg) readContentTypes() (*contentTypes, error) {
	ct := &contentTypes{overrides: map[string]string{}, defaults: map[string]string{}}
	const name = "[Content_Types].xml"
	f := p.find(name)
	if f == nil {
		return ct, nil
	}
	ct.present = true
	data, err := p.read(f)
	if err != nil {
		return nil, err
	}
	s := newScanner(data)
	for {
		k, err := s.next()
		if err != nil {
			return nil, partError(name, err)
		}
		if k == tokEOF {
			return ct, nil
		}
		if k != tokStart {
			continue
		}
		switch string(s.local) {
		case "Override":
			ct.overrides[strings.ToLower(strings.TrimPrefix(s.attr("PartName"), "/"))] = strings.TrimSpace(s.attr("ContentType"))
		case "Default":
			ct.defaults[strings.ToLower(s.attr("Extension"))] = strings.TrimSpace(s.attr("ContentType"))
		}
	}
}

// of returns the content type of a part, "" when the package does not say.
func (ct *contentTypes) of(name string) string {
	if t, ok := ct.overrides[strings.ToLower(name)]; ok {
		return t
	}
	return ct.defaults[strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))]
}

// mainPart finds the main document part the way Word does: through the package relationship
// of type officeDocument (transitional or Strict), whatever the part is called — Office 365
// and SharePoint save word/document2.xml and the like. A package without that relationship is
// still read when [Content_Types].xml names exactly one WordprocessingML main part. The
// part's content type, when the package gives one, must be a Word document's.
func (p *pkg) mainPart() (string, error) {
	root, err := p.rels("_rels/.rels", "")
	if err != nil {
		return "", err
	}
	ct, err := p.contentTypes()
	if err != nil {
		return "", err
	}
	main := root.byType["officeDocument"]
	if main == "" || p.find(main) == nil {
		main = ""
		for name, typ := range ct.overrides {
			if wordMainTypes[typ] && p.find(name) != nil {
				if main != "" {
					return "", errNotDocx // two candidates and no relationship to choose
				}
				main = name
			}
		}
	}
	if main == "" {
		return "", errNotDocx
	}
	if typ := ct.of(main); ct.present && typ != "" && !wordMainTypes[typ] && typ != "application/xml" {
		return "", errNotDocx // a workbook or a presentation
	}
	return main, nil
}

// IsWord reports whether data is a package whose main part is a Word document, found as Read
// finds it. It reads only the package's relationships and content types.
func IsWord(data []byte) bool {
	p, err := openPackage(data)
	if err != nil {
		return false
	}
	_, err = p.mainPart()
	return err == nil
}

// resolveTarget turns a relationship's target into a part name: absolute targets from the
// package root, relative ones from the source part's folder, percent-escapes decoded.
func resolveTarget(target, sourceDir string) string {
	if strings.Contains(target, "%") {
		if t, err := url.PathUnescape(target); err == nil {
			target = t
		}
	}
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Clean(path.Join(sourceDir, target))
}
