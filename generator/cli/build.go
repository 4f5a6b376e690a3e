package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/safetext"
)

var buildCommand = command{
	usage:   "build [-C DIR] [-o OUT] [--history DIR]",
	summary: "render the site into OUT (default DIR/public), atomically",
	run:     runBuild,
}

func runBuild(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("build")
	dir := dirFlag(fs)
	out := fs.String("o", "", "output `OUT` folder (default DIR/public)")
	hist := fs.String("history", "", "probe history `DIR` (default DIR/history)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("build takes no arguments, got %q", rest)
	}
	root := env.abs(*dir)
	target := env.abs(*out)
	if target == "" {
		target = filepath.Join(root, "public")
	}
	// A build is one batch; GOGC and GOMEMLIMIT, when set, are the user's
	// choice. The settings are the process's: restored after, for a
	// caller running commands in-process.
	if env.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(build.BatchGCPercent))
	}
	if env.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(build.BatchMemoryLimit))
	}
	start := env.Now()
	err = build.Build(ctx, build.Options{Dir: root, Out: target, History: env.abs(*hist), Now: env.Now, Log: env.Stderr})
	if err != nil {
		return report(env, err, "text")
	}
	fmt.Fprintf(env.Stdout, "built %s in %s\n", safetext.Printable(target), env.Now().Sub(start).Round(1e6))
	return nil
}
