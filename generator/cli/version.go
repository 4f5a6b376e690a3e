package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

var versionCommand = command{
	usage:   "version",
	summary: "print buoy's version",
	run:     runVersion,
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("version takes no arguments")
	}
	version, hugo := "(devel)", "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" {
			version = v
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && version == "(devel)" {
				version = "(devel " + s.Value[:min(12, len(s.Value))] + ")"
			}
		}
		for _, d := range info.Deps {
			if d.Path == "github.com/gohugoio/hugo" {
				hugo = d.Version
			}
		}
	}
	fmt.Fprintf(env.Stdout, "buoy %s (Hugo %s, %s %s/%s)\n", version, hugo, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
