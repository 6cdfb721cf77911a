package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"qicao/docx"
	"qicao/report"
)

// bigDocx is a 40 MB .docx as offices send them: a long report (600 paragraphs, 1 MB of text) and a
// large photo (incompressible bytes, stored) that the reader never needs to open.
func bigDocx(t testing.TB, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	doc := &report.Document{Title: "政府工作报告"}
	for i := 0; i < 600; i++ {
		var b strings.Builder
		for b.Len() < 1800 {
			b.WriteRune(rune(0x4e00 + r.IntN(2000)))
		}
		b.WriteString("。")
		doc.Blocks = append(doc.Blocks, report.Block{ID: fmt.Sprint(i), Kind: report.Paragraph, Text: b.String()})
	}
	var plain bytes.Buffer
	must(t, docx.Write(&plain, doc))
	zr, err := zip.NewReader(bytes.NewReader(plain.Bytes()), int64(plain.Len()))
	must(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		must(t, zw.Copy(f))
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/media/image1.jpeg", Method: zip.Store})
	must(t, err)
	photo := make([]byte, 40<<20-out.Len())
	for i := range photo {
		photo[i] = byte(r.Uint32())
	}
	w.Write(photo)
	must(t, zw.Close())
	return out.Bytes()
}

// TestMemoryAfterUploads is issue 14's memory proof: 20 uploads of 40 MB at once, every version
// page and a comparison opened, and the heap afterwards is back under 300 MB: the caches are
// bounded by bytes and the memory of the uploads is given back.
func TestMemoryAfterUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 800 MB")
	}
	a := startApp(t, backends[0].dsn(t))
	w := a.login("writer")
	files := make([][]byte, 4) // four distinct files, each sent five times
	for i := range files {
		files[i] = bigDocx(t, uint64(i))
	}
	// uploads wait their turn to be read, two at a time: more than the usual minute
	w.http.Timeout = 10 * time.Minute
	var wg sync.WaitGroup
	status := make([]int, 20)
	for i := range status {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := files[i%len(files)]
			req := uploadRequest(t, w, fmt.Sprintf("第%d稿", i+1), "report.docx", bytes.NewReader(data), int64(len(data)))
			resp, err := w.http.Do(req)
			if err != nil {
				t.Errorf("upload %d: %v", i, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			status[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	files = nil
	for i, st := range status {
		if st != http.StatusSeeOther {
			t.Errorf("upload %d: status %d", i, st)
		}
	}
	var peak runtime.MemStats
	runtime.ReadMemStats(&peak)
	vs, err := a.store.Versions(t.Context(), a.ws.ID)
	must(t, err)
	for _, v := range vs {
		if resp, _ := w.get("/w/" + id(a.ws.ID) + "/versions/" + id(v.ID)); resp.StatusCode != 200 {
			t.Errorf("version %d: status %d", v.Number, resp.StatusCode)
		}
	}
	last := vs[len(vs)-1]
	if resp, _ := w.get(fmt.Sprintf("/w/%d/compare?from=%d&to=%d", a.ws.ID, vs[2].ID, last.ID)); resp.StatusCode != 200 {
		t.Errorf("compare: status %d", resp.StatusCode)
	}
	runtime.GC()
	debug.FreeOSMemory()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("heap in use: %d MB at the end of the uploads, %d MB after opening %d versions and a comparison and collecting; held from the OS: %d MB",
		peak.HeapInuse>>20, after.HeapInuse>>20, len(vs), (after.HeapSys-after.HeapReleased)>>20)
	if after.HeapInuse > 300<<20 {
		t.Errorf("heap in use %d MB after the uploads, want under 300 MB", after.HeapInuse>>20)
	}
}
