package cli

import (
	"testing"

	"github.com/buoystatus/buoy/generator/buildinfo"
)

func TestVersionLine(t *testing.T) {
	for _, tc := range []struct {
		info buildinfo.Info
		want string
	}{{
		info: buildinfo.Info{Version: "v1.2.3", Commit: "4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2", Date: "2026-12-01T10:00:00Z",
			Go: "go1.26.8", Hugo: "v0.165.0", OS: "linux", Arch: "amd64"},
		want: "buoy v1.2.3 linux/amd64 commit=4f5e6d7c8b9a date=2026-12-01T10:00:00Z go=go1.26.8 hugo=v0.165.0",
	}, {
		// `go install …@v1.2.3` records the version but no VCS settings.
		info: buildinfo.Info{Version: "v1.2.3", Go: "go1.26.8", Hugo: "v0.165.0", OS: "darwin", Arch: "arm64"},
		want: "buoy v1.2.3 darwin/arm64 go=go1.26.8 hugo=v0.165.0",
	}} {
		if got := versionLine(tc.info); got != tc.want {
			t.Errorf("versionLine(%+v)\n got %s\nwant %s", tc.info, got, tc.want)
		}
	}
}
