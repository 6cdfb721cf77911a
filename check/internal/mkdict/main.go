// Command mkdict builds the checker's compact word table from the dictionary of
// github.com/go-ego/gse (dict/zh/s_1.txt, derived from jieba's; gse is Apache-2.0, jieba's data
// MIT). It is run by `go generate ./check`, which fetches the module through the module proxy
// (`go mod download`); qicao itself does not import gse.
//
// Output, in the directory given by -o:
//
//	wN.bin    for N = 2…6: every word of N Han characters, each 3N bytes of UTF-8, sorted
//	          bytewise, concatenated (no separators): the checker binary-searches it in place.
//	fN.bin    one byte per word of wN.bin, in the same order: log2 of its frequency, rounded.
//	chars.bin every single-character entry, sorted: 3 bytes of UTF-8, one byte of part of
//	          speech (the first letter of the dictionary's tag) and one of log2 frequency.
//	total.txt log2 of the sum of all frequencies.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

const module = "github.com/go-ego/gse@v0.80.3"

func main() {
	out := flag.String("o", "dict", "output directory")
	flag.Parse()
	dir, err := moduleDir()
	if err != nil {
		fail(err)
	}
	f, err := os.Open(filepath.Join(dir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		fail(err)
	}
	defer f.Close()
	words := map[int]map[string]int{}
	chars := map[string]byte{}
	charFreq := map[string]int{}
	total := 0.0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || !threeByteHan(fs[0]) {
			continue
		}
		n := utf8.RuneCountInString(fs[0])
		freq := 1
		if len(fs) > 1 {
			if v, err := strconv.Atoi(fs[1]); err == nil && v > 0 {
				freq = v
			}
		}
		total += float64(freq)
		switch {
		case n == 1:
			tag := byte('x')
			if len(fs) > 2 && fs[2] != "" {
				tag = fs[2][0]
			}
			if _, ok := chars[fs[0]]; !ok {
				chars[fs[0]] = tag
			}
			charFreq[fs[0]] += freq
		case n >= 2 && n <= 6:
			if words[n] == nil {
				words[n] = map[string]int{}
			}
			words[n][fs[0]] += freq
		}
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	for n := 2; n <= 6; n++ {
		var list []string
		for w := range words[n] {
			list = append(list, w)
		}
		sort.Strings(list)
		var b, f bytes.Buffer
		for _, w := range list {
			b.WriteString(w)
			f.WriteByte(log2(words[n][w]))
		}
		write(filepath.Join(*out, fmt.Sprintf("w%d.bin", n)), b.Bytes())
		write(filepath.Join(*out, fmt.Sprintf("f%d.bin", n)), f.Bytes())
	}
	var list []string
	for c := range chars {
		list = append(list, c)
	}
	sort.Strings(list)
	var b bytes.Buffer
	for _, c := range list {
		b.WriteString(c)
		b.WriteByte(chars[c])
		b.WriteByte(log2(charFreq[c]))
	}
	write(filepath.Join(*out, "chars.bin"), b.Bytes())
	write(filepath.Join(*out, "total.txt"), []byte(fmt.Sprintf("%d\n", int(math.Round(math.Log2(total))))))
}

// threeByteHan: every rune a Han character of the Basic Multilingual Plane, three bytes in UTF-8,
// so that a word of N characters is exactly 3N bytes.
func threeByteHan(s string) bool {
	for _, r := range s {
		if !(r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF) {
			return false
		}
	}
	return s != ""
}

func moduleDir() (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %w", module, err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	return m.Dir, nil
}

func log2(v int) byte {
	return byte(math.Round(math.Log2(float64(max(v, 1)))))
}

func write(path string, b []byte) {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mkdict:", err)
	os.Exit(1)
}
