package render

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/afero"

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
// repository when it exists, else the embedded default theme.
func themeFS(dir, name string) (fs.FS, string, error) {
	if name == "" {
		name = themes.Default
	}
	if name != path.Base(name) || name == "." || name == ".." {
		return nil, "", fmt.Errorf("theme %q: not a folder name", name)
	}
	if dir != "" {
		local := filepath.Join(dir, "themes", name)
		st, err := os.Stat(local)
		switch {
		case err == nil && st.IsDir():
			return os.DirFS(local), local, nil
		case err == nil:
			return nil, "", fmt.Errorf("theme %q: %s is not a folder", name, local)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, "", fmt.Errorf("theme %q: %w", name, err)
		}
	}
	if name == themes.Default {
		return themes.Buoy(), "", nil
	}
	return nil, "", fmt.Errorf("theme %q: no folder themes/%s in %s, and only %q is built in", name, name, dir, themes.Default)
}

// copyTree copies every regular file of src into dst under root.
func copyTree(dst afero.Fs, root string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := path.Join(root, p)
		if d.IsDir() {
			return dst.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			// Symlinks are followed by reading through them.
			if st, err := fs.Stat(src, p); err != nil || !st.Mode().IsRegular() {
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
func layerOverrides(dst afero.Fs, dir string) error {
	if dir == "" {
		return nil
	}
	for _, sub := range overrideDirs {
		src := filepath.Join(dir, sub)
		st, err := os.Stat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !st.IsDir() {
			return fmt.Errorf("%s is not a folder", src)
		}
		if err := copyTree(dst, path.Join(workDir, sub), os.DirFS(src)); err != nil {
			return fmt.Errorf("copy %s: %w", src, err)
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
