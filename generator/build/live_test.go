package build_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// What `buoy serve` shows after an edit is what `buoy build` publishes for
// the same files, whatever the incidents around the edited one: ongoing
// or over, maintenance upcoming, in progress or completed, older or newer,
// named before or after it. Hugo, kept running between builds, renders
// only what changed, and each edit below changes a different set of
// pages: the incident's own page, the lists that show it, its components'
// pages, the home page. The clock moves between builds, as it does while
// someone writes, so the pages of ongoing incidents and maintenance in
// progress (their duration so far) change with every build too.
func TestLiveMatchesBuildOverOrderings(t *testing.T) {
	table := []struct {
		name   string
		edited int // the index in set of the incident edited
		set    []liveIncident
	}{
		// The report: an older ongoing incident, a newer resolved one.
		{"older ongoing, newer resolved", 1, []liveIncident{
			{kind: ongoing, day: 45, slug: "ongoing"},
			{kind: resolved, day: 14, slug: "newer"},
		}},
		{"newer ongoing, older resolved", 0, []liveIncident{
			{kind: resolved, day: 30, slug: "older"},
			{kind: ongoing, day: 2, slug: "ongoing"},
		}},
		// The same day: the names, not the dates, order the files.
		{"same day, ongoing named first", 1, []liveIncident{
			{kind: ongoing, day: 3, slug: "a-ongoing"},
			{kind: resolved, day: 3, slug: "b-resolved"},
		}},
		{"same day, ongoing named last", 0, []liveIncident{
			{kind: resolved, day: 3, slug: "a-resolved"},
			{kind: ongoing, day: 3, slug: "z-ongoing"},
		}},
		{"two ongoing around resolved ones", 1, []liveIncident{
			{kind: ongoing, day: 40, slug: "first-ongoing", comps: []string{"api"}},
			{kind: resolved, day: 20, slug: "between", comps: []string{"api", "website"}},
			{kind: ongoing, day: 10, slug: "second-ongoing", comps: []string{"mail"}},
			{kind: resolved, day: 1, slug: "newest", comps: []string{"website"}},
		}},
		{"maintenance of every phase", 1, []liveIncident{
			{kind: completed, day: 25, slug: "old-work"},
			{kind: inProgress, day: 0, slug: "work-now"},
			{kind: upcoming, day: 5, slug: "next-work"},
			{kind: resolved, day: 12, slug: "outage"},
		}},
		{"in progress maintenance and ongoing incident, all in one month", 3, []liveIncident{
			{kind: inProgress, day: 0, slug: "upgrade"},
			{kind: ongoing, day: 0, slug: "errors"},
			{kind: resolved, day: 0, slug: "blip"},
			{kind: completed, day: 0, slug: "patch"},
		}},
	}
	for _, c := range table {
		t.Run(c.name, func(t *testing.T) { checkLiveEdits(t, c.set, c.edited) })
	}

	// A seeded sample of other sets; the seed is in the subtest's name.
	for seed := uint64(1); seed <= 2; seed++ {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		set, target := randomSet(rng)
		t.Run(fmt.Sprintf("random seed %d", seed), func(t *testing.T) {
			t.Logf("incidents: %s; edited: %s", describe(set), set[target].id())
			checkLiveEdits(t, set, target)
		})
	}
}

// checkLiveEdits builds set in a Live, then edits each kind of field of
// set[target] in turn, and compares every file after each build with a
// build from scratch at the same time.
func checkLiveEdits(t *testing.T, set []liveIncident, target int) {
	dir := t.TempDir()
	filetest.WriteFile(t, filepath.Join(dir, "status.yaml"), liveStatus)
	for _, in := range set {
		filetest.WriteFile(t, filepath.Join(dir, "incidents", in.id()+".yaml"), in.yaml())
	}
	at := liveNow
	live := build.NewLive(build.LiveOptions{Dir: dir, Now: func() time.Time { return at }})
	defer live.Close()
	step := func(name string) {
		t.Helper()
		res, err := live.Build(context.Background())
		if err != nil {
			t.Fatalf("%s: live build: %v", name, err)
		}
		site, err := res.Site(context.Background())
		if err != nil {
			t.Fatalf("%s: live site: %v", name, err)
		}
		sameAsBuild(t, name, site, dir, at)
	}
	if _, err := live.Build(context.Background()); err != nil {
		t.Fatalf("first build: %v", err)
	}
	edited := &set[target]
	for _, e := range liveEdits {
		// More than a minute: every duration so far reads differently.
		at = at.Add(61 * time.Second)
		e.edit(edited)
		filetest.WriteFile(t, filepath.Join(dir, "incidents", edited.id()+".yaml"), edited.yaml())
		step(e.name)
	}
}

// sameAsBuild compares site, file by file, with what Build writes from
// dir at the same time.
func sameAsBuild(t *testing.T, name string, site render.Site, dir string, at time.Time) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	err := build.Build(context.Background(), build.Options{Dir: dir, Out: out, Now: func() time.Time { return at }})
	if err != nil {
		t.Fatalf("%s: build: %v", name, err)
	}
	want, err := statustest.ReadTree(out)
	if err != nil {
		t.Fatal(err)
	}
	statustest.CompareFiles(t, want, site, statustest.Labels{
		Missing: name + ": missing from the live site",
		Extra:   name + ": the live site has it, a build does not write it",
		Differs: name + ": differs from a build's",
	})
}

// liveNow is when the sets are built first.
var liveNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

const liveStatus = `title: Orderings
base_url: https://status.example.org/
components:
  - id: website
    name: Website
  - id: api
    name: API
  - id: mail
    name: Mail
  - id: dns
    name: DNS
`

var liveComponents = []string{"website", "api", "mail", "dns"}

type liveKind int

const (
	ongoing liveKind = iota
	resolved
	completed
	inProgress
	upcoming
)

var liveKindNames = []string{"ongoing", "resolved", "completed maintenance", "maintenance in progress", "upcoming maintenance"}

// liveIncident is an incident or maintenance of a generated set. day is
// how many days before liveNow it started (after, for upcoming
// maintenance); the file is named by that date and slug.
type liveIncident struct {
	kind  liveKind
	day   int
	slug  string
	comps []string

	// What the edits change; zero values read as the kind's defaults.
	title, postmortem, updateNote string
	resolvedLater, endLater       bool
}

func (in *liveIncident) maintenance() bool { return in.kind >= completed }

// start is when the incident started or the maintenance window opens.
func (in *liveIncident) start() time.Time {
	day := liveNow.AddDate(0, 0, -in.day)
	switch in.kind {
	case ongoing:
		return day.Add(-2 * time.Hour)
	case resolved:
		return day.Add(-5 * time.Hour)
	case completed:
		return day.Add(-6 * time.Hour)
	case inProgress:
		// The window must hold liveNow and the minutes the edits add.
		return liveNow.Add(-time.Duration(1+in.day%4) * time.Hour)
	default:
		return liveNow.AddDate(0, 0, in.day).Add(2 * time.Hour)
	}
}

func (in *liveIncident) id() string {
	return in.start().Format("2006-01-02") + "-" + in.slug
}

func (in *liveIncident) yaml() string {
	var b strings.Builder
	stamp := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	title := in.title
	if title == "" {
		title = "The " + strings.ReplaceAll(in.slug, "-", " ")
	}
	comps := in.comps
	if comps == nil {
		comps = []string{liveComponents[len(in.slug)%len(liveComponents)]}
	}
	fmt.Fprintf(&b, "title: %q\ncomponents: [%s]\n", title, strings.Join(comps, ", "))
	start := in.start()
	type update struct {
		at     time.Time
		status string
	}
	var updates []update
	if in.maintenance() {
		end := start.Add(2 * time.Hour)
		if in.kind == inProgress {
			end = liveNow.Add(3 * time.Hour)
		}
		if in.endLater {
			end = end.Add(30 * time.Minute)
		}
		fmt.Fprintf(&b, "kind: maintenance\nwindow: { start: %s, end: %s }\n", stamp(start), stamp(end))
		announced := start
		if announced.After(liveNow) {
			announced = liveNow
		}
		updates = append(updates, update{announced.Add(-24 * time.Hour), "scheduled"})
		if in.kind != upcoming {
			updates = append(updates, update{start, "in_progress"})
		}
		if in.kind == completed {
			updates = append(updates, update{start.Add(2 * time.Hour), "completed"})
		}
	} else {
		fmt.Fprintf(&b, "impact: %s\nstarted: %s\n", []string{"minor", "major"}[len(in.slug)%2], stamp(start))
		updates = append(updates, update{start.Add(5 * time.Minute), "investigating"})
		if in.kind == resolved {
			end := start.Add(90 * time.Minute)
			if in.resolvedLater {
				end = end.Add(10 * time.Minute)
			}
			fmt.Fprintf(&b, "resolved: %s\n", stamp(end))
			updates = append(updates, update{end, "resolved"})
		} else if in.resolvedLater {
			// Resolving an ongoing incident changes the overall status.
			fmt.Fprintf(&b, "resolved: %s\n", stamp(liveNow))
		}
	}
	b.WriteString("updates:\n")
	for i, u := range updates {
		text := fmt.Sprintf("Update %d of %s.", i+1, in.slug)
		if i == len(updates)-1 && in.updateNote != "" {
			text += " " + in.updateNote
		}
		fmt.Fprintf(&b, "  - at: %s\n    status: %s\n    text: %q\n", stamp(u.at), u.status, text)
	}
	if in.postmortem != "" {
		fmt.Fprintf(&b, "postmortem: %q\n", in.postmortem)
	}
	return b.String()
}

// liveEdits are applied in turn, each on top of the ones before.
var liveEdits = []struct {
	name string
	edit func(*liveIncident)
}{
	{"title", func(in *liveIncident) { in.title = "An edited title" }},
	{"postmortem", func(in *liveIncident) { in.postmortem = "## Root cause\n\nAn edited **postmortem**." }},
	{"update text", func(in *liveIncident) { in.updateNote = "Edited text." }},
	{"resolved time or window end", func(in *liveIncident) {
		if in.maintenance() {
			in.endLater = true
		} else {
			in.resolvedLater = true
		}
	}},
	{"components", func(in *liveIncident) {
		comps := in.comps
		if comps == nil {
			comps = []string{liveComponents[len(in.slug)%len(liveComponents)]}
		}
		for _, c := range liveComponents {
			if !slices.Contains(comps, c) {
				in.comps = append(slices.Clone(comps), c)
				return
			}
		}
		in.comps = comps[1:]
	}},
}

// randomSet is two to five incidents of random kinds, days and names;
// target is the one to edit.
func randomSet(rng *rand.Rand) (set []liveIncident, target int) {
	words := []string{"api", "db", "edge", "login", "queue", "search", "mail-relay", "dns"}
	n := 2 + rng.IntN(4)
	seen := map[string]bool{}
	for len(set) < n {
		in := liveIncident{kind: liveKind(rng.IntN(5)), day: rng.IntN(60), slug: words[rng.IntN(len(words))]}
		if in.kind == upcoming {
			in.day = rng.IntN(10)
		}
		if rng.IntN(3) == 0 {
			in.comps = []string{liveComponents[rng.IntN(2)], liveComponents[2+rng.IntN(2)]}
		}
		if seen[in.id()] {
			continue
		}
		seen[in.id()] = true
		set = append(set, in)
	}
	return set, rng.IntN(n)
}

func describe(set []liveIncident) string {
	var parts []string
	for _, in := range set {
		parts = append(parts, fmt.Sprintf("%s (%s)", in.id(), liveKindNames[in.kind]))
	}
	return strings.Join(parts, ", ")
}
