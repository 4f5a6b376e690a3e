package serve

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// Paths of the server's own endpoints, outside any site's files: a site
// has no folder starting with an underscore at its root.
const (
	eventsPath   = "/_buoy/events"
	problemsPath = "/_buoy/problems"
)

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(eventsPath, s.events)
	mux.HandleFunc(problemsPath, s.problems)
	mux.HandleFunc("/", s.file)
	return mux
}

// file serves a file of the site, with the reload script (and the
// problems, when the newest build failed) in every HTML page.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.state.Load()
	w.Header().Set("Cache-Control", "no-store")
	if st.site == nil {
		// No build has succeeded yet: there is nothing but the problems.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		code := http.StatusServiceUnavailable
		body := []byte("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>buoy serve</title><body><p>Building…</p></body></html>")
		if st.problems != "" {
			code = http.StatusInternalServerError
			body = noSitePage(st.problems)
		}
		w.WriteHeader(code)
		w.Write(inject(body, st))
		return
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, st.prefix) {
		if p == "/" || p+"/" == st.prefix {
			http.Redirect(w, r, st.prefix, http.StatusFound)
			return
		}
		if !s.waitWhole(w, r, st) {
			s.notFound(w, st)
		}
		return
	}
	rel := strings.TrimPrefix(p, st.prefix)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	rel = path.Clean(rel)
	body, ok := st.site[rel]
	if !ok {
		if s.waitWhole(w, r, st) {
			return
		}
		if _, dir := st.site[rel+"/index.html"]; dir {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		s.notFound(w, st)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(rel))
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	w.Header().Set("Content-Type", ctype)
	if isHTML(ctype) {
		body = inject(body, st)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// waitWhole answers r once the whole site replaces the early pages of st,
// if those are what st shows, and reports whether it did: a page not
// rendered yet is not a page that does not exist.
func (s *Server) waitWhole(w http.ResponseWriter, r *http.Request, st *state) bool {
	if !st.early {
		return false
	}
	select {
	case <-st.ready:
		s.file(w, r)
	case <-r.Context().Done():
	case <-s.done:
		http.Error(w, "buoy serve is stopping", http.StatusServiceUnavailable)
	}
	return true
}

func (s *Server) notFound(w http.ResponseWriter, st *state) {
	body, ok := st.site["404.html"]
	if !ok {
		body = []byte("<!doctype html><title>Not found</title><body><p>Not found.</p></body>")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(inject(body, st))
}

func isHTML(ctype string) bool {
	mt, _, _ := mime.ParseMediaType(ctype)
	return mt == "text/html"
}

// problems answers with the newest build's problems as plain text,
// nothing when it succeeded.
func (s *Server) problems(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, s.state.Load().problems)
}

// events is a Server-Sent Events stream: a "build" event with the build
// generation at once and after each build. The page's script reloads
// when the generation is not the one it was served with, so a page that
// loaded just before a rebuild and connected just after still reloads.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := s.subs.add()
	defer s.subs.remove(ch)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	for {
		if _, err := fmt.Fprintf(w, "event: build\ndata: %d\n\n", s.state.Load().gen); err != nil {
			return
		}
		flusher.Flush()
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

// subscribers are the open event streams, each woken by a channel that
// holds at most one pending wake-up: a slow browser misses nothing but
// intermediate generations.
type subscribers struct {
	mu  sync.Mutex
	set map[chan struct{}]bool
}

func (s *subscribers) add() chan struct{} {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set == nil {
		s.set = map[chan struct{}]bool{}
	}
	s.set[ch] = true
	return ch
}

func (s *subscribers) remove(ch chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.set, ch)
}

func (s *subscribers) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.set {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// noSitePage is what every address shows while no build has succeeded
// and the newest failed: the problems, escaped, as the page's content.
func noSitePage(problems string) []byte {
	var b bytes.Buffer
	b.WriteString(`<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>buoy serve: the site does not build</title>
<body style="margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff">
<main style="max-width:60em;margin:0 auto;padding:2em 1.5em">
<h1 style="font-size:1.5em;margin:0 0 .5em">The site does not build</h1>
<p style="margin:0 0 1em">There is no good site to show yet: no build has succeeded since <code>buoy serve</code> started. Fix these problems and save; this page reloads by itself.</p>
<pre id="buoy-problems" role="alert" style="margin:0;padding:1em 1.5em;background:#fff4f4;color:#5c0000;border-left:4px solid #c00;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap">`)
	b.WriteString(html.EscapeString(problems))
	b.WriteString("</pre>\n</main>\n</body>\n</html>\n")
	return b.Bytes()
}

// ReloadMarker is in the script serve adds to pages, and in nothing
// `buoy build` writes.
const ReloadMarker = "buoy-serve-reload"

// inject adds the reload script to an HTML page, and the problems of the
// newest build when it failed over the last good site, before </body> (at
// the end without one). The problems are HTML-escaped: they quote the
// files' contents.
func inject(page []byte, st *state) []byte {
	var add bytes.Buffer
	// Without a good site, the page is noSitePage, which shows the
	// problems itself.
	if st.problems != "" && st.site != nil {
		add.WriteString(`<div id="buoy-problems" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1em 1.5em;background:#fff4f4;color:#5c0000;border-top:4px solid #c00;font:14px/1.5 ui-monospace,monospace;text-align:left">`)
		add.WriteString(`<p style="margin:0 0 .5em;font-weight:bold">The last build failed; this is the last good site. Fix these and save:</p>`)
		add.WriteString(`<pre style="margin:0;white-space:pre-wrap">`)
		add.WriteString(html.EscapeString(st.problems))
		add.WriteString("</pre></div>\n")
	}
	fmt.Fprintf(&add, `<script id="%s">(function(){var g="%d";var es=new EventSource("%s");es.addEventListener("build",function(e){if(e.data!==g){es.close();location.reload();}});})();</script>`+"\n", ReloadMarker, st.gen, eventsPath)

	i := lastIndexFold(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case.
func lastIndexFold(s, sep []byte) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}
