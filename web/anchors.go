package web

import "qicao/anchor"

// newAnchors is the server's one Carrier: comments, figure bindings and meeting instructions are
// carried into later versions through it, so each pair of consecutive versions is compared once
// per process.
func (s *Server) newAnchors() *anchor.Carrier {
	return anchor.NewCarrier(s.store.Version, s.store.Versions)
}
