package web_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Load: 200 logged-in clients read a version page at once, against the application on SQLite
// and against a bare net/http handler that writes the same bytes from memory, in the same run.
//
//	go test ./web -run '^$' -bench BenchmarkVersionPage -benchtime 1x
//
// It reports requests per second and the 99th-percentile latency of both, and the errors.
// Targets: the application serves at least half the bare handler's requests per second, with a
// p99 under 50 ms and no errors.
const (
	loadClients = 200
	loadSlice   = time.Second
	loadRounds  = 5
	loadMaxReqs = 200_000 // per slice: a bound on the work whatever the machine
)

func BenchmarkVersionPage(b *testing.B) {
	a := startApp(b, backends[0].dsn(b))
	path := fmt.Sprintf("/w/%d/versions/%d", a.ws.ID, a.v2.ID)

	// log the clients in; each has its own session
	cookies := make([]string, loadClients)
	var page []byte
	for i := range cookies {
		c := a.login("writer")
		u, _ := url.Parse(a.url)
		for _, ck := range c.http.Jar.Cookies(u) {
			if ck.Name == "qicao_session" {
				cookies[i] = ck.String()
			}
		}
		if i == 0 {
			_, body := c.get(path)
			page = []byte(body)
		}
	}

	// the bare handler: the same response bytes, from memory
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: bare}
	go hs.Serve(ln)
	defer hs.Close()

	appURL, bareURL := a.url+path, "http://"+ln.Addr().String()+path
	b.ResetTimer()
	for b.Loop() {
		// The machine is shared, so the two are measured in alternating slices: whatever else
		// runs meanwhile weighs on both alike.
		var app, bare loadResult
		for range loadRounds {
			app.add(hammer(appURL, cookies, len(page)))
			bare.add(hammer(bareURL, cookies, len(page)))
		}
		app.finish()
		bare.finish()
		b.ReportMetric(app.rps, "app-req/s")
		b.ReportMetric(bare.rps, "bare-req/s")
		b.ReportMetric(app.rps/bare.rps, "app/bare")
		b.ReportMetric(app.p50.Seconds()*1000, "app-p50-ms")
		b.ReportMetric(app.p99.Seconds()*1000, "app-p99-ms")
		b.ReportMetric(bare.p99.Seconds()*1000, "bare-p99-ms")
		b.ReportMetric(float64(app.errors+bare.errors), "errors")
		b.Logf("application:  %d requests, %.0f req/s, p50 %v, p99 %v, %d errors", len(app.lat), app.rps, app.p50, app.p99, app.errors)
		b.Logf("bare handler: %d requests, %.0f req/s, p50 %v, p99 %v, %d errors", len(bare.lat), bare.rps, bare.p50, bare.p99, bare.errors)
		if app.errors+bare.errors > 0 {
			b.Errorf("%d errors", app.errors+bare.errors)
		}
	}
}

type loadResult struct {
	lat      []time.Duration
	elapsed  time.Duration
	errors   int
	rps      float64
	p50, p99 time.Duration
}

func (r *loadResult) add(o loadResult) {
	r.lat = append(r.lat, o.lat...)
	r.elapsed += o.elapsed
	r.errors += o.errors
}

func (r *loadResult) finish() {
	slices.Sort(r.lat)
	if len(r.lat) > 0 {
		r.rps = float64(len(r.lat)) / r.elapsed.Seconds()
		r.p50, r.p99 = r.lat[len(r.lat)/2], r.lat[len(r.lat)*99/100]
	}
}

// hammer runs one closed-loop client per cookie against target for one slice of time.
func hammer(target string, cookies []string, size int) loadResult {
	tr := &http.Transport{MaxIdleConns: loadClients, MaxIdleConnsPerHost: loadClients, MaxConnsPerHost: loadClients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), loadSlice)
	defer cancel()
	var total, errs atomic.Int64
	lat := make([][]time.Duration, len(cookies))
	var wg sync.WaitGroup
	start := time.Now()
	for i, ck := range cookies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && total.Add(1) <= loadMaxReqs {
				req, _ := http.NewRequest("GET", target, nil)
				req.Header.Set("Cookie", ck)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs.Add(1)
					continue
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 || n < int64(size)*9/10 {
					errs.Add(1)
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	return loadResult{lat: slices.Concat(lat...), elapsed: time.Since(start), errors: int(errs.Load())}
}

// BenchmarkVersionHandler is the cost of one version page without the network: the session
// lookup, the layout and the write.
func BenchmarkVersionHandler(b *testing.B) {
	a := startApp(b, backends[0].dsn(b))
	c := a.login("writer")
	u, _ := url.Parse(a.url)
	var cookie string
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "qicao_session" {
			cookie = ck.String()
		}
	}
	path := fmt.Sprintf("/w/%d/versions/%d", a.ws.ID, a.v2.ID)
	h := a.srv.Handler()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Cookie", cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
		b.SetBytes(int64(w.Body.Len()))
	}
}
