// Package themes ships buoy's default Hugo theme inside the binary, so a
// status repository needs no theme folder of its own.
package themes

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/buoystatus/buoy/generator/status"
)

// Default is the theme a site uses when status.yaml names none.
const Default = status.DefaultTheme

//go:embed all:buoy
var files embed.FS

// Buoy returns the default theme, rooted at its folder (layouts/, i18n/, …).
func Buoy() fs.FS {
	sub, err := fs.Sub(files, Default)
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}

// Exists reports whether a site of repo can use theme: the repository's
// themes/<theme>/, or the built-in theme.
func Exists(repo fs.FS, theme string) bool {
	_, _, err := Find(repo, theme)
	return err == nil
}

// UILanguages lists the languages a site using theme has UI strings for:
// the names of the i18n files ("pt-BR" for i18n/pt-BR.yaml) of the
// repository and of the theme, the repository's themes/<theme>/ when it
// has one, else the built-in theme. It returns nil when the theme is
// nowhere to be found.
func UILanguages(repo fs.FS, theme string) []string {
	fsys, dir, err := Find(repo, theme)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var langs []string
	for _, folder := range []struct {
		fsys fs.FS
		dir  string
	}{{fsys, path.Join(dir, "i18n")}, {repo, "i18n"}} {
		if folder.fsys == nil {
			continue
		}
		entries, _ := fs.ReadDir(folder.fsys, folder.dir)
		for _, e := range entries {
			ext := path.Ext(e.Name())
			if e.IsDir() || !isI18nExt(ext) {
				continue
			}
			lang := strings.TrimSuffix(e.Name(), ext)
			if !seen[strings.ToLower(lang)] {
				seen[strings.ToLower(lang)] = true
				langs = append(langs, lang)
			}
		}
	}
	sort.Strings(langs)
	return langs
}

// isI18nExt tells the extensions of the translation files Hugo reads.
func isI18nExt(ext string) bool {
	switch ext {
	case ".yaml", ".yml", ".toml", ".json":
		return true
	}
	return false
}
