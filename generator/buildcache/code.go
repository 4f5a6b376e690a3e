package buildcache

import (
	"fmt"
	"os"

	"github.com/buoystatus/buoy/generator/buildinfo"
)

// Code names the running binary, for Open: its version and commit, and
// its executable's size and modification time, so that a binary built
// again from changed code (a development build keeps its version) does
// not read what the last one wrote. tz is the TZ the process runs under:
// a time read from an incident file takes the local zone when its offset
// is the local one. It is "" when the executable cannot be told, which
// Open takes as no cache.
func Code(tz string) string {
	i := buildinfo.Get()
	code := fmt.Sprintf("%s %s %s %s tz=%q", i.Version, i.Commit, i.Go, i.Hugo, tz)
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s exe=%q %d %d", code, exe, st.Size(), st.ModTime().UnixNano())
}
