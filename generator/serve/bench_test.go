package serve_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/serve"
)

// BenchmarkEditVisible measures what someone writing an incident waits
// for: from writing the file to the server answering with the new text,
// at 1,000 incidents (four updates and a postmortem each) over 100
// components. It includes the watcher's debounce. The target is 100 ms
// (issue 20).
// The server is left idle for a second between edits, as between two
// saves of someone writing, so the feeds and API of the previous build,
// made after its pages are shown, are done.
//
//	go test -bench EditVisible -run '^$' -benchtime 20x ./generator/serve
func BenchmarkEditVisible(b *testing.B) {
	dir := b.TempDir()
	ids := writeLargeRepo(b, dir, 1000, 100)
	srv, err := serve.New(serve.Options{Dir: dir, Addr: "127.0.0.1:0"})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()

	// The incident edited is in the middle of the history, as a
	// postmortem being written days later is.
	id := ids[len(ids)/2]
	file := filepath.Join(dir, "incidents", id+".md")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	page := "http://" + srv.Addr().String() + "/incidents/" + id + "/"
	waitFor(b, page, "Incident", time.Minute)

	b.ResetTimer()
	i := 0
	for b.Loop() {
		// Someone writing saves every few seconds, not in a loop: the
		// server has finished the previous build's feeds and API.
		b.StopTimer()
		time.Sleep(time.Second)
		b.StartTimer()
		i++
		text := fmt.Sprintf("Edit number %d of the postmortem.", i)
		edited := strings.Replace(string(orig), "## Summary", "## Summary\n\n"+text, 1)
		if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		waitFor(b, page, text, 30*time.Second)
	}
}

// waitFor polls url every 2 ms until its body contains text.
func waitFor(b *testing.B, url, text string, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for {
		resp, err := http.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		if strings.Contains(string(body), text) {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%s: no %q within %s", url, text, limit)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

const benchPostmortem = `## Summary

For %d minutes the service answered slowly or not at all. About a third of
requests failed; see the [dashboard](https://example.org/dash/%d) for details.

## Root cause

A configuration change reduced the connection pool from 100 to **10**, and
under the evening load every worker waited on it.

## What we are changing

- Pool size is checked in CI.
- Alerts fire on latency, not only errors.
`

// writeLargeRepo writes a repository like the build benchmark's and
// returns the incidents' ids, newest first.
func writeLargeRepo(tb testing.TB, dir string, incidents, components int) []string {
	var cfg strings.Builder
	cfg.WriteString("title: Large status\nbase_url: https://status.example.org/\ntimezone: Europe/Paris\ncomponents:\n")
	for c := range components {
		fmt.Fprintf(&cfg, "  - id: c%03d\n    name: Component %d\n    group: Group %d\n", c, c, c/10)
	}
	filetest.WriteFile(tb, filepath.Join(dir, "status.yaml"), cfg.String())

	end := time.Now().Add(-time.Hour)
	var ids []string
	for i := range incidents {
		start := end.Add(-time.Duration(i) * 7 * time.Hour)
		id := fmt.Sprintf("%s-incident-%d", start.Format("2006-01-02"), i)
		ids = append(ids, id)
		at := func(min int) string { return start.Add(time.Duration(min) * time.Minute).UTC().Format(time.RFC3339) }
		det, res := 1+i%15, 30+(i*37)%300
		var f strings.Builder
		fmt.Fprintf(&f, "---\ntitle: Incident %d slows component %d\n", i, i%components)
		fmt.Fprintf(&f, "components: [c%03d, c%03d]\nimpact: %s\n", i%components, (i*7+3)%components, []string{"minor", "major", "critical"}[i%3])
		fmt.Fprintf(&f, "started: %s\ndetected: %s\nresolved: %s\nupdates:\n", at(0), at(det), at(res))
		for k, u := range []struct {
			min    int
			status string
		}{{det, "investigating"}, {det + 5, "identified"}, {det + 15, "monitoring"}, {res, "resolved"}} {
			fmt.Fprintf(&f, "  - at: %s\n    status: %s\n    text: |\n      Update %d: requests to **component %d** are %s; see\n      https://example.org/issues/%d.\n",
				at(u.min), u.status, k, i%components, u.status, i)
		}
		fmt.Fprintf(&f, "---\n"+benchPostmortem, res, i)
		filetest.WriteFile(tb, filepath.Join(dir, "incidents", id+".md"), f.String())
	}
	return ids
}

// BenchmarkFirstPage measures what someone starting `buoy serve` waits
// for: from the server's start to its home page answering with the site,
// at 1,000 incidents as BenchmarkEditVisible, through a real request on
// loopback; the home page is served before the rest of the site is
// rendered. The target is 1 s. Each
// timed start is a new server on the same repository, as a second
// `buoy serve` in a checkout is.
//
//	go test -bench FirstPage -run '^$' -benchtime 5x ./generator/serve
func BenchmarkFirstPage(b *testing.B) {
	dir := b.TempDir()
	writeLargeRepo(b, dir, 1000, 100)
	for b.Loop() {
		srv, err := serve.New(serve.Options{Dir: dir, Addr: "127.0.0.1:0"})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- srv.Run(ctx) }()
		waitFor(b, "http://"+srv.Addr().String()+"/", "Large status", time.Minute)
		b.StopTimer()
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
