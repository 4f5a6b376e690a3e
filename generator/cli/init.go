package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/buoystatus/buoy/generator/buildinfo"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/scaffold"
)

var initCommand = command{
	usage:   "init [DIR]",
	summary: "scaffold a status repository: status.yaml, incidents/, .github/workflows",
	run:     runInit,
}

func runInit(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("init")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageErrorf("init takes at most one folder, got %q", rest)
	}
	dir := "."
	if len(rest) == 1 {
		dir = rest[0]
	}
	root := env.abs(dir)
	version := ""
	if info := buildinfo.Get(); info.Release() {
		version = info.Version
	}
	files, err := scaffold.Repository(scaffold.Options{Now: env.Now(), Version: version})
	if err != nil {
		return err
	}
	var conflict *scaffold.ConflictError
	if err := scaffold.Write(root, files); errors.As(err, &conflict) {
		for _, p := range conflict.Paths {
			fmt.Fprintf(env.Stderr, "%s: already exists\n", safetext.Printable(filepath.Join(dir, filepath.FromSlash(p))))
		}
		fmt.Fprintf(env.Stderr, "nothing was written: buoy init never overwrites a file; move %s away or pick another folder\n", plural2(len(conflict.Paths), "it", "them"))
		return ErrFailed
	} else if err != nil {
		return err
	}
	if version == "" {
		// CI cannot install what this binary is: say what it installs instead.
		fmt.Fprintf(env.Stderr, "notice: this buoy is not a release, so the workflows install the newest release (%s@main, version: latest); pin one in .github/workflows\n", scaffold.Action)
	}
	fmt.Fprintf(env.Stdout, "Created a status repository in %s:\n", safetext.Printable(dir))
	for _, f := range files {
		fmt.Fprintf(env.Stdout, "  %s\n", f.Path)
	}
	cd := ""
	if dir != "." {
		cd = fmt.Sprintf("cd %s && ", dir)
	}
	fmt.Fprintf(env.Stdout, `
Next:
  1. Edit status.yaml: your title, base_url and components; delete the example incident.
  2. %sbuoy check && buoy build, then open public/index.html.
  3. Push to a new GitHub repository and set Settings > Pages > Source to
     "GitHub Actions". Step by step: https://github.com/buoystatus/buoy/blob/main/docs/setup.md
`, cd)
	return nil
}

func plural2(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
