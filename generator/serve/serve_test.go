package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/serve"
	"github.com/buoystatus/buoy/generator/serve/servetest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// repoFiles is a small status repository published under a path
// (/acme/), as on GitHub Pages project sites.
const repoFiles = `
-- status.yaml --
title: Acme status
base_url: https://status.example.org/acme/
timezone: Europe/Paris
components:
  - id: website
    name: Website
    group: Web
  - id: api
    name: Public API
    group: Web
-- incidents/2024-04-30-slow-api.yaml --
title: Slow API responses
components: [api]
impact: minor
started: 2024-04-30T10:00:00Z
resolved: 2024-04-30T11:00:00Z
updates:
  - at: 2024-04-30T10:05:00Z
    status: investigating
    text: Requests to the API are slow.
  - at: 2024-04-30T11:00:00Z
    status: resolved
    text: Back to normal.
`

var now = time.Date(2024, 5, 1, 22, 0, 0, 0, time.UTC)

const incidentPath = "incidents/2024-04-30-slow-api.yaml"

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// running is a server started for a test, stopped by stop.
type running struct {
	srv    *serve.Server
	base   string // http://127.0.0.1:port
	log    *servetest.Buffer
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, dir string) *running {
	t.Helper()
	return startAt(t, dir, func() time.Time { return now })
}

// startAt is start with the server's clock.
func startAt(t *testing.T, dir string, clock func() time.Time) *running {
	t.Helper()
	log := &servetest.Buffer{}
	srv, err := serve.New(serve.Options{
		Dir: dir, Addr: "127.0.0.1:0", Log: log,
		Now: clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{srv: srv, base: "http://" + srv.Addr().String(), log: log, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-r.done
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	return r
}

// stop cancels the server's context and waits for Run to return.
func (r *running) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- nil // for Cleanup
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return 10 s after its context was cancelled")
	}
}

var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// await polls url until ok accepts its body, and returns that body.
func await(t *testing.T, url, what string, ok func(code int, body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var code int
	var body string
	for time.Now().Before(deadline) {
		code, _, body = get(t, url)
		if ok(code, body) {
			return body
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: not within 30 s; last answer %d:\n%s", what, code, body)
	return ""
}

// linkRE finds the links and assets of a page.
var linkRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// checkLinks checks that every link of the page at pageURL that is not
// absolute is relative to it, and that the server answers each with 200.
func checkLinks(t *testing.T, pageURL, body string) {
	t.Helper()
	base, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
		ref, err := url.Parse(m[1])
		if err != nil || ref.IsAbs() || ref.Path == "" {
			continue
		}
		if !strings.HasPrefix(ref.Path, ".") {
			t.Errorf("%s: link %q is not relative to the page", pageURL, m[1])
			continue
		}
		n++
		if code, _, _ := get(t, base.ResolveReference(ref).String()); code != http.StatusOK {
			t.Errorf("%s: link %q answers %d", pageURL, m[1], code)
		}
	}
	if n < 5 {
		t.Errorf("%s: only %d relative links", pageURL, n)
	}
}

func contains(s string) func(int, string) bool {
	return func(code int, body string) bool { return code == 200 && strings.Contains(body, s) }
}

// events reads the build generations an event stream announces.
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	gens := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		defer close(gens)
		sc := bufio.NewScanner(resp.Body)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				event = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok && event == "build" {
				gens <- v
			}
		}
	}()
	return gens
}

func nextEvent(t *testing.T, gens <-chan string) string {
	t.Helper()
	select {
	case g, ok := <-gens:
		if !ok {
			t.Fatal("event stream ended")
		}
		return g
	case <-time.After(30 * time.Second):
		t.Fatal("no event within 30 s")
	}
	return ""
}

func TestServe(t *testing.T) {
	dir := sitetest.Repo(t, repoFiles)
	r := start(t, dir)
	site := r.base + "/acme/"
	page := site + "incidents/2024-04-30-slow-api/"

	home := await(t, site, "home page", contains("Acme status"))
	if !strings.Contains(home, serve.ReloadMarker) {
		t.Errorf("home page has no reload script:\n%s", home)
	}
	if got := r.srv.URL(); got != site {
		t.Errorf("URL() = %q, want %q", got, site)
	}
	// The site lives under base_url's path; the root sends there.
	code, h, _ := get(t, r.base+"/")
	if code != http.StatusFound || h.Get("Location") != "/acme/" {
		t.Errorf("GET / = %d to %q, want 302 to /acme/", code, h.Get("Location"))
	}
	if code, _, _ := get(t, site+"no-such-page/"); code != http.StatusNotFound {
		t.Errorf("missing page: %d, want 404", code)
	}
	body := await(t, page, "incident page", contains("Slow API responses"))
	// Absolute links point at the preview, not the published site.
	if !strings.Contains(body, r.base+"/acme/incidents/2024-04-30-slow-api/") || strings.Contains(body, "status.example.org") {
		t.Errorf("incident page links elsewhere than the preview:\n%s", body)
	}
	// The home page is served before the rest of the site is written
	// (render.Session.RenderEarly): its links are checked once the feeds,
	// written last, are there.
	feed := await(t, site+"atom.xml", "feed", contains("Slow API responses"))
	// Links are relative to the page, as `buoy build` writes them, and
	// name files the server has.
	checkLinks(t, site, home)
	checkLinks(t, page, body)
	if strings.Contains(feed, serve.ReloadMarker) {
		t.Error("the feed has the reload script")
	}

	gens := events(t, r.base+"/_buoy/events")
	first := nextEvent(t, gens)

	// An edit shows, and browsers are told to reload.
	good := strings.Replace(readFile(t, filepath.Join(dir, incidentPath)), "Requests to the API are slow.", "Requests to the API time out.", 1)
	filetest.WriteFile(t, filepath.Join(dir, incidentPath), good)
	// The page Hugo rendered again keeps relative links.
	checkLinks(t, page, await(t, page, "edited incident", contains("Requests to the API time out.")))
	if g := nextEvent(t, gens); g == first {
		t.Errorf("event after a rebuild has the old generation %s", g)
	}

	// A broken file: the last good page stays, the problem over it, with
	// its position and its text escaped.
	bad := strings.Replace(good, "components: [api]", "components: [api, <b>web</b>]", 1)
	filetest.WriteFile(t, filepath.Join(dir, incidentPath), bad)
	want := incidentPath + ":2:19: unknown component &#34;&lt;b&gt;web&lt;/b&gt;&#34;"
	body = await(t, page, "problems overlay", contains(want))
	if !strings.Contains(body, "Requests to the API time out.") {
		t.Errorf("the overlay replaced the last good page:\n%s", body)
	}
	if strings.Contains(body, "<b>web</b>") {
		t.Error("the problem's text is not escaped")
	}
	if _, _, p := get(t, r.base+"/_buoy/problems"); !strings.HasPrefix(p, incidentPath+":2:19: unknown component") {
		t.Errorf("/_buoy/problems = %q", p)
	}
	// Other pages show it too.
	await(t, site, "overlay on the home page", contains("buoy-problems"))

	// Fixed: the overlay goes.
	filetest.WriteFile(t, filepath.Join(dir, incidentPath), strings.Replace(good, "time out.", "time out, again.", 1))
	body = await(t, page, "recovery", contains("time out, again."))
	if strings.Contains(body, "buoy-problems") {
		t.Errorf("overlay still there after the fix:\n%s", body)
	}

	// A new folder of incidents is watched as soon as it appears.
	filetest.WriteFile(t, filepath.Join(dir, "incidents/2024/05/2024-05-01-mail.yaml"), `title: Mail delayed
components: [website]
impact: major
started: 2024-05-01T08:00:00Z
updates:
  - at: 2024-05-01T08:05:00Z
    status: investigating
    text: Mail is late.
`)
	await(t, site+"incidents/2024-05-01-mail/", "incident in a new folder", contains("Mail delayed"))
	filetest.WriteFile(t, filepath.Join(dir, "incidents/2024/05/2024-05-01-mail.yaml"), strings.Replace(readFile(t, filepath.Join(dir, "incidents/2024/05/2024-05-01-mail.yaml")), "Mail is late.", "Mail is very late.", 1))
	await(t, site+"incidents/2024-05-01-mail/", "edit in the new folder", contains("Mail is very late."))

	// A removed incident goes.
	if err := os.Remove(filepath.Join(dir, "incidents/2024/05/2024-05-01-mail.yaml")); err != nil {
		t.Fatal(err)
	}
	await(t, site+"incidents/2024-05-01-mail/", "removed incident", func(code int, _ string) bool { return code == 404 })

	// The repository's own layouts override the theme, live.
	filetest.WriteFile(t, filepath.Join(dir, "layouts/_partials/footer.html"), "<footer>Local footer</footer>")
	await(t, site, "layout override", contains("Local footer"))

	// A changed base_url moves the site.
	cfg := readFile(t, filepath.Join(dir, "status.yaml"))
	filetest.WriteFile(t, filepath.Join(dir, "status.yaml"), strings.Replace(cfg, "/acme/", "/", 1))
	await(t, r.base+"/", "site moved to /", contains("Acme status"))

	r.stop(t)
	if _, err := client.Get(site); err == nil {
		t.Error("the server still answers after Run returned")
	}
	select {
	case _, ok := <-gens:
		for ok {
			_, ok = <-gens
		}
	case <-time.After(10 * time.Second):
		t.Error("the event stream is still open after Run returned")
	}
}

// TestServeStartsBroken: with no good site yet, every address answers
// with a page of the problems, each at its file:line:col, that reloads
// itself after each build; the log says there is no good site. A
// second failure shows its own problems; the fix brings the site.
func TestServeStartsBroken(t *testing.T) {
	dir := sitetest.Repo(t, strings.Replace(repoFiles, "impact: minor", "impact: tiny", 1))
	r := start(t, dir)
	body := await(t, r.base+"/", "problems page", func(code int, body string) bool {
		return code == http.StatusInternalServerError && strings.Contains(body, "buoy-problems")
	})
	for _, want := range []string{"The site does not build", "There is no good site to show yet", incidentPath + ":3:9: ", "tiny", serve.ReloadMarker} {
		if !strings.Contains(body, want) {
			t.Errorf("problems page without %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "last good site") {
		t.Errorf("the problems page speaks of a last good site:\n%s", body)
	}
	// Every address, the site's own paths too.
	for _, p := range []string{"/acme/", "/acme/incidents/2024-04-30-slow-api/", "/acme/no-such-page/"} {
		code, h, other := get(t, r.base+p)
		if code != http.StatusInternalServerError || h.Get("Content-Type") != "text/html; charset=utf-8" || !strings.Contains(other, incidentPath+":3:9: ") {
			t.Errorf("GET %s = %d %q:\n%s", p, code, h.Get("Content-Type"), other)
		}
	}
	if log := r.log.String(); !strings.Contains(log, "no good site yet") || strings.Contains(log, "last good site") {
		t.Errorf("the log does not say there is no good site yet:\n%s", log)
	}

	// A page open in a browser hears of every build and reloads.
	gens := events(t, r.base+"/_buoy/events")
	first := nextEvent(t, gens)
	bad := strings.Replace(readFile(t, filepath.Join(dir, incidentPath)), "components: [api]", "components: [apii]", 1)
	filetest.WriteFile(t, filepath.Join(dir, incidentPath), bad)
	body = await(t, r.base+"/acme/", "the second failure's problems", func(code int, body string) bool {
		return code == http.StatusInternalServerError && strings.Contains(body, incidentPath+":2:14: unknown component")
	})
	if strings.Contains(body, "last good site") {
		t.Errorf("after a second failure, the problems page speaks of a last good site:\n%s", body)
	}
	second := nextEvent(t, gens)
	if second == first {
		t.Errorf("no new generation after a failed build (%s)", second)
	}

	filetest.WriteFile(t, filepath.Join(dir, incidentPath), strings.Replace(strings.Replace(bad, "tiny", "minor", 1), "apii", "api", 1))
	body = await(t, r.base+"/acme/", "site after the fix", contains("Acme status"))
	if strings.Contains(body, "buoy-problems") {
		t.Error("problems after the fix")
	}
	if g := nextEvent(t, gens); g == second {
		t.Errorf("no new generation after the fix (%s)", g)
	}
}

// TestServeStops: cancelling the context stops the server, the watcher,
// the builds and every event stream, leaving no goroutine behind.
func TestServeStops(t *testing.T) {
	dir := sitetest.Repo(t, repoFiles)
	before := runtime.NumGoroutine()
	r := start(t, dir)
	await(t, r.base+"/acme/", "home page", contains("Acme status"))
	gens := events(t, r.base+"/_buoy/events")
	nextEvent(t, gens)
	// A rebuild under way when the context ends.
	filetest.WriteFile(t, filepath.Join(dir, incidentPath), strings.Replace(readFile(t, filepath.Join(dir, incidentPath)), "slow.", "slower.", 1))
	r.stop(t)
	for range gens {
	}
	client.CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before serving, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// TestBuildHasNoReloadScript: the script exists in serve's answers only.
func TestBuildHasNoReloadScript(t *testing.T) {
	dir := sitetest.Repo(t, repoFiles)
	out := filepath.Join(t.TempDir(), "public")
	if err := build.Build(context.Background(), build.Options{Dir: dir, Out: out, Now: func() time.Time { return now }}); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(serve.ReloadMarker)) || bytes.Contains(b, []byte("/_buoy/")) || bytes.Contains(b, []byte("EventSource")) {
			t.Errorf("%s has serve's reload script", p)
		}
		return err
	})
	if err != nil || n == 0 {
		t.Fatalf("walk %s: %d files, %v", out, n, err)
	}
}

// TestServeStopsWithClientsThatDoNotRead: clients that read nothing hold
// no answer of serve's open once it is told to stop: a connection that
// never sends its request, a live-reload stream never read, and a client
// that asks for page after page without reading any, until serve's
// writes to it block. Run returns nil at once all the same.
func TestServeStopsWithClientsThatDoNotRead(t *testing.T) {
	dir := sitetest.Repo(t, repoFiles)
	r := start(t, dir)
	await(t, r.base+"/acme/", "home page", contains("Acme status"))
	addr := r.srv.Addr().String()

	clients := servetest.StuckClients(t, addr, "/acme/")

	began := time.Now()
	r.stop(t)
	t.Logf("Run returned %s after its context was cancelled", time.Since(began).Round(time.Millisecond))
	for _, c := range clients {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		// A reset is a close too, with answers left unread.
		if _, err := io.Copy(io.Discard, c); err != nil && !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("a connection was not closed by serve: %v", err)
		}
	}
}

// TestServeEditNextToOngoing is the case from the report, through the
// server: with an older incident still ongoing, whose page changes with
// every build as its duration grows, an edit to a newer, resolved one
// shows. The clock moves as a real one does.
func TestServeEditNextToOngoing(t *testing.T) {
	dir := sitetest.Repo(t, `
-- status.yaml --
title: Acme status
base_url: https://status.example.org/
components:
  - id: website
    name: Website
  - id: api
    name: Public API
-- incidents/2025-05-01-ongoing.yaml --
title: Slow API
components: [api]
started: 2025-05-01T10:00:00Z
updates:
  - at: 2025-05-01T10:05:00Z
    status: investigating
    text: Requests are slow.
-- incidents/2025-06-01-newer.yaml --
title: Website down
components: [website]
impact: major
started: 2025-06-01T10:00:00Z
resolved: 2025-06-01T11:00:00Z
updates:
  - at: 2025-06-01T11:00:00Z
    status: resolved
    text: Back.
postmortem: The first draft.
`)
	var mu sync.Mutex
	clock := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	r := startAt(t, dir, func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Minute)
		return clock
	})

	page := r.base + "/incidents/2025-06-01-newer/"
	await(t, page, "incident page", contains("The first draft."))
	file := filepath.Join(dir, "incidents/2025-06-01-newer.yaml")
	for _, text := range []string{"The second draft.", "The third draft."} {
		filetest.WriteFile(t, file, regexp.MustCompile(`postmortem: .*`).ReplaceAllString(readFile(t, file), "postmortem: "+text))
		await(t, page, "edited postmortem", contains(text))
	}
	r.stop(t)
}
