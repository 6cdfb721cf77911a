// Package sample holds qicao's own demonstration report: three drafts of the 2027 政府工作报告 of
// 示例市, a fictional county-level city, written for this project (no sentence is taken from a
// real report). Tests of other packages, the demo server and the README use them, so that
// fixtures look like the real thing without carrying anyone's text.
//
// The drafts are plain UTF-8, one paragraph a line: shili-2027-v1.txt is the 初稿,
// shili-2027-v2.txt the 征求意见稿 (about 40 edits, one paragraph moved within its part),
// shili-2027-v3.txt the 送审稿 (about 15 further edits); shili-2027-v1.md is the 初稿 as Markdown.
// Each draft is correct by the checker's rules, so a finding on them is a false alarm.
package sample

import (
	"embed"
	"fmt"
)

// Files holds every sample text, named as in this directory.
//
//go:embed *.txt *.md
var Files embed.FS

// Townships are 示例市's 14 乡镇, the units a drafting notice goes to besides the departments.
var Townships = []string{
	"东湖镇", "西山镇", "南屏镇", "北岗镇", "青石镇", "白沙镇", "金河镇", "桃源镇", "云台镇",
	"梨花乡", "松林乡", "凤鸣乡", "石桥乡", "柳溪乡",
}

// Report returns draft version 1, 2 or 3 as plain text. Callers pass constants, so any other
// number is a programming error and panics.
func Report(version int) []byte {
	b, err := Files.ReadFile(fmt.Sprintf("shili-2027-v%d.txt", version))
	if err != nil {
		panic(fmt.Sprintf("sample: no draft version %d", version))
	}
	return b
}
