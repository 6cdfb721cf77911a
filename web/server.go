// Package web is qicao's web application: the pages a writing team, its leaders and the
// townships' and departments' contacts use in a browser on the intranet. It renders Chinese
// pages on the server from typed view models, keeps sessions in the store so that several
// instances can share one database, and decides who may do what in one table (authz.go).
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"qicao/check"
	"sync"
	"time"

	"qicao/anchor"
	"qicao/cache"
	"qicao/report"
)

// Config is what a Server needs. Store is required; the rest has defaults.
type Config struct {
	Store  report.Store
	Logger *slog.Logger
	// SecureCookies marks cookies Secure even on plain HTTP, for a server behind a TLS proxy.
	SecureCookies bool
	// SessionTTL is how long a login lasts; 12 hours by default.
	SessionTTL time.Duration
	// Now is the clock, replaceable in tests.
	Now func() time.Time
	// ClientIPHeader names the header a reverse proxy puts the client's address in
	// (X-Forwarded-For, X-Real-IP); empty to use the connection's address. It is believed only
	// from TrustedProxies, by default the loopback addresses.
	ClientIPHeader string
	TrustedProxies []netip.Prefix
}

// The caches' budgets: what is rendered for the versions people read, and comparisons. With
// the store's 64 MiB of documents, an idle server holds under 200 MiB of heap however large or
// many the uploads were.
const (
	renderedBytes = 96 << 20
	comparedBytes = 32 << 20
)

// Server is the web application. It owns neither the store nor the listener.
type Server struct {
	store   report.Store
	log     *slog.Logger
	secure  bool
	ttl     time.Duration
	now     func() time.Time
	mux     *http.ServeMux
	pages   *pages
	routes  []string
	handler http.Handler

	mu       sync.Mutex
	gaveBack time.Time                         // when memory was last given back after a big upload
	rendered *cache.Cache[int64, *versionView] // rendered version pages; versions are immutable
	compared *cache.Cache[[2]int64, *compared] // comparisons of two versions
	// checkConfigs are the checker's configurations compiled with a workspace lexicon, by the
	// lexicon's hash.
	checkConfigs map[string]*check.Config
	reviews      map[int64]cachedReview // workspaces' lexicons and dismissals, see reviewFor
	workspaces   map[int64]*report.Workspace
	logins       loginCache
	sums         auditSums

	proxyHeader  string
	proxies      []netip.Prefix
	deviceKeyMu  sync.Mutex
	deviceKeyVal []byte
	layouts      struct {
		sync.RWMutex
		m map[layoutView][2][]byte
	}

	anchors *anchor.Carrier // carries anchors into later versions; see anchors.go
	views   viewCache       // what the round pages compute from all comments; consult_cache.go
	rounds  roundRows       // rounds as last loaded; consult_cache.go

	hashing   chan struct{} // bounds concurrent password hashing, 19 MiB each
	reading   chan struct{} // bounds concurrent uploads being read, up to 50 MiB each
	comparing chan struct{} // bounds concurrent comparisons

	stop chan struct{}
	done sync.WaitGroup
}

// New builds the server. It panics when a route has no entry in the authorisation table, so that
// no route can be served without a decision on who may see it.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: no store")
	}
	s := &Server{
		store:        cfg.Store,
		log:          cfg.Logger,
		secure:       cfg.SecureCookies,
		ttl:          cfg.SessionTTL,
		now:          cfg.Now,
		mux:          http.NewServeMux(),
		rendered:     cache.New[int64, *versionView](renderedBytes),
		compared:     cache.New[[2]int64, *compared](comparedBytes),
		checkConfigs: make(map[string]*check.Config),
		reviews:      make(map[int64]cachedReview),
		workspaces:   make(map[int64]*report.Workspace),
		stop:         make(chan struct{}),
		hashing:      make(chan struct{}, 4),
		reading:      make(chan struct{}, 2),
		comparing:    make(chan struct{}, 2),
	}
	s.proxyHeader, s.proxies = http.CanonicalHeaderKey(cfg.ClientIPHeader), cfg.TrustedProxies
	if len(s.proxies) == 0 {
		s.proxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.anchors = s.newAnchors()
	if s.ttl == 0 {
		s.ttl = 12 * time.Hour
	}
	if s.now == nil {
		s.now = time.Now
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = p
	cssURL() // a missing asset fails the start, not the first page
	jsURL()
	s.registerRoutes()
	s.checkAccessTable()
	s.handler = s.recoverPanics(s.logRequests(s.secureHeaders(s.loadSession(s.dispatch()))))
	s.done.Add(2)
	go s.sweepSessions()
	go s.flushSums()
	return s, nil
}

// dispatch serves the routes, and answers what no route takes with the Chinese error page rather
// than the mux's English text: 404, or 405 keeping the mux's Allow header.
func (s *Server) dispatch() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := s.mux.Handler(r)
		if pattern != "" {
			s.mux.ServeHTTP(w, r)
			return
		}
		rec := &statusOnly{header: http.Header{}}
		h.ServeHTTP(rec, r)
		switch rec.status {
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", rec.header.Get("Allow"))
			s.fail(w, r, report.Errorf(report.EMETHOD, "这个地址不能用 %s 方式访问，请从页面上的链接或按钮进入", r.Method))
		case http.StatusNotFound:
			s.fail(w, r, report.Errorf(report.ENOTFOUND, "您要找的页面不存在，可能是地址有误，或页面已被移除"))
		default: // a redirect the mux makes, such as a cleaned path
			for k, v := range rec.header {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.status)
		}
	})
}

// statusOnly records what the mux's own handlers answer, without sending it.
type statusOnly struct {
	header http.Header
	status int
}

func (w *statusOnly) Header() http.Header         { return w.header }
func (w *statusOnly) Write(b []byte) (int, error) { return len(b), nil }
func (w *statusOnly) WriteHeader(code int)        { w.status = code }

// Handler is the whole application as an http.Handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Routes lists every registered route pattern, for the authorisation test.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// Close stops the background work. It does not close the store.
func (s *Server) Close() error {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.done.Wait()
	return nil
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully, letting requests in
// flight finish for up to ten seconds.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // a 50 MiB upload on a slow intranet link
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(shut)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// sweepSessions deletes expired sessions now and then; any instance may do it.
func (s *Server) sweepSessions() {
	defer s.done.Done()
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := s.store.DeleteExpiredSessions(context.Background(), s.now()); err != nil {
			s.log.Warn("deleting expired sessions", "err", err)
		}
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}
