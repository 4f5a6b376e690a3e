package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/buoystatus/buoy/themes"
)

var themeCommand = command{
	usage:   "theme export [-C DIR] [--force] [OUT]",
	summary: "write the built-in theme as files to edit, into OUT (default DIR/themes/buoy)",
	run:     runTheme,
}

func runTheme(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("theme")
	dir := dirFlag(fs)
	force := fs.Bool("force", false, "overwrite files that already exist")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "export" {
		return usageErrorf("the theme command has one action: buoy theme export [OUT]")
	}
	if len(rest) > 2 {
		return usageErrorf("theme export takes at most one folder, got %q", rest[1:])
	}
	root := env.abs(*dir)
	inRepo := filepath.Join(root, "themes", themes.Default)
	target := inRepo
	if len(rest) == 2 {
		target = env.abs(rest[1])
	}
	shown := env.shown(target)
	files, err := themes.Export(themes.Buoy(), target, *force)
	var exists *themes.ExistsError
	if errors.As(err, &exists) {
		for _, p := range exists.Paths {
			fmt.Fprintf(env.Stderr, "%s: already exists\n", filepath.Join(shown, filepath.FromSlash(p)))
		}
		fmt.Fprintf(env.Stderr, "nothing was written: run with --force to overwrite %s, or export into another folder\n", plural2(len(exists.Paths), "it", "them"))
		return ErrFailed
	}
	if err != nil {
		return fmt.Errorf("theme export: %w", err)
	}
	fmt.Fprintf(env.Stdout, "Wrote the %s theme into %s (%d files):\n", themes.Default, shown, len(files))
	for _, f := range files {
		fmt.Fprintf(env.Stdout, "  %s\n", f)
	}
	if filepath.Clean(target) == filepath.Clean(inRepo) {
		fmt.Fprintf(env.Stdout, `
This copy now replaces the built-in theme for this repository: edit any
file, and buoy build and buoy serve use it. It no longer gets the theme's
fixes when you upgrade buoy; to keep them, override single files instead:
copy them to the same path under layouts/, assets/ or i18n/ of the
repository, and delete %s.
`, shown)
		return nil
	}
	fmt.Fprintf(env.Stdout, `
To change a file, copy it to the same path in your status repository, e.g.
  mkdir -p layouts/_partials && cp %s layouts/_partials/
and edit it there; the other files keep coming from the built-in theme.
`, filepath.Join(shown, "layouts", "_partials", "footer.html"))
	return nil
}

// shown is a path as the user would type it: relative to the working
// folder when it is inside it.
func (env *Env) shown(p string) string {
	if rel, err := filepath.Rel(env.Dir, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return p
}
