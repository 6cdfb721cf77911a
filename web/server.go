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
	"qicao/check"
	"sync"
	"time"

	"qicao/anchor"
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
}

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
	rendered map[int64]*versionView // rendered version pages; versions are immutable
	// checkConfigs are the checker's configurations compiled with a workspace lexicon, by the
	// lexicon's hash.
	checkConfigs map[string]*check.Config
	reviews      map[int64]cachedReview // workspaces' lexicons and dismissals, see reviewFor
	workspaces   map[int64]*report.Workspace
	logins       loginCache
	layouts      struct {
		sync.RWMutex
		m map[layoutView][2][]byte
	}

	anchors *anchor.Carrier // carries anchors into later versions; see anchors.go

	hashing chan struct{} // bounds concurrent password hashing, 19 MiB each
	reading chan struct{} // bounds concurrent uploads being read, up to 50 MiB each

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
		rendered:     make(map[int64]*versionView),
		checkConfigs: make(map[string]*check.Config),
		reviews:      make(map[int64]cachedReview),
		workspaces:   make(map[int64]*report.Workspace),
		stop:         make(chan struct{}),
		hashing:      make(chan struct{}, 4),
		reading:      make(chan struct{}, 2),
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
	s.handler = s.recoverPanics(s.logRequests(s.secureHeaders(s.loadSession(s.mux))))
	s.done.Add(1)
	go s.sweepSessions()
	return s, nil
}

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
