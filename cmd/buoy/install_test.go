package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// root is the repository: install.sh and the files a release archive holds.
const root = "../.."

// TestInstallScript runs install.sh, as a user would, against a release
// served on loopback: a buoy built the way .goreleaser.yaml builds it,
// packed in the same archive layout with the same checksums.txt. The
// shell's PATH holds only the tools the script may use, so no Go.
func TestInstallScript(t *testing.T) {
	const version = "v9.9.9"
	const commit = "4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2"
	const date = "2026-12-01T10:00:00Z"
	bin := buildRelease(t, version, commit, date)

	archive, data := packRelease(t, version, bin)
	sum := sha256.Sum256(data)
	checksums := hex.EncodeToString(sum[:]) + "  " + archive + "\n"
	// A release like GoReleaser's lists every platform's archive.
	checksums = strings.Repeat("0", 64) + "  buoy_9.9.9_plan9_mips.tar.gz\n" + checksums
	other := sha256.Sum256(append(data, 0))
	wrong := hex.EncodeToString(other[:])
	good := serveRelease(t, version, map[string][]byte{archive: data, "checksums.txt": []byte(checksums)})

	for _, fetcher := range []string{"curl", "wget"} {
		t.Run(fetcher, func(t *testing.T) {
			path := toolPath(t, fetcher)
			dir := filepath.Join(t.TempDir(), "bin")
			out, err := installSh(t, path, good, "-b", dir, version)
			if err != nil {
				t.Fatalf("sh install.sh -b %s %s: %v\n%s", dir, version, err, out)
			}
			got := runInstalled(t, path, filepath.Join(dir, exe("buoy")), "version")
			want := fmt.Sprintf("buoy %s %s/%s commit=%s date=%s ", version, runtime.GOOS, runtime.GOARCH, commit[:12], date)
			if !strings.HasPrefix(got, want) {
				t.Errorf("installed buoy version = %q, want it to start %q", got, want)
			}
			if entries := readDir(t, dir); len(entries) != 1 {
				t.Errorf("%s holds %v, want buoy alone", dir, entries)
			}
		})
	}

	path := toolPath(t, "curl")
	t.Run("tampered archive", func(t *testing.T) {
		tampered := bytes.Clone(data)
		tampered[len(tampered)/2] ^= 0xff
		srv := serveRelease(t, version, map[string][]byte{archive: tampered, "checksums.txt": []byte(checksums)})
		dir := filepath.Join(t.TempDir(), "bin")
		// An older buoy already there must survive the failed upgrade.
		old := []byte("#!/bin/sh\necho old buoy\n")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, exe("buoy")), old, 0o755); err != nil {
			t.Fatal(err)
		}
		out, err := installSh(t, path, srv, "-b", dir, version)
		if err == nil {
			t.Fatalf("install.sh installed a tampered archive:\n%s", out)
		}
		if !strings.Contains(out, "checksum mismatch for "+archive) || !strings.Contains(out, "nothing installed") {
			t.Errorf("install.sh output does not say the checksum did not match:\n%s", out)
		}
		if entries := readDir(t, dir); len(entries) != 1 {
			t.Errorf("%s holds %v after a failed install, want the old buoy alone", dir, entries)
		}
		if got, err := os.ReadFile(filepath.Join(dir, exe("buoy"))); err != nil || !bytes.Equal(got, old) {
			t.Errorf("the old buoy was replaced or lost: %q, %v", got, err)
		}
	})

	for name, tc := range map[string]struct {
		files map[string][]byte
		args  []string
		want  string
	}{
		"tampered checksum": {
			files: map[string][]byte{archive: data, "checksums.txt": []byte(strings.Replace(checksums, hex.EncodeToString(sum[:]), wrong, 1))},
			args:  []string{version},
			want:  "checksum mismatch for " + archive,
		},
		"no checksum for the platform": {
			files: map[string][]byte{archive: data, "checksums.txt": []byte(strings.Repeat("0", 64) + "  buoy_9.9.9_plan9_mips.tar.gz\n")},
			args:  []string{version},
			want:  "checksums.txt lists no " + archive,
		},
		"missing archive": {
			files: map[string][]byte{"checksums.txt": []byte(checksums)},
			args:  []string{version},
			want:  "download failed: ",
		},
		"latest from a mirror": {
			files: map[string][]byte{archive: data, "checksums.txt": []byte(checksums)},
			args:  nil,
			want:  "BUOY_DOWNLOAD_BASE is set: give the version to install",
		},
		"not a version": {
			files: map[string][]byte{archive: data, "checksums.txt": []byte(checksums)},
			args:  []string{"v9.9.9/../../x"},
			want:  "not a version: v9.9.9/../../x",
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := serveRelease(t, version, tc.files)
			dir := filepath.Join(t.TempDir(), "bin")
			out, err := installSh(t, path, srv, append([]string{"-b", dir}, tc.args...)...)
			if err == nil {
				t.Fatalf("install.sh succeeded:\n%s", out)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("install.sh output does not say %q:\n%s", tc.want, out)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("%s exists after a failed install (%v): %v", dir, err, readDir(t, filepath.Dir(dir)))
			}
		})
	}
}

// buildRelease builds buoy with the -X flags of .goreleaser.yaml, which
// stamp in the version, commit and date. Not with its -trimpath and
// CGO_ENABLED=0: either changes every package's build and would compile
// Hugo again (minutes of CPU in CI), where this build only links the
// packages `go test` compiled. scripts/release-snapshot builds with all of
// .goreleaser.yaml's flags.
func buildRelease(t *testing.T, version, commit, date string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is needed to build the binary under test: %v", err)
	}
	const pkg = "github.com/buoystatus/buoy/generator/buildinfo"
	out := filepath.Join(t.TempDir(), exe("buoy"))
	cmd := exec.Command(gobin, "build", "-o", out, "-ldflags",
		fmt.Sprintf("-s -w -X %s.version=%s -X %s.commit=%s -X %s.date=%s", pkg, version, pkg, commit, pkg, date), ".")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

// packRelease packs bin the way .goreleaser.yaml's archives section does:
// buoy, LICENSE, README.md and CHANGELOG.md at the top of a tar.gz (a zip
// on Windows) named buoy_<version>_<os>_<arch>.
func packRelease(t *testing.T, version, bin string) (string, []byte) {
	t.Helper()
	files := []struct {
		name string
		src  string
		mode int64
	}{
		{exe("buoy"), bin, 0o755},
		{"LICENSE", filepath.Join(root, "LICENSE"), 0o644},
		{"README.md", filepath.Join(root, "README.md"), 0o644},
		{"CHANGELOG.md", filepath.Join(root, "CHANGELOG.md"), 0o644},
	}
	name := fmt.Sprintf("buoy_%s_%s_%s", strings.TrimPrefix(version, "v"), runtime.GOOS, runtime.GOARCH)
	var buf bytes.Buffer
	if runtime.GOOS == "windows" {
		zw := zip.NewWriter(&buf)
		for _, f := range files {
			w, err := zw.Create(f.name)
			if err != nil {
				t.Fatal(err)
			}
			copyInto(t, w, f.src)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return name + ".zip", buf.Bytes()
	}
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		fi, err := os.Stat(f.src)
		if err != nil {
			t.Fatal(err)
		}
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: fi.Size(), ModTime: fi.ModTime(), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		copyInto(t, tw, f.src)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return name + ".tar.gz", buf.Bytes()
}

func copyInto(t *testing.T, w io.Writer, src string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		t.Fatal(err)
	}
}

// serveRelease serves files as the release download/<version>/ folder does.
func serveRelease(t *testing.T, version string, files map[string][]byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[strings.TrimPrefix(r.URL.Path, "/"+version+"/")]
		if !ok || !strings.HasPrefix(r.URL.Path, "/"+version+"/") {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// toolPath makes a PATH of the commands install.sh may run, and nothing
// else: fetcher is the one downloader (curl or wget) it gets.
func toolPath(t *testing.T, fetcher string) string {
	t.Helper()
	dir := t.TempDir()
	need := []string{"sh", fetcher, "uname", "mktemp", "rm", "awk", "cut", "mkdir", "tar", "gzip", "cp", "chmod", "mv", "cat", "sed", "tail", "tr"}
	if runtime.GOOS == "windows" {
		need = append(need, "unzip")
	}
	for _, tool := range need {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Fatalf("install.sh needs %s: %v", tool, err)
		}
		if err := os.Symlink(p, filepath.Join(dir, filepath.Base(p))); err != nil {
			t.Fatal(err)
		}
	}
	found := false
	for _, tool := range []string{"sha256sum", "shasum"} {
		if p, err := exec.LookPath(tool); err == nil {
			found = true
			if err := os.Symlink(p, filepath.Join(dir, filepath.Base(p))); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !found {
		t.Fatal("install.sh needs sha256sum or shasum")
	}
	return dir
}

// installSh runs install.sh with only path on PATH and the release base at url.
func installSh(t *testing.T, path, url string, args ...string) (string, error) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join(root, "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(path, "sh"), append([]string{script}, args...)...)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + path, "HOME=" + t.TempDir(), "BUOY_DOWNLOAD_BASE=" + url}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// runInstalled runs an installed binary with only path on PATH.
func runInstalled(t *testing.T, path, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"PATH=" + path, "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func readDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}
