package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gohugoio/hugo/common/hstore"
	"github.com/gohugoio/hugo/common/types"
)

// What an edit makes stale besides the pages whose content changed. The
// theme renders each incident's entry (its item in a list) once per build
// and keeps it in site.Store, as it does each page's sitemap entry; in
// watch mode the store lasts from one build to the next. As far as Hugo
// knows, only the first page to list an incident depends on it: the
// others are named here.

// entryChange is how much of an incident's entry an edit changed.
type entryChange int

const (
	// entryLatest: only the newest update, which lists with "latest"
	// show (the home page's current incidents and maintenance).
	entryLatest entryChange = iota + 1
	// entryAll: what every list shows.
	entryAll
)

// entryView is what the built-in entry.html shows of an incident's page.
type entryView struct {
	Title  string `json:"title"`
	Params struct {
		Lang        string            `json:"lang"`
		Kind        string            `json:"kind"`
		Impact      string            `json:"impact"`
		Status      string            `json:"status"`
		Phase       string            `json:"phase"`
		Started     json.RawMessage   `json:"started"`
		WindowStart json.RawMessage   `json:"window_start"`
		WindowEnd   json.RawMessage   `json:"window_end"`
		Duration    json.RawMessage   `json:"duration"`
		Updates     []json.RawMessage `json:"updates"`
	} `json:"params"`
}

// entryChanges compares the changed incidents' content files, by id. When
// exact is false the repository lays entries out itself, and any change
// may show in them.
func entryChanges(old, next map[string][]byte, changed []string, exact bool) map[string]entryChange {
	out := map[string]entryChange{}
	for _, p := range changed {
		id, ok := incidentID(p)
		if !ok {
			continue
		}
		if c := compareEntry(old[p], next[p], exact); c != 0 {
			out[id] = c
		}
	}
	return out
}

func compareEntry(old, next []byte, exact bool) entryChange {
	if !exact {
		return entryAll
	}
	a, errA := viewOf(old)
	b, errB := viewOf(next)
	if errA != nil || errB != nil {
		return entryAll
	}
	latestA, latestB := first(a.Params.Updates), first(b.Params.Updates)
	a.Params.Updates, b.Params.Updates = nil, nil
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	switch {
	case errA != nil || errB != nil || !bytes.Equal(ja, jb):
		return entryAll
	case !bytes.Equal(latestA, latestB):
		return entryLatest
	}
	return 0
}

func viewOf(data []byte) (entryView, error) {
	var v entryView
	err := json.Unmarshal(data, &v)
	// The duration shows once the incident is over; until then it grows
	// with every build.
	if v.Params.Phase != "completed" {
		v.Params.Duration = nil
	}
	return v, err
}

func first(v []json.RawMessage) json.RawMessage {
	if len(v) == 0 {
		return nil
	}
	return v[0]
}

// incidentID is the page ref (an id, or year/id: see view.Options.ByYear)
// of the incident whose content file is p.
func incidentID(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "incidents/")
	if !ok || path.Base(rest) == "_index.md" || !strings.HasSuffix(rest, ".md") {
		return "", false
	}
	return strings.TrimSuffix(rest, ".md"), true
}

// listings returns the unchanged pages that list an incident whose entry
// changed: its components, its month, the home page, the history. Listing
// pages name incidents by id in their params, but for the history, whose
// pages list every incident by date (Hugo's paginator). Only the home
// page shows newest updates.
func listings(content map[string][]byte, changed []string, entries map[string]entryChange) []string {
	if len(entries) == 0 {
		return nil
	}
	touched := map[string]bool{}
	for _, p := range changed {
		touched[p] = true
	}
	var out []string
	for p, data := range content {
		if touched[p] {
			continue
		}
		if _, ok := incidentID(p); ok {
			continue
		}
		for id, c := range entries {
			if c == entryAll && p == historyIndex ||
				(c == entryAll || p == "_index.md") && bytes.Contains(data, []byte(strconv.Quote(id))) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// forget drops from a site's store the entries of the incidents that
// changed, kept as buoy/entry/<lang>/<ref>/<latest>, and the sitemap
// entries of the pages that did, kept in the map buoy/sitemap by page
// path. Anything else a theme keeps there goes: buoy cannot tell what it
// depends on.
func forget(store *hstore.Scratch, entries map[string]entryChange, changed []string) {
	for k := range store.Values() {
		if k == "buoy/sitemap" {
			for _, p := range changed {
				store.DeleteInMap(k, pagePath(p))
			}
			continue
		}
		part := strings.SplitN(k, "/", 4)
		keep := false
		if len(part) == 4 && part[0] == "buoy" && part[1] == "entry" {
			// The ref has a slash of its own: the flag is the last part.
			i := strings.LastIndexByte(part[3], '/')
			id, latest := part[3][:max(i, 0)], part[3][i+1:]
			c := entries[id]
			keep = c == 0 || c == entryLatest && latest != "true"
		}
		if !keep {
			store.Delete(k)
		}
	}
}

// pagePath is Hugo's path of the page whose content file is p:
// "incidents/x.md" is "/incidents/x", "history/_index.md" "/history".
func pagePath(p string) string {
	p = strings.TrimSuffix(p, ".md")
	if p == "_index" {
		return "/"
	}
	return "/" + strings.TrimSuffix(p, "/_index")
}

// builtInEntries reports whether incidents are listed by the built-in
// theme's own entries.html and entry.html, unchanged by the repository.
func (p *project) builtInEntries() bool {
	if p.themeSrc != "" {
		return false
	}
	if p.dir == "" {
		return true
	}
	for _, dir := range []string{"_partials", "partials"} {
		for _, name := range []string{"entries.html", "entry.html"} {
			_, err := os.Stat(filepath.Join(p.dir, "layouts", dir, name))
			if !errors.Is(err, fs.ErrNotExist) {
				return false
			}
		}
	}
	return true
}

// historyIndex is the content file of the history, whose pages list
// incidents themselves (by date, through Hugo's paginator) rather than by
// id in their params.
const historyIndex = "history/_index.md"

// touched returns the addresses a rebuild renders in fast render mode:
// the pages of the content files in render, in every language, and the
// sitemaps, which carry each page's dates. Of the other pages Hugo finds
// depending on what changed (every list of the site's pages depends on
// each page, as far as Hugo knows), none shows anything that changed:
// TestSessionMatchesRender checks that the site is still what a full
// build makes.
func (s *Session) touched(render []string) *types.EvictingQueue[string] {
	var urls []string
	for _, site := range s.sites.Sites {
		for _, p := range render {
			if pg, err := site.GetPage(pagePath(p)); err == nil && pg != nil {
				urls = append(urls, pg.RelPermalink())
			}
		}
	}
	// A sitemap's address is that of its site's files; with several
	// languages the one at the root is their index.
	base := s.sites.Sites[0].Home().RelPermalink()
	for rel := range s.site {
		if path.Base(rel) == "sitemap.xml" {
			urls = append(urls, base+rel)
		}
	}
	q := types.NewEvictingQueue[string](max(len(urls), 1))
	for _, u := range urls {
		q.Add(u)
	}
	return q
}
