package buildinfo

import "testing"

func TestRelease(t *testing.T) {
	for v, want := range map[string]bool{
		"v1.2.3":                               true,
		"v1.3.0-rc.1":                          true,
		"(devel)":                              false,
		"":                                     false,
		"v0.0.0-20261201100000-4f5e6d7c8b9a":   false,
		"v1.2.4-0.20261201100000-4f5e6d7c8b9a": false,
		"v1.2.3+dirty":                         false,
		"v1.3.0-rc.1.0.20261201100000-4f5e6d7c8b9a": false,
		"v0.0.1-snapshot": false,
	} {
		if got := (Info{Version: v}).Release(); got != want {
			t.Errorf("Info{Version: %q}.Release() = %v, want %v", v, got, want)
		}
	}
}

func TestGetReportsTheToolchain(t *testing.T) {
	i := Get()
	if i.Go == "" || i.OS == "" || i.Arch == "" {
		t.Errorf("Get() = %+v: Go, OS and Arch must be set", i)
	}
}
