package serve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/render"
)

// earlyServer shows the early pages of a first build of a site under
// /acme/, as the serve loop does while the rest renders.
func earlyServer() *Server {
	s := &Server{opts: Options{Log: io.Discard}, done: make(chan struct{})}
	s.state.Store(&state{prefix: "/"})
	s.publishEarly(render.Site{
		"index.html":  []byte("<!doctype html><body>Home</body>"),
		"css/app.css": []byte("body{}"),
	}, "https://status.example.org/acme/")
	return s
}

func request(s *Server, ctx context.Context, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx))
	return rec
}

// While only the home page is rendered, it and the theme's files are
// served; any other address waits for the whole site, not a "not found",
// and browsers showing the home page are not reloaded when it comes.
func TestEarlyPages(t *testing.T) {
	s := earlyServer()
	if rec := request(s, context.Background(), "/acme/"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Home") {
		t.Fatalf("early home page: %d %q", rec.Code, rec.Body)
	}
	if rec := request(s, context.Background(), "/acme/css/app.css"); rec.Code != http.StatusOK || rec.Body.String() != "body{}" {
		t.Fatalf("early stylesheet: %d %q", rec.Code, rec.Body)
	}
	gen := s.state.Load().gen

	// A browser that gives up waiting gets no answer at all.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for _, p := range []string{"/acme/incidents/x/", "/acme/incidents/x", "/elsewhere"} {
		if rec := request(s, gone, p); rec.Body.Len() != 0 || rec.Code != http.StatusOK && rec.Code != 0 {
			t.Errorf("%s answered before the site was whole: %d %q", p, rec.Code, rec.Body)
		}
	}

	waiting := make(chan *httptest.ResponseRecorder)
	go func() { waiting <- request(s, context.Background(), "/acme/incidents/x/") }()
	s.publishPages(&build.LiveResult{BaseURL: "https://status.example.org/acme/", Pages: render.Site{
		"index.html":             []byte("<!doctype html><body>Home</body>"),
		"css/app.css":            []byte("body{}"),
		"incidents/x/index.html": []byte("<!doctype html><body>Incident X</body>"),
		"404.html":               []byte("<!doctype html><body>Lost</body>"),
	}})
	if rec := <-waiting; rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Incident X") {
		t.Errorf("waiting request: %d %q", rec.Code, rec.Body)
	}
	if rec := request(s, context.Background(), "/acme/nothing/"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Lost") {
		t.Errorf("missing page once whole: %d %q", rec.Code, rec.Body)
	}
	if got := s.state.Load().gen; got != gen {
		t.Errorf("generation %d after the whole site, %d before: browsers reload the same home page", got, gen)
	}
}

// A first build that fails after its home page was shown shows its
// problems on every address, as one that fails before, and wakes the
// requests waiting for the rest.
func TestEarlyPagesThenFailure(t *testing.T) {
	s := earlyServer()
	waiting := make(chan *httptest.ResponseRecorder)
	go func() { waiting <- request(s, context.Background(), "/acme/incidents/x/") }()
	s.fail(errors.New(`incidents/x.md:3:1: unknown component "webiste"`))
	for _, rec := range []*httptest.ResponseRecorder{<-waiting, request(s, context.Background(), "/acme/")} {
		if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "unknown component &#34;webiste&#34;") {
			t.Errorf("after the failure: %d %q", rec.Code, rec.Body)
		}
	}
}
