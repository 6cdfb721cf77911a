package docx

import (
	"strconv"
	"sync"
)

// The GB/T 9704-2012 page, in twentieths of a point (twips): 1 mm = 1440/25.4 twips.
const (
	pageWidth    = 11906 // A4, 210 mm
	pageHeight   = 16838 // 297 mm
	marginTop    = 2098  // 37 mm
	marginBottom = 1984  // 35 mm
	marginLeft   = 1587  // 28 mm, the binding side
	marginRight  = 1474  // 26 mm

	// linePitch fits 22 lines in the 225 mm text block (12756 twips): 579 × 22 = 12738; 580
	// would overflow by four twips and leave 21 lines.
	linePitch = 579
	// charSpace adjusts the character pitch from the 16 pt body size, in 1/4096 pt, so that 28
	// characters fill the 156 mm (442.2 pt) line: 16 − 849/4096 = 15.7927 pt, × 28 = 442.196 pt.
	// It takes effect when a user switches the grid to lines and characters in Word.
	charSpace = -849
	// letterSpacing, in twips, narrows each character by 0.25 pt to the same end: 28 × 15.75 pt
	// = 441 pt fits the line and 29 do not. The grid alone is not enough: LibreOffice gives a
	// 16 pt character two cells of a 15.79 pt character grid, 14 to a line, so the grid is a
	// line grid and the spacing does the characters, which Word and LibreOffice both honour.
	letterSpacing = -5

	// The page number sits 7 mm below the text block. Its line is exactly 16 pt (5.64 mm), so
	// the footer's bottom edge is 35 − 7 − 5.64 = 22.36 mm above the page edge.
	footerLine     = 320
	footerDistance = 1268
)

// sectPr and stylesXML are built on the first .docx written, not at start-up, which every
// command pays.
var sectPr = sync.OnceValue(func() string {
	return `<w:sectPr><w:footerReference w:type="even" r:id="rIdFooterEven"/>` +
		`<w:footerReference w:type="default" r:id="rIdFooterOdd"/>` +
		`<w:pgSz w:w="` + strconv.Itoa(pageWidth) + `" w:h="` + strconv.Itoa(pageHeight) + `"/>` +
		`<w:pgMar w:top="` + strconv.Itoa(marginTop) + `" w:right="` + strconv.Itoa(marginRight) +
		`" w:bottom="` + strconv.Itoa(marginBottom) + `" w:left="` + strconv.Itoa(marginLeft) +
		`" w:header="851" w:footer="` + strconv.Itoa(footerDistance) + `" w:gutter="0"/>` +
		`<w:pgNumType w:start="1"/><w:cols w:space="425"/>` +
		`<w:docGrid w:type="lines" w:linePitch="` + strconv.Itoa(linePitch) +
		`" w:charSpace="` + strconv.Itoa(charSpace) + `"/></w:sectPr>`
})

// fonts sets Times New Roman for digits and Latin letters and a Chinese font for the rest; the
// eastAsia hint makes shared punctuation (quotes, dashes) take the Chinese font in Word and WPS.
func fonts(eastAsia string) string {
	return `<w:rFonts w:ascii="Times New Roman" w:eastAsia="` + eastAsia + `" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:hint="eastAsia"/>`
}

const (
	fangsong = "仿宋_GB2312"
	kaiti    = "楷体_GB2312"
	heiti    = "黑体"
	titleFnt = "方正小标宋简体"
	songti   = "宋体"
)

var stylesXML = sync.OnceValue(func() string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts(fangsong) +
		`<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		// Normal: the body paragraph, justified, indented two characters.
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
		// Autospace off: official layouts set digits and Latin letters without the extra gap Word and
		// LibreOffice otherwise put around them, which would push lines off the 28-character grid.
		`<w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>` +
		`<w:rPr>` + fonts(fangsong) + `<w:spacing w:val="` + strconv.Itoa(letterSpacing) + `"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>` +
		paraStyle("Title", "Title", `<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>`, fonts(titleFnt)+`<w:sz w:val="44"/><w:szCs w:val="44"/>`) +
		paraStyle("Subtitle", "Subtitle", `<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>`, fonts(kaiti)) +
		paraStyle("Speaker", "Speaker", `<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>`, fonts(kaiti)) +
		paraStyle("NoIndent", "No Indent", `<w:ind w:firstLineChars="0" w:firstLine="0"/>`, "") +
		paraStyle("TableText", "Table Text", `<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/>`, "") +
		headingStyle(1, fonts(heiti)) + headingStyle(2, fonts(kaiti)) +
		headingStyle(3, fonts(fangsong)+`<w:b/><w:bCs/>`) + headingStyle(4, fonts(fangsong)+`<w:b/><w:bCs/>`) +
		headingStyle(5, fonts(fangsong)) +
		charStyle(1, fonts(heiti)) + charStyle(2, fonts(kaiti)) +
		charStyle(3, fonts(fangsong)+`<w:b/><w:bCs/>`) + charStyle(4, fonts(fangsong)+`<w:b/><w:bCs/>`) +
		charStyle(5, fonts(fangsong)) +
		`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="` + strconv.Itoa(footerLine) + `" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>` +
		`<w:rPr><w:rFonts w:ascii="` + songti + `" w:eastAsia="` + songti + `" w:hAnsi="` + songti + `" w:cs="` + songti + `" w:hint="eastAsia"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`</w:tblBorders></w:tblPr></w:style></w:styles>`
})

func paraStyle(id, name, pPr, rPr string) string {
	s := `<w:style w:type="paragraph" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>` + pPr + `</w:pPr>`
	if rPr != "" {
		s += `<w:rPr>` + rPr + `</w:rPr>`
	}
	return s + `</w:style>`
}

// headingStyle is a heading paragraph: indented like the body (GB/T 9704 indents headings two
// characters too), with its outline level for the navigation pane.
func headingStyle(level int, rPr string) string {
	n := strconv.Itoa(level)
	return `<w:style w:type="paragraph" w:styleId="Heading` + n + `"><w:name w:val="heading ` + n + `"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="Heading` + n + `Char"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:outlineLvl w:val="` + strconv.Itoa(level-1) + `"/></w:pPr><w:rPr>` + rPr + `</w:rPr></w:style>`
}

// charStyle is the heading font for the label and title of a heading run into its paragraph.
func charStyle(level int, rPr string) string {
	n := strconv.Itoa(level)
	return `<w:style w:type="character" w:customStyle="1" w:styleId="Heading` + n + `Char"><w:name w:val="Heading ` + n + ` Char"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="Heading` + n + `"/><w:rPr>` + rPr + `</w:rPr></w:style>`
}

// footer writes "— N —" in 4号宋体, one character in from the outer edge.
func footer(odd bool) string {
	ind := `<w:ind w:leftChars="100" w:left="280" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/>`
	if odd {
		ind = `<w:ind w:rightChars="100" w:right="280" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<w:p><w:pPr><w:pStyle w:val="Footer"/>` + ind + `</w:pPr>` +
		`<w:r><w:t xml:space="preserve">— </w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
}

const settingsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	// Elements in the order the schema requires: Word refuses a file that breaks it.
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>` +
	`<w:drawingGridVerticalSpacing w:val="579"/><w:displayHorizontalDrawingGridEvery w:val="0"/><w:displayVerticalDrawingGridEvery w:val="2"/>` +
	// Punctuation keeps its full width, so every line holds exactly 28 characters.
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:spaceForUL/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>` +
	`<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>`

// fontTableXML names fallbacks for machines without the GB2312 fonts of older Windows.
const fontTableXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="方正小标宋简体"><w:altName w:val="小标宋"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="fixed"/></w:font>` +
	`</w:fonts>`

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

const packageRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

const documentRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>`

const appXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>qicao</Application></Properties>`
