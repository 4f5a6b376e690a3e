// Package buildinfo says which buoy this binary is: its version, the commit
// and date it was built from, and the Go and Hugo versions inside it.
//
// Release builds set version, commit and date with -ldflags -X (see
// .goreleaser.yaml); `go install …@vX.Y.Z` records the version in the
// module's build information; a build from a clone has neither and reports
// itself as a development build of its VCS revision.
package buildinfo

import (
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set by the linker in release builds:
//
//	-X github.com/buoystatus/buoy/generator/buildinfo.version=v1.2.3
var (
	version string
	commit  string
	date    string
)

// Info describes one binary.
type Info struct {
	Version string // "v1.2.3", or "(devel)" for a build that is not a release
	Commit  string // VCS revision, when known
	Date    string // build or commit time (RFC 3339), when known
	Go      string // e.g. "go1.26.8"
	Hugo    string // the Hugo module version linked in
	OS      string
	Arch    string
}

// Release reports whether the binary is a tagged release, so that what it
// writes (workflows pinned to its version) names something that exists.
// Pseudo-versions (`go install …@main`), dirty trees and the archives of
// scripts/release-snapshot (-snapshot) are not.
func (i Info) Release() bool {
	return strings.HasPrefix(i.Version, "v") && !pseudoVersion.MatchString(i.Version) &&
		!strings.Contains(i.Version, "+dirty") && !strings.Contains(i.Version, "-snapshot")
}

// pseudoVersion matches the tail every Go pseudo-version ends with: a
// timestamp and a 12-digit revision (v0.0.0-20261201100000-4f5e6d7c8b9a,
// v1.2.4-0.20261201100000-4f5e6d7c8b9a).
var pseudoVersion = regexp.MustCompile(`[-.][0-9]{14}-[0-9a-f]{12}(\+incompatible)?$`)

// Get reads the build information of the running binary.
func Get() Info {
	info := Info{Version: "(devel)", Hugo: "unknown", Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			info.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Commit = s.Value
			case "vcs.time":
				info.Date = s.Value
			}
		}
		for _, d := range bi.Deps {
			if d.Path == "github.com/gohugoio/hugo" {
				info.Hugo = d.Version
			}
		}
	}
	if version != "" {
		info.Version = version
	}
	if commit != "" {
		info.Commit = commit
	}
	if date != "" {
		info.Date = date
	}
	return info
}
