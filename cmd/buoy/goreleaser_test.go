package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestGoReleaserConfigMatchesInstaller holds .goreleaser.yaml to what
// install.sh downloads and what TestInstall packs: `goreleaser check` runs
// in GitHub's CI only (building GoReleaser costs minutes), so a rename of
// the archives, a lost platform or a lost version stamp is caught here.
func TestGoReleaserConfigMatchesInstaller(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Main    string   `yaml:"main"`
			Binary  string   `yaml:"binary"`
			Env     []string `yaml:"env"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
			Flags   []string `yaml:"flags"`
			Ldflags []string `yaml:"ldflags"`
		} `yaml:"builds"`
		Archives []struct {
			NameTemplate string   `yaml:"name_template"`
			Formats      []string `yaml:"formats"`
			Overrides    []struct {
				Goos    string   `yaml:"goos"`
				Formats []string `yaml:"formats"`
			} `yaml:"format_overrides"`
		} `yaml:"archives"`
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
			Algorithm    string `yaml:"algorithm"`
		} `yaml:"checksum"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 || len(cfg.Archives) != 1 {
		t.Fatalf("want a GoReleaser v2 config with one build and one archive, got version %d, %d builds, %d archives",
			cfg.Version, len(cfg.Builds), len(cfg.Archives))
	}
	b, a := cfg.Builds[0], cfg.Archives[0]
	if b.Main != "./cmd/buoy" || b.Binary != "buoy" {
		t.Errorf("build main %q binary %q, want ./cmd/buoy and buoy", b.Main, b.Binary)
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, goos) {
			t.Errorf("goos %v lacks %s", b.Goos, goos)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, arch) {
			t.Errorf("goarch %v lacks %s", b.Goarch, arch)
		}
	}
	if !slices.Contains(b.Flags, "-trimpath") || !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("flags %v env %v, want -trimpath and CGO_ENABLED=0", b.Flags, b.Env)
	}
	ld := strings.Join(b.Ldflags, " ")
	for _, v := range []string{"version=v{{ .Version }}", "commit=", "date="} {
		if !strings.Contains(ld, "github.com/buoystatus/buoy/generator/buildinfo."+v) {
			t.Errorf("ldflags %q do not stamp buildinfo.%s", ld, v)
		}
	}
	// install.sh asks for buoy_<version>_<os>_<arch>.tar.gz (zip on Windows).
	if a.NameTemplate != "buoy_{{ .Version }}_{{ .Os }}_{{ .Arch }}" || !slices.Equal(a.Formats, []string{"tar.gz"}) {
		t.Errorf("archives named %q as %v, want buoy_{{ .Version }}_{{ .Os }}_{{ .Arch }} as tar.gz", a.NameTemplate, a.Formats)
	}
	if len(a.Overrides) != 1 || a.Overrides[0].Goos != "windows" || !slices.Equal(a.Overrides[0].Formats, []string{"zip"}) {
		t.Errorf("format overrides %+v, want zip on windows only", a.Overrides)
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksums %q by %q, want checksums.txt by sha256", cfg.Checksum.NameTemplate, cfg.Checksum.Algorithm)
	}
	script, err := os.ReadFile(filepath.Join(root, "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"checksums.txt", "buoy_${version#v}_${os}_${arch}.$ext", "ext=tar.gz", "ext=zip"} {
		if !strings.Contains(string(script), want) {
			t.Errorf("install.sh does not mention %q", want)
		}
	}
}
