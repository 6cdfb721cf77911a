package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"sync"
)

//go:embed static
var staticFS embed.FS

// asset is an embedded file served under a URL containing its hash, so it can be cached for a
// year and still never go stale.
type asset struct {
	data  []byte
	hash  string
	ctype string
}

// assets are hashed on first use, so that the file commands, which share the binary, never pay
// for it (mime.TypeByExtension reads the system's MIME tables).
var assets = sync.OnceValue(loadAssets)

func loadAssets() map[string]asset {
	entries, err := staticFS.ReadDir("static")
	if err != nil {
		panic(err)
	}
	m := make(map[string]asset, len(entries))
	for _, e := range entries {
		data, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		m[e.Name()] = asset{data: data, hash: hex.EncodeToString(sum[:6]), ctype: mime.TypeByExtension(path.Ext(e.Name()))}
	}
	return m
}

// assetURL is the template function that names an asset; an unknown name fails the render.
func assetURL(name string) (string, error) {
	a, ok := assets()[name]
	if !ok {
		return "", errMissingAsset(name)
	}
	return "/static/" + a.hash + "/" + name, nil
}

type errMissingAsset string

func (e errMissingAsset) Error() string { return "web: no asset " + string(e) }

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets()[r.PathValue("name")]
	if !ok || a.hash != r.PathValue("hash") {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.data)
}

// serveFavicon answers the address every browser asks for its tab's icon.
func (s *Server) serveFavicon(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "image/x-icon")
	h.Set("Cache-Control", "public, max-age=86400")
	w.Write(assets()["favicon.ico"].data)
}
