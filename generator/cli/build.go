package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/buildcache"
	"github.com/buoystatus/buoy/generator/safetext"
)

var buildCommand = command{
	usage:   "build [-C DIR] [-o OUT] [--history DIR] [--cache DIR | --no-cache]",
	summary: "render the site into OUT (default DIR/public), atomically",
	run:     runBuild,
}

func runBuild(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("build")
	dir := dirFlag(fs)
	out := fs.String("o", "", "output `OUT` folder (default DIR/public)")
	hist := fs.String("history", "", "probe history `DIR` (default DIR/history)")
	cacheDir := fs.String("cache", "", "`DIR` to keep work in for the next build (default a folder of this repository's in $XDG_CACHE_HOME/buoy or ~/.cache/buoy; none on GitHub's hosted runners)")
	noCache := fs.Bool("no-cache", false, "keep no work for the next build, and use none")
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
	var cache *buildcache.Dir
	trim := "" // the folder of cache folders buoy owns, when in use
	if dir := env.abs(*cacheDir); !*noCache {
		if dir == "" {
			dir = defaultCacheDir(env.Getenv, root)
			if dir != "" {
				trim = filepath.Dir(dir)
			}
		}
		cache = buildcache.Open(dir, buildcache.Code(env.Getenv("TZ")))
	}
	start := env.Now()
	err = build.Build(ctx, build.Options{Dir: root, Out: target, History: env.abs(*hist), Now: env.Now, Log: env.Stderr, Cache: cache})
	if err != nil {
		return report(env, err, "text")
	}
	if trim != "" {
		if err := buildcache.Trim(trim, cacheKeep, env.Now()); err != nil {
			fmt.Fprintf(env.Stderr, "WARN  build cache: %v\n", err)
		}
	}
	fmt.Fprintf(env.Stdout, "built %s in %s\n", safetext.Printable(target), env.Now().Sub(start).Round(1e6))
	return nil
}

// cacheKeep is how long the cache of a repository no build used stays in
// the user's cache folder: a checkout built once leaves 30 MB at 10,000
// incidents.
const cacheKeep = 30 * 24 * time.Hour

// defaultCacheDir is where builds of the repository in root keep their
// cache: a folder of its own (repositories' builds would push each
// other's entries out) in the user's cache folder, as os.UserCacheDir
// finds it on Linux and BSD. Without one, "": no cache. On GitHub's
// hosted runners too: the machine is gone after the job, and writing a
// cache nobody reads costs a large site's first build a tenth.
func defaultCacheDir(getenv func(string) string, root string) string {
	if getenv("RUNNER_ENVIRONMENT") == "github-hosted" {
		return ""
	}
	base := getenv("XDG_CACHE_HOME")
	if !filepath.IsAbs(base) {
		base = ""
		if home := getenv("HOME"); filepath.IsAbs(home) {
			base = filepath.Join(home, ".cache")
		}
	}
	if base == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(base, "buoy", "builds", hex.EncodeToString(sum[:8]))
}
