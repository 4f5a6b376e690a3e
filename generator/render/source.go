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

// themeFS finds the theme a site uses, as themes.Find does, reading the
// repository through confine. It returns the file system to read, the
// theme's folder in it, and that folder on disk ("" when built in).
func themeFS(repo *confine.FS, dir, name string) (fs.FS, string, string, error) {
	var repoFS fs.FS
	if repo != nil {
		repoFS = repo
	}
	fsys, from, err := themes.Find(repoFS, name)
	var nf *themes.NotFoundError
	switch {
	case errors.As(err, &nf):
		return nil, "", "", fmt.Errorf("theme %q: no folder themes/%s in %s, and only %q is built in", nf.Name, nf.Name, dir, themes.Default)
	case err != nil:
		return nil, "", "", err
	case from == ".":
		return fsys, from, "", nil
	}
	return fsys, from, filepath.Join(dir, filepath.FromSlash(from)), nil
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

// ensureTranslation gives a language without UI strings those that
// themes.UIStrings picks for it (its base language's, "fr" for "fr-CA",
// else English's), so the page never shows empty labels. It returns the
// language used, or "" when none was needed (the language has strings,
// or the theme uses none at all).
func ensureTranslation(fsys afero.Fs, theme, lang string) (string, error) {
	// The project is laid out as a repository is: its own i18n/, the
	// theme under themes/<theme>/.
	project := afero.NewIOFS(afero.NewBasePathFs(fsys, workDir))
	have := themes.UILanguages(project, theme)
	use, _ := themes.UIStrings(have, lang)
	switch {
	case len(have) == 0 || strings.EqualFold(use, lang):
		return "", nil
	case use == "":
		return "", fmt.Errorf("no UI strings for language %q nor for English", lang)
	}
	// Theme first: its files are complete, a project's may override a few keys.
	for _, d := range []string{path.Join(workDir, "themes", theme, "i18n"), path.Join(workDir, "i18n")} {
		for _, ext := range []string{".yaml", ".yml", ".toml", ".json"} {
			b, err := afero.ReadFile(fsys, path.Join(d, use+ext))
			if err != nil {
				continue
			}
			dst := path.Join(d, strings.ToLower(lang)+ext)
			return use, afero.WriteFile(fsys, dst, b, 0o644)
		}
	}
	return "", fmt.Errorf("no UI strings for language %q nor for English", lang)
}
