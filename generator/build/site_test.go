package build_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// siteFiles is a small status repository: four components in two groups,
// an ongoing incident written in Portuguese, a resolved one with a
// postmortem trying to inject markup, and a maintenance in the future (of
// the real clock too, which Hugo would otherwise use to drop the page).
// The site zone is Tokyo (UTC+9, no daylight saving), so local and UTC
// times differ by the day as well as the hour.
const siteFiles = `
-- status.yaml --
title: Acme status
description: Status of Acme's services
base_url: https://status.example.org/acme/
timezone: Asia/Tokyo
components:
  - id: website
    name: Website
    group: Web
    description: The public site.
    url: https://example.org/
  - id: api
    name: Public API
    group: Web
  - id: mail
    name: Email
    group: Infrastructure
  - id: dns
    name: DNS
    group: Infrastructure
-- incidents/2024-05-01-api-errors.yaml --
title: A API responde com erros
lang: pt-BR
components: [api]
impact: major
started: 2024-05-01T20:10:00Z
detected: 2024-05-01T20:25:00Z
updates:
  - at: 2024-05-01T20:30:00Z
    status: investigating
    text: Estamos investigando **erros 500**.
  - at: 2024-05-01T21:05:00Z
    status: identified
    text: Encontramos a causa.
-- incidents/2024-04-10-website-down.md --
---
title: Website down after a deploy
components: [website]
impact: critical
started: 2024-04-10T14:00:00Z
detected: 2024-04-10T14:05:00Z
resolved: 2024-04-10T15:25:00Z
updates:
  - at: 2024-04-10T14:05:00Z
    status: investigating
    text: The website is down. <script>alert("update")</script>
  - at: 2024-04-10T15:25:00Z
    status: resolved
    text: Back to normal. [details](javascript:alert(1))
---
## Root cause

A bad image. <img src=x onerror=alert(1)>
-- incidents/2099-06-01-mail-move.yaml --
title: Mail server move
kind: maintenance
components: [mail]
window: { start: 2099-06-01T01:00:00Z, end: 2099-06-01T03:00:00Z }
updates:
  - { at: 2024-04-20T09:00:00Z, status: scheduled, text: "Mail moves to a new server." }
`

// nnbsp is the narrow no-break space CLDR puts between a time and "am"/"pm".
const nnbsp = "\u202f"

// now is during the Portuguese incident, before the maintenance.
var now = time.Date(2024, 5, 1, 22, 0, 0, 0, time.UTC)

func TestBuildSite(t *testing.T) {
	s := sitetest.Test(t, siteFiles, now)
	s.AssertFileContent("index.html",
		`<html lang="en">`,
		`<link rel="canonical" href="https://status.example.org/acme/">`,
		`<link rel="alternate" type="application/rss+xml" href="https://status.example.org/acme/rss.xml"`,
		`<link rel="alternate" type="application/atom+xml" href="https://status.example.org/acme/atom.xml"`,
		`<link rel="alternate" type="application/feed+json" href="https://status.example.org/acme/feed.json"`,
		// Banner, then the active incident before the components.
		`Partial system outage`,
		`Active incidents`,
		`<a href="./incidents/2024-05-01-api-errors/index.html" lang="pt-BR" dir="auto">A API responde com erros</a>`,
		`Encontramos a causa.`,
		`Components`,
		`<h3 dir="auto">Web</h3>`,
		`Website</a> <span class="state state-operational">`,
		`Public API</a> <span class="state state-partial_outage">`, `Partial outage`,
		`<h3 dir="auto">Infrastructure</h3>`,
		`Upcoming maintenance`, `<a href="./incidents/2099-06-01-mail-move/index.html" dir="auto">Mail server move</a>`,
		`Recent incidents`, `Website down after a deploy`,
		"! <script>", "! generator",
	)

	s.AssertFileContent("incidents/2024-04-10-website-down/index.html",
		`<link rel="canonical" href="https://status.example.org/acme/incidents/2024-04-10-website-down/">`,
		`<link rel="alternate" type="application/rss+xml" href="https://status.example.org/acme/rss.xml"`,
		`<article class="incident`,
		`<h1 dir="auto">Website down after a deploy</h1>`,
		// 14:00Z is 23:00 in Tokyo.
		`Started</dt><dd><time datetime="2024-04-10T14:00:00Z">April 10, 2024 at 11:00`+nnbsp+`pm JST</time>`,
		`Resolved</dt><dd><time datetime="2024-04-10T15:25:00Z">April 11, 2024 at 12:25`+nnbsp+`am JST</time>`,
		`Duration</dt><dd><span class="dur">1 h 25 min</span></dd>`,
		`Time to detect</dt><dd><span class="dur">5 min</span></dd>`,
		`Time to resolve</dt><dd><span class="dur">1 h 20 min</span></dd>`,
		`<a href="../../components/website/index.html" dir="auto">Website</a>`, `Major outage`,
		// Newest first.
		`Resolved</strong> · <time datetime="2024-04-10T15:25:00Z">`,
		`Back to normal. details`,
		`Investigating</strong> · <time datetime="2024-04-10T14:05:00Z">`,
		`The website is down. &lt;script&gt;alert(&quot;update&quot;)&lt;/script&gt;`,
		`Postmortem`, `<h3>Root cause</h3>`,
		`A bad image. &lt;img src=x onerror=alert(1)&gt;`,
		"! <script>", "! <img", "! javascript:", `! lang="pt-BR"`,
	)

	s.AssertFileContent("incidents/2024-05-01-api-errors/index.html",
		`<html lang="en">`,
		`<article class="incident entry-incident impact-major" lang="pt-BR">`,
		`<p class="meta" lang="en">`,
		`<h1 dir="auto">A API responde com erros</h1>`,
		`<dl class="facts" lang="en">`,
		`Resolved</dt><dd>Ongoing</dd>`,
		`Duration so far</dt><dd data-since="2024-05-01T20:10:00Z"><span class="dur">1 h 50 min</span></dd>`,
		`Estamos investigando <strong>erros 500</strong>.`,
	)

	s.AssertFileContent("incidents/2099-06-01-mail-move/index.html",
		`Scheduled start</dt><dd><time datetime="2099-06-01T01:00:00Z">June 1, 2099 at 10:00`+nnbsp+`am JST</time>`,
		`Scheduled end</dt><dd><time datetime="2099-06-01T03:00:00Z">June 1, 2099 at 12:00`+nnbsp+`pm JST</time>`,
		"! Duration",
	)

	s.AssertFileContent("components/api/index.html",
		`<link rel="canonical" href="https://status.example.org/acme/components/api/">`,
		`href="https://status.example.org/acme/rss.xml"`,
		`<link rel="alternate" type="application/rss+xml" href="https://status.example.org/acme/components/api/rss.xml"`,
		`<link rel="alternate" type="application/atom+xml" href="https://status.example.org/acme/components/api/atom.xml"`,
		`<link rel="alternate" type="application/feed+json" href="https://status.example.org/acme/components/api/feed.json"`,
		`<h1 dir="auto">Public API</h1>`, `Partial outage`,
		`<a href="../../incidents/2024-05-01-api-errors/index.html" lang="pt-BR" dir="auto">`,
		"! website-down",
	)

	s.AssertFileContent("history/index.html",
		`<a href="../history/2099-06/index.html">June 2099</a>`, `1 maintenance`,
		`<a href="../history/2024-05/index.html">May 2024</a>`, `1 incident`,
		`<a href="../history/2024-04/index.html">April 2024</a>`, `1 incident`,
	)
	s.AssertFileContent("history/2024-04/index.html",
		`<link rel="canonical" href="https://status.example.org/acme/history/2024-04/">`,
		`<h1>April 2024</h1>`, `Website down after a deploy`,
		`rel="prev" href="../../history/2024-05/index.html"`,
		"! api-errors", "! mail-move")

	s.AssertFileContent("sitemap.xml", "<loc>https://status.example.org/acme/incidents/2024-04-10-website-down/</loc>")
	s.AssertFileContent("404.html", "Page not found")
	// The incidents section has no page; only incidents do.
	s.AssertFileExists("incidents/index.html", false)
}

// treeHash is a digest of every path, mode and content under dir.
func treeHash(t testing.TB, dir string) string {
	t.Helper()
	h := sha256.New()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	for _, p := range paths {
		st, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %v\n", rel, st.Mode())
		if st.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			h.Write(b)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// noLeftovers fails when dir holds anything but want.
func noLeftovers(t testing.TB, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s holds %q, want %q", dir, got, want)
	}
}

func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		data  string
		match string   // in the error
		left  []string // the repository's folder afterwards
		// written: the site was rendering, and may have been written to
		// the spare meanwhile, which then goes.
		written bool
	}{
		{
			name:  "invalid incident",
			file:  "incidents/2024-05-02-broken.yaml",
			data:  "title: Broken\ncomponents: [nope]\nstarted: 2024-05-02T10:00:00Z\n",
			match: "incidents/2024-05-02-broken.yaml:2",
			left:  []string{".public.prev", "incidents", "public", "status.yaml"},
		},
		{
			name:  "control character in a title",
			file:  "incidents/2024-05-02-escape.md",
			data:  "---\ntitle: Broken\ncomponents: [api]\nstarted: 2024-05-01T10:00:00Z\n---\nA bell \a rings.\n",
			match: "incidents/2024-05-02-escape.md:6:8: the control character U+0007 is not allowed in text",
			left:  []string{".public.prev", "incidents", "public", "status.yaml"},
		},
		{
			name:  "start in the future",
			file:  "incidents/2024-05-02-ahead.yaml",
			data:  "title: Ahead\ncomponents: [api]\nstarted: 2024-05-03T10:00:00Z\n",
			match: "incidents/2024-05-02-ahead.yaml:3:10: started (2024-05-03T10:00:00Z) is in the future",
			left:  []string{".public.prev", "incidents", "public", "status.yaml"},
		},
		{
			name:    "template error in an override",
			file:    "layouts/home.html",
			data:    "{{ define \"main\" }}\n{{ .NoSuchField }}{{ end }}\n",
			match:   filepath.Join("layouts", "home.html"),
			left:    []string{".public.prev", "incidents", "layouts", "public", "status.yaml"},
			written: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := sitetest.New(t, siteFiles, now)
			s.Build()
			s.Build() // and a spare for the failing build to claim
			dir, out := s.Dir, s.Out
			before, spare := treeHash(t, out), treeHash(t, filepath.Join(dir, ".public.prev"))

			s.WriteFile(tc.file, tc.data)
			err := s.BuildE()
			if err == nil {
				t.Fatal("build succeeded")
			}
			if !strings.Contains(err.Error(), tc.match) {
				t.Errorf("error %q does not mention %q", err, tc.match)
			}
			if after := treeHash(t, out); after != before {
				t.Error("the previous site changed")
			}
			// Nothing is written before the site renders: the spare
			// goes back as it was. Once it renders, pages are written as
			// they are, and a spare written to is removed.
			left := tc.left
			if _, err := os.Lstat(filepath.Join(dir, ".public.prev")); tc.written && errors.Is(err, fs.ErrNotExist) {
				left = slices.DeleteFunc(slices.Clone(left), func(s string) bool { return s == ".public.prev" })
			} else if after := treeHash(t, filepath.Join(dir, ".public.prev")); after != spare {
				t.Error("the spare changed")
			}
			noLeftovers(t, dir, left...)
		})
	}
}

func TestBuildReplacesPreviousSite(t *testing.T) {
	s := sitetest.Test(t, siteFiles, now)
	dir, out := s.Dir, s.Out
	filetest.WriteFile(t, filepath.Join(out, "stale.html"), "old")
	if err := os.Remove(filepath.Join(dir, "incidents", "2024-04-10-website-down.md")); err != nil {
		t.Fatal(err)
	}
	// The second build writes a new folder, the third over the one the
	// second replaced, which holds what the site no longer has.
	for range 2 {
		s.Build()
		s.AssertFileExists("stale.html", false)
		s.AssertFileExists("incidents/2024-04-10-website-down/index.html", false)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o755 {
		t.Errorf("site folder mode %v, want 0755 so web servers can read it", st.Mode().Perm())
	}
	noLeftovers(t, dir, ".public.prev", "incidents", "public", "status.yaml")
}

// A symlinked output is replaced at its target: the web server's folder
// gets the new site and the link stays.
func TestBuildThroughSymlink(t *testing.T) {
	s := sitetest.New(t, siteFiles, now)
	dir := s.Dir
	www := filepath.Join(t.TempDir(), "www")
	if err := os.Symlink(www, filepath.Join(dir, "public")); err != nil {
		t.Fatal(err)
	}
	s.Build()
	s.Build()
	if _, err := os.Stat(filepath.Join(www, "index.html")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(filepath.Join(dir, "public")); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("public is no longer a symlink (%v)", err)
	}
	noLeftovers(t, filepath.Dir(www), ".www.prev", "www")
}

func TestBuildRefusesUnsafeOutput(t *testing.T) {
	dir := sitetest.Repo(t, siteFiles)
	notSite := filepath.Join(t.TempDir(), "documents")
	filetest.WriteFile(t, filepath.Join(notSite, "thesis.txt"), "precious")
	for _, out := range []string{dir, filepath.Dir(dir), notSite, filepath.Join(dir, "status.yaml")} {
		err := build.Build(context.Background(), build.Options{Dir: dir, Out: out, Now: func() time.Time { return now }})
		if err == nil {
			t.Errorf("Out %s: build succeeded", out)
		}
	}
	if got, err := os.ReadFile(filepath.Join(notSite, "thesis.txt")); err != nil || string(got) != "precious" {
		t.Error("a folder that was not a site was touched")
	}
	noLeftovers(t, dir, "incidents", "status.yaml")
}

func TestCanceledBuildKeepsPreviousSite(t *testing.T) {
	s := sitetest.Test(t, siteFiles, now)
	dir, out := s.Dir, s.Out
	before := treeHash(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := build.Build(ctx, build.Options{Dir: dir, Now: func() time.Time { return now }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if treeHash(t, out) != before {
		t.Error("the previous site changed")
	}
	noLeftovers(t, dir, "incidents", "public", "status.yaml")
}
