package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/buoystatus/buoy/generator/buildinfo"
)

var versionCommand = command{
	usage:   "version",
	summary: "print buoy's version, commit, date, and the Go and Hugo inside it",
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
	fmt.Fprintln(env.Stdout, versionLine(buildinfo.Get()))
	return nil
}

// versionLine is one line, like `go version` and `hugo version`, so that a
// bug report or a CI log carries all of it and scripts can read field 2:
//
//	buoy v1.2.3 linux/amd64 commit=4f5e6d7c8b9a date=2026-12-01T10:00:00Z go=go1.26.8 hugo=v0.165.0
//
// commit and date are left out when the binary does not know them (a
// `go install …@vX.Y.Z` build records neither).
func versionLine(i buildinfo.Info) string {
	var b strings.Builder
	fmt.Fprintf(&b, "buoy %s %s/%s", i.Version, i.OS, i.Arch)
	if i.Commit != "" {
		fmt.Fprintf(&b, " commit=%s", i.Commit[:min(12, len(i.Commit))])
	}
	if i.Date != "" {
		fmt.Fprintf(&b, " date=%s", i.Date)
	}
	fmt.Fprintf(&b, " go=%s hugo=%s", i.Go, i.Hugo)
	return b.String()
}
