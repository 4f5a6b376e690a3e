package render_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/sitefile"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// renderSite renders snap with the status repository files given (path
// to content) and returns the output folder and what Hugo logged.
func renderSite(t *testing.T, snap *status.Snapshot, files map[string]string) (string, string) {
	t.Helper()
	out, log, err := tryRender(t, snap, files)
	if err != nil {
		t.Fatalf("render: %v\nlog:\n%s", err, log)
	}
	return out, log
}

func tryRender(t *testing.T, snap *status.Snapshot, files map[string]string) (string, string, error) {
	t.Helper()
	dir := writeRepo(t, files)
	out := filepath.Join(t.TempDir(), "site")
	var log strings.Builder
	err := renderTo(context.Background(), snap, out, render.Options{Dir: dir, Log: &log})
	return out, log.String(), err
}

// renderTo renders snap into the new folder out.
func renderTo(ctx context.Context, snap *status.Snapshot, out string, opts render.Options) error {
	if err := os.MkdirAll(out, sitefile.DirMode); err != nil {
		return err
	}
	tree, err := sitefile.Open(out)
	if err != nil {
		return err
	}
	return render.Render(ctx, snap, tree, opts)
}

func read(t *testing.T, out, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func has(t *testing.T, name, page string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s: missing %q", name, w)
		}
	}
}

func hasNot(t *testing.T, name, page string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(page, b) {
			t.Errorf("%s: must not contain %q", name, b)
		}
	}
}

func TestRenderSmallSite(t *testing.T) {
	out, log := renderSite(t, statustest.SmallSite(), nil)
	if log != "" {
		t.Errorf("logged:\n%s", log)
	}
	var pages []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	want := []string{
		"404.html",
		"components/api/index.html", "components/chat/index.html", "components/dns/index.html",
		"components/mail/index.html", "components/website/index.html",
		"embed.html",
		"history/2024-01/index.html", "history/2024-02/index.html", "history/2024-03/index.html", "history/index.html",
		"incidents/2024-01-05-mail-maintenance/index.html", "incidents/2024-02-01-website-502/index.html",
		"incidents/2024-03-10-api-errors/index.html", "incidents/2024-03-10-dns-maintenance/index.html",
		"incidents/2024-03-20-power-work/index.html",
		"index.html",
		"subscribe/index.html",
	}
	if strings.Join(pages, "\n") != strings.Join(want, "\n") {
		t.Errorf("pages:\n%s\nwant:\n%s", strings.Join(pages, "\n"), strings.Join(want, "\n"))
	}

	home := read(t, out, "index.html")
	has(t, "home", home,
		`<html lang="en">`,
		`Partial system outage`,
		// An ungrouped component between groups gets a heading of its own.
		`<h3>Other components</h3>`,
		`<h3 dir="auto">Mail &amp; chat</h3>`,
		`API errors: &#34;500&#34; &amp; timeouts &lt;slow&gt;`,
		`Maintenance in progress`, `DNS server upgrade`,
		`Upcoming maintenance`, `Power work; site «Paris-1», rack 4, 電源工事`,
	)
	hasNot(t, "home", home, `<meta name="generator"`, "<script>", "http://", "fonts.")
	if len(home) > 30_000 {
		t.Errorf("home page is %d bytes", len(home))
	}

	pm := read(t, out, "incidents/2024-02-01-website-502/index.html")
	// The postmortem's "## Root cause" sits below the page's own <h2>.
	has(t, "postmortem", pm, `<h2 id="postmortem">Postmortem</h2>`, `<h3>Root cause</h3>`,
		`Duration</dt><dd><span class="dur">1 h 15 min</span></dd>`)

	// A window closed early reports when it ended.
	mm := read(t, out, "incidents/2024-01-05-mail-maintenance/index.html")
	has(t, "early maintenance", mm, `Ended</dt><dd><time datetime="2024-01-05T21:10:00Z">`, `Duration</dt><dd><span class="dur">1 h 10 min</span></dd>`)

	css, err := filepath.Glob(filepath.Join(out, "css", "buoy.min.*.css"))
	if err != nil || len(css) != 1 {
		t.Fatalf("stylesheet: %v %v", css, err)
	}
	b, _ := os.ReadFile(css[0])
	hasNot(t, "stylesheet", string(b), "@import", "url(", "@font-face")
}

func TestRepoOverridesTheme(t *testing.T) {
	out, _ := renderSite(t, statustest.SmallSite(), map[string]string{
		"layouts/incidents/page.html":   `{{ define "main" }}<p class="custom">{{ .Title }} by {{ .Params.id }}</p>{{ end }}`,
		"i18n/en.yaml":                  "indicator_major: Some things are broken\n",
		"static/favicon.ico":            "icon",
		"assets/css/custom.css":         ".banner { border-width: 7px }\n",
		"layouts/_partials/footer.html": `<footer>own footer</footer>`,
	})
	inc := read(t, out, "incidents/2024-02-01-website-502/index.html")
	has(t, "overridden incident page", inc, `<p class="custom">Website returns 502 by 2024-02-01-website-502</p>`, `<footer>own footer</footer>`)
	hasNot(t, "overridden incident page", inc, "Postmortem")

	home := read(t, out, "index.html")
	// One string overridden, the others still the theme's.
	has(t, "home", home, "Some things are broken", "Upcoming maintenance", `<footer>own footer</footer>`)
	if got := read(t, out, "favicon.ico"); got != "icon" {
		t.Errorf("favicon.ico = %q", got)
	}
	css, _ := filepath.Glob(filepath.Join(out, "css", "site.min.*.css"))
	if len(css) != 1 {
		t.Fatalf("no combined stylesheet: %v", css)
	}
	b, _ := os.ReadFile(css[0])
	has(t, "stylesheet", string(b), ".banner{border-width:7px}", "--ok:")
}

func TestThemeFromRepo(t *testing.T) {
	snap := statustest.SmallSite()
	snap.Config.Theme = "plain"
	out, _ := renderSite(t, snap, map[string]string{
		"themes/plain/layouts/home.html":    `<!doctype html><title>{{ site.Title }}</title><p>{{ T "hello" }} {{ .Params.indicator }}</p>`,
		"themes/plain/layouts/page.html":    `{{ .Title }}`,
		"themes/plain/layouts/section.html": `{{ .Title }}`,
		"themes/plain/i18n/en.yaml":         "hello: Plain says\n",
	})
	has(t, "plain home", read(t, out, "index.html"), "<p>Plain says major</p>")
	has(t, "plain page", read(t, out, "incidents/2024-02-01-website-502/index.html"), "Website returns 502")
}

// A repository's themes/buoy replaces the built-in theme entirely.
func TestBuiltInThemeNameOnDisk(t *testing.T) {
	out, _ := renderSite(t, statustest.SmallSite(), map[string]string{
		"themes/buoy/layouts/home.html": `local {{ .Params.indicator }}`,
		"themes/buoy/layouts/page.html": `{{ .Title }}`,
	})
	if got := read(t, out, "index.html"); got != "local major" {
		t.Errorf("home = %q", got)
	}
}

func TestMissingTheme(t *testing.T) {
	snap := statustest.SmallSite()
	snap.Config.Theme = "nope"
	_, _, err := tryRender(t, snap, nil)
	if err == nil || !strings.Contains(err.Error(), `theme "nope"`) || !strings.Contains(err.Error(), "themes/nope") {
		t.Fatalf("err = %v", err)
	}
	snap.Config.Theme = "../escape"
	if _, _, err := tryRender(t, snap, nil); err == nil {
		t.Fatal("a theme name with a path was accepted")
	}
}

func TestTemplateErrorNamesRepoFile(t *testing.T) {
	_, _, err := tryRender(t, statustest.SmallSite(), map[string]string{
		"layouts/home.html": "{{ define \"main\" }}\n{{ .NoSuchField }}{{ end }}\n",
	})
	if err == nil {
		t.Fatal("render succeeded")
	}
	var problems diag.List
	if !errors.As(err, &problems) || len(problems) != 1 {
		t.Fatalf("err = %v, want one problem", err)
	}
	p := problems[0]
	if p.Path != "layouts/home.html" || p.Line != 2 || p.Col != 3 || !strings.HasPrefix(p.Msg, "template: executing ") || !strings.Contains(p.Msg, "NoSuchField") || strings.Contains(p.Msg, "buoy-site") {
		t.Errorf("problem %q, want it at layouts/home.html:2:3", p)
	}
}

// An error in a partial is reported once, where the partial is wrong, not
// also at the theme's template that calls it.
func TestPartialErrorNamedOnce(t *testing.T) {
	_, _, err := tryRender(t, statustest.SmallSite(), map[string]string{
		"layouts/_partials/footer.html": "<footer>\n<p>{{ len 3 }}</p>\n</footer>\n",
	})
	var problems diag.List
	if !errors.As(err, &problems) || problems.Error() != "layouts/_partials/footer.html:2:6: len of type int" {
		t.Errorf("err = %v", err)
	}
}

// A template that does not parse is found without building a page, at
// its place in the repository, whether it is an override or in the
// repository's own theme; a site whose templates parse passes.
func TestCheckTemplates(t *testing.T) {
	cfg := statustest.SmallSite().Config
	for _, tc := range []struct {
		files map[string]string
		want  string
	}{
		{nil, ""},
		{map[string]string{"layouts/_partials/footer.html": "<footer>\n<p>{{ .Foo </p>\n</footer>\n"},
			`layouts/_partials/footer.html:2:1: template: unexpected "<" in operand`},
		{map[string]string{"layouts/home.html": "{{ define \"main\" }}\n{{ if .Title }}\n{{ end }}{{ end }}{{ end }}\n"},
			`layouts/home.html:3:1: template: unexpected {{end}}`},
		{map[string]string{"layouts/home.html": "{{ nosuchfunc 1 }}"},
			`layouts/home.html:1:1: template: function "nosuchfunc" not defined`},
	} {
		err := render.CheckTemplates(cfg, writeRepo(t, tc.files))
		if tc.want == "" {
			if err != nil {
				t.Errorf("the built-in theme: %v", err)
			}
			continue
		}
		var problems diag.List
		if !errors.As(err, &problems) || len(problems) != 1 || problems[0].String() != tc.want {
			t.Errorf("%v:\n%v\nwant\n%s", tc.files, err, tc.want)
		}
	}
	own := *cfg
	own.Theme = "mine"
	err := render.CheckTemplates(&own, writeRepo(t, map[string]string{"themes/mine/layouts/home.html": "{{ .Title"}))
	var problems diag.List
	if !errors.As(err, &problems) || len(problems) != 1 || problems[0].Path != "themes/mine/layouts/home.html" {
		t.Errorf("own theme: %v", err)
	}
}

func TestLanguages(t *testing.T) {
	tests := []struct {
		lang     string
		wantLog  string
		wantHTML []string
	}{
		// No UI strings for Dutch: English, and a warning.
		{"nl", `no UI strings for language "nl"; using "en"`, []string{`<html lang="nl">`, "All systems operational"}},
		{"pt-BR", "", []string{`<html lang="pt-BR">`, "Todos os sistemas estão funcionando normalmente"}},
		{"zh-Hans", "", []string{`<html lang="zh-Hans">`, "所有系统运行正常"}},
		{"ru", "", []string{`<html lang="ru">`, "Все системы работают нормально"}},
		// A regional variant of a shipped language gets its strings.
		{"de-AT", `using "de"`, []string{`<html lang="de-AT">`, "Alle Systeme betriebsbereit"}},
		// A regional variant without its own file gets its language's.
		{"fr-CA", `using "fr"`, []string{`<html lang="fr-CA">`, "Tous les systèmes fonctionnent normalement"}},
		{"en-GB", `using "en"`, []string{`<html lang="en-GB">`}},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			snap := statustest.SmallSite()
			snap.Config.Language = tc.lang
			snap.Config.Languages = []string{tc.lang}
			snap = status.NewSnapshot(snap.Config, nil, statustest.Now)
			out, log := renderSite(t, snap, nil)
			if tc.wantLog == "" && log != "" {
				t.Errorf("logged:\n%s", log)
			}
			has(t, "log", log, tc.wantLog)
			has(t, "home", read(t, out, "index.html"), tc.wantHTML...)
		})
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "site")
	err := renderTo(ctx, statustest.SmallSite(), out, render.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("render of a canceled context: %v, want context.Canceled", err)
	}
}

// A partial that fails on every page of a large site: Hugo 0.165 stops
// taking page errors at the tenth and can then wait for good (see
// buildSites). The build ends, and still names the partial. Without the
// guard this test hangs until the test binary's timeout.
func TestManyFailingPagesEnd(t *testing.T) {
	snap := statustest.SmallSite()
	base := snap.Incidents[0]
	for i := range 120 {
		in := base
		in.ID = fmt.Sprintf("%s-copy-%03d", base.ID, i)
		snap.Incidents = append(snap.Incidents, in)
	}
	for range 3 {
		_, _, err := tryRender(t, snap, map[string]string{
			"layouts/_partials/footer.html": "<footer>\n<p>{{ len 3 }}</p>\n</footer>\n",
		})
		var problems diag.List
		if !errors.As(err, &problems) || !strings.HasPrefix(problems.Error(), "layouts/_partials/footer.html:2:6: len of type int") {
			t.Fatalf("err = %v", err)
		}
	}
}
