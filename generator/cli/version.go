package cli

import (
	"context"
	"fmt"

	"github.com/buoystatus/buoy/generator/buildinfo"
)

var versionCommand = command{
	usage:   "version",
	summary: "print buoy's version",
	run:     runVersion,
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	rest, err := parse(env.flags("version"), args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("version takes no arguments")
	}
	i := buildinfo.Get()
	version := i.Version
	if !i.Release() && i.Commit != "" {
		version = "(devel " + i.Commit[:min(12, len(i.Commit))] + ")"
	}
	fmt.Fprintf(env.Stdout, "buoy %s (Hugo %s, %s %s/%s)\n", version, i.Hugo, i.Go, i.OS, i.Arch)
	return nil
}
