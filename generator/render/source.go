package render

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/themes"
)

// The in-memory project Hugo builds from. Its working directory is a
// virtual path: error messages mentioning it are mapped back to the status
// repository by cleanPaths.
const workDir = "/buoy-site"

// overrideDirs are the folders of a status repository layered over the
// theme, the way a Hugo project's own folders override its theme's.
var overrideDirs = []string{"layouts", "static", "i18n", "assets"}

// themeFS finds the theme a site uses: themes/<name>/ in the status
// repository when it exists, else the embedded default theme. It returns
// the file system to read and the theme's folder in it.
func themeFS(repo *confine.FS, dir, name string) (fs.FS, string, string, error) {
	if name == "" {
		name = themes.Default
	}
	if name != path.Base(name) || name == "." || name == ".." {
		return nil, "", "", fmt.Errorf("theme %q: not a folder name", name)
	}
	if repo != nil {
		local := path.Join("themes", name)
		st, err := repo.Stat(local)
		switch {
		case err == nil && st.IsDir():
			return repo, local, filepath.Join(dir, filepath.FromSlash(local)), nil
		case err == nil:
			return nil, "", "", fmt.Errorf("theme %q: %s is not a folder", name, local)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, "", "", fmt.Errorf("theme %q: %w", name, err)
		}
	}
	if name == themes.Default {
		return themes.Buoy(), ".", "", nil
	}
	return nil, "", "", fmt.Errorf("theme %q: no folder themes/%s in %s, and only %q is built in", name, name, dir, themes.Default)
}

// copyTree copies every regular file under the folder from of src into
// dst under root. Links are followed as src allows (a repository's only
// inside it); a link to a folder is not followed, so a walk never loops.
func copyTree(dst afero.Fs, root string, src fs.FS, from string) error {
	return fs.WalkDir(src, from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, from), "/")
		if from == "." {
			rel = p
		}
		target := path.Join(root, rel)
		if d.IsDir() {
			return dst.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			// A link, or a special file, which src refuses here.
			st, err := fs.Stat(src, p)
			if err != nil {
				return err
			}
			if !st.Mode().IsRegular() {
				return nil
			}
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return afero.WriteFile(dst, target, b, 0o644)
	})
}

// layerOverrides copies the status repository's own layouts/, static/,
// i18n/ and assets/ into the project.
func layerOverrides(dst afero.Fs, repo *confine.FS) error {
	if repo == nil {
		return nil
	}
	for _, sub := range overrideDirs {
		st, err := repo.Stat(sub)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !st.IsDir() {
			return fmt.Errorf("%s is not a folder", sub)
		}
		if err := copyTree(dst, path.Join(workDir, sub), repo, sub); err != nil {
			return err
		}
	}
	return nil
}

// hasTranslation reports whether the project or theme has i18n strings for
// lang (file names are matched without regard to case, as Hugo does), or
// any strings at all when lang is "".
func hasTranslation(fsys afero.Fs, themeDir, lang string) bool {
	for _, d := range []string{path.Join(workDir, "i18n"), path.Join(themeDir, "i18n")} {
		entries, err := afero.ReadDir(fsys, d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			base := strings.TrimSuffix(e.Name(), path.Ext(e.Name()))
			if lang == "" || strings.EqualFold(base, lang) {
				return true
			}
		}
	}
	return false
}

// ensureTranslation gives a language without UI strings those of its base
// language ("fr" for "fr-CA"), else English, so the page never shows empty
// labels. It returns the language used, or "" when none was needed (the
// language has strings, or the theme uses none at all).
func ensureTranslation(fsys afero.Fs, themeDir, lang string) (string, error) {
	if hasTranslation(fsys, themeDir, lang) || !hasTranslation(fsys, themeDir, "") {
		return "", nil
	}
	candidates := []string{"en"}
	if base, _, ok := strings.Cut(lang, "-"); ok {
		candidates = append([]string{base}, candidates...)
	}
	// Theme first: its files are complete, a project's may override a few keys.
	for _, c := range candidates {
		for _, d := range []string{path.Join(themeDir, "i18n"), path.Join(workDir, "i18n")} {
			for _, ext := range []string{".yaml", ".yml", ".toml", ".json"} {
				b, err := afero.ReadFile(fsys, path.Join(d, c+ext))
				if err != nil {
					continue
				}
				dst := path.Join(d, strings.ToLower(lang)+ext)
				return c, afero.WriteFile(fsys, dst, b, 0o644)
			}
		}
	}
	return "", fmt.Errorf("no UI strings for language %q nor for English", lang)
}
