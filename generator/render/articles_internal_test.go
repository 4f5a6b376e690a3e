package render

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
	"github.com/buoystatus/buoy/themes"
)

// buoy writes incident articles itself only while the layouts that make
// one are the built-in theme's, and gives incident pages bare params only
// while every layout is (build's TestSplicedArticles checks the two ways
// give the same pages).
func TestArticleLangs(t *testing.T) {
	builtIn := func(name string) string {
		b, err := fs.ReadFile(themes.Buoy(), name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	page := builtIn("layouts/incidents/page.html")
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  bool
		bare  bool
	}{
		{"no layouts", nil, true, true},
		{"other layouts", map[string]string{
			"layouts/_partials/footer.html":    "<footer></footer>",
			"layouts/components/page.html":     "{{ define \"main\" }}{{ end }}",
			"layouts/_partials/duration2.html": "",
		}, true, false},
		{"a frame of its own", map[string]string{"layouts/baseof.html": builtIn("layouts/baseof.html")}, true, false},
		{"an unused layout", map[string]string{"layouts/x/list.html": "x"}, true, false},
		{"the incident page, even unchanged", map[string]string{"layouts/incidents/page.html": page}, false, false},
		{"another layout of incidents", map[string]string{"layouts/incidents/page.fr.html": page}, false, false},
		{"a page layout to fall back to", map[string]string{"layouts/page.html": page}, false, false},
		{"a default single", map[string]string{"layouts/_default/single.html": page}, false, false},
		{"words", map[string]string{"layouts/_partials/words.html": builtIn("layouts/_partials/words.html")}, false, false},
		{"state, old folder name", map[string]string{"layouts/partials/state.html": "x"}, false, false},
		{"duration in a language", map[string]string{"layouts/_partials/duration.ja.html": "x"}, false, false},
		{"entry", map[string]string{"layouts/_partials/entry.html": builtIn("layouts/_partials/entry.html")}, false, false},
		{"entries", map[string]string{"layouts/_partials/entries.html": "x"}, false, false},
		{"an exported theme", exported(t, nil), true, true},
		{"an exported theme, changed", exported(t, map[string]string{"layouts/_partials/state.html": "x"}), false, false},
		{"an exported theme, without the page", exported(t, map[string]string{"layouts/incidents/page.html": ""}), false, false},
		{"an exported theme, its frame changed", exported(t, map[string]string{"layouts/baseof.html": "x"}), true, false},
		{"an exported theme, a layout more", exported(t, map[string]string{"layouts/x/list.html": "x"}), true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tc.files {
				write(t, filepath.Join(dir, name), data)
			}
			cfg := &status.Config{Title: "T", BaseURL: "https://status.example.org/a/", Language: "en", Languages: []string{"en", "pt-BR"}}
			p, err := makeProject(cfg, Options{Dir: dir, Log: io.Discard})
			if err != nil {
				t.Fatal(err)
			}
			got := p.articleLangs(cfg)
			if (got != nil) != tc.want {
				t.Fatalf("articleLangs = %v, want them: %v", got, tc.want)
			}
			if want := []view.ArticleLang{{Key: "en", Locale: "en", Prefix: "/a/"}, {Key: "pt-br", Locale: "pt-BR", Prefix: "/a/pt-br/"}}; got != nil && (len(got) != 2 || got[0] != want[0] || got[1] != want[1]) {
				t.Errorf("articleLangs = %v, want %v", got, want)
			}
			if got := p.bareIncidents(); got != tc.bare {
				t.Errorf("bareIncidents = %v, want %v", got, tc.bare)
			}
		})
	}
}

// exported is the built-in theme as themes/buoy/ of a repository, with
// changes (an empty text removes the file).
func exported(t *testing.T, changes map[string]string) map[string]string {
	files := map[string]string{}
	err := fs.WalkDir(themes.Buoy(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(themes.Buoy(), name)
		files["themes/buoy/"+name] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range changes {
		if data == "" {
			delete(files, "themes/buoy/"+name)
		} else {
			files["themes/buoy/"+name] = data
		}
	}
	return files
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSplice(t *testing.T) {
	p := newPublishFS()
	p.setArticles([]view.File{{
		Articles: map[string]string{"en/a": "<article>A</article>", "fr/a": "<article>Á</article>"},
		Entries:  map[string]string{"en/2026/a": "<li>A</li>"},
	}})
	mark := func(key string) string { return view.ArticleMarkStart + key + view.ArticleMarkEnd }
	entry := func(key string) string { return view.EntryMarkStart + key + view.ArticleMarkEnd }
	for _, tc := range []struct{ page, want, err string }{
		{"<main>no mark</main>", "<main>no mark</main>", ""},
		{"<main>" + mark("en/a") + "</main>", "<main><article>A</article></main>", ""},
		// Each article is spliced once, then dropped.
		{"<main>" + mark("en/a") + "</main>", "", `no article for the mark "en/a"`},
		{"<main>" + mark("de/a") + "</main>", "", `no article for the mark "de/a"`},
		{"<main>" + view.ArticleMarkStart + "fr/a</main>", "", "not closed"},
		// An entry goes in every list that shows it.
		{"<ul>" + entry("en/2026/a") + entry("en/2026/a") + "</ul>", "<ul><li>A</li><li>A</li></ul>", ""},
		{"<ul>" + entry("en/2026/b") + "</ul>", "", `no entry for the mark "en/2026/b"`},
		{"<template data-buoy-other></template>" + entry("en/2026/a"), "<template data-buoy-other></template><li>A</li>", ""},
	} {
		got, err := p.splice([]byte(tc.page))
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("splice(%q): error %v, want %q", tc.page, err, tc.err)
		case tc.err == "" && (err != nil || string(got) != tc.want):
			t.Errorf("splice(%q) = %q, %v; want %q", tc.page, got, err, tc.want)
		}
	}
}
