package render

import (
	"bytes"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/view"
	"github.com/buoystatus/buoy/themes"
)

// articleLangs are the languages view writes incident articles in
// (view/article.go), or nil when the layouts that make an article are not
// all the built-in theme's: a repository or theme of its own version of
// any of them gets its articles from its templates, as `buoy serve` always
// does.
func (p *project) articleLangs(cfg *status.Config) []view.ArticleLang {
	if !p.builtInArticles() {
		return nil
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil
	}
	base := "/" + strings.Trim(u.Path, "/") + "/"
	if base == "//" {
		base = "/"
	}
	// relLangURL's output goes through the template's URL normalizer:
	// a base path it would change gets the templates.
	for _, r := range base {
		if !(r == '/' || r == '-' || r == '.' || r == '_' || r == '~' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return nil
		}
	}
	var langs []view.ArticleLang
	for i, l := range view.Languages(cfg) {
		key := view.LangKey(l)
		prefix := base
		if i > 0 {
			prefix += key + "/"
		}
		langs = append(langs, view.ArticleLang{Key: key, Locale: l, Prefix: prefix})
	}
	return langs
}

// builtInArticles reports whether the project's layouts that make an
// incident's article are the built-in theme's: none of the repository's
// layouts/ may stand in for them, and the theme's must be the built-in
// files.
func (p *project) builtInArticles() bool { return p.builtInLayouts(makesArticle) }

// bareIncidents reports whether every layout of the project is the
// built-in theme's, so that an incident page whose article view writes
// may carry only the params those layouts read of it (see
// view.Options.BareIncidents): a layout of the repository's own, any of
// them, may read any param of any page.
func (p *project) bareIncidents() bool {
	return p.builtInLayouts(func(string) bool { return true })
}

// builtInLayouts reports whether the project's layouts for which which is
// true are the built-in theme's: the repository's layouts/ has none of
// them, and the theme has exactly the built-in files.
func (p *project) builtInLayouts(which func(rel string) bool) bool {
	own := false
	walkLayouts(p.fs, path.Join(workDir, "layouts"), func(rel string, _ []byte) {
		own = own || which(rel)
	})
	if own {
		return false
	}
	want := map[string][]byte{}
	builtIn := themes.Buoy()
	_ = fs.WalkDir(builtIn, "layouts", func(name string, d fs.DirEntry, err error) error {
		if rel := strings.TrimPrefix(name, "layouts/"); err == nil && !d.IsDir() && which(rel) {
			want[rel], _ = fs.ReadFile(builtIn, name)
		}
		return nil
	})
	same := true
	walkLayouts(p.fs, path.Join(workDir, "themes", p.theme, "layouts"), func(rel string, data []byte) {
		if which(rel) {
			w, ok := want[rel]
			same = same && ok && w != nil && bytes.Equal(data, w)
			delete(want, rel)
		}
	})
	return same && len(want) == 0
}

// makesArticle reports whether the layout at rel (under layouts/) could
// make, or stand in for one of, the layouts of an incident's article:
// anything of the incidents section, a page layout Hugo could fall back
// to, and the partials the article calls.
func makesArticle(rel string) bool {
	dir, base := path.Split(rel)
	switch dir {
	case "incidents/":
		return true
	case "", "_default/":
		return strings.HasPrefix(base, "page.") || strings.HasPrefix(base, "single.")
	case "_partials/", "partials/":
		for _, name := range view.ArticlePartials() {
			if strings.HasPrefix(base, name+".") {
				return true
			}
		}
	}
	return strings.HasPrefix(rel, "incidents/")
}

// walkLayouts calls fn with each file under dir of fsys, by its path
// relative to dir, and its bytes.
func walkLayouts(fsys afero.Fs, dir string, fn func(rel string, data []byte)) {
	_ = afero.Walk(fsys, dir, func(name string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, err := afero.ReadFile(fsys, name)
		if err != nil {
			data = nil
		}
		fn(strings.TrimPrefix(name, dir+"/"), data)
		return nil
	})
}
