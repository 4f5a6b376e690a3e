// Package sitetest builds real sites for tests, the way Hugo's
// hugolib.Test does for Hugo: a txtar archive of a status repository
// (status.yaml, incidents/, history/, layouts/, i18n/ …) is written to a
// temporary folder, built by build.Build at a fixed clock, and checked by
// reading public/: AssertFileContent for ordered substrings, the
// selector assertions where the markup around a value may change.
//
// Only tests import it.
package sitetest

import (
	"context"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/buildcache"
	"github.com/buoystatus/buoy/generator/filetest"
)

// Site is a status repository written for a test and, once built, its
// site.
type Site struct {
	T testing.TB
	// Dir is the repository, Out the folder the site is built into
	// (Dir/public).
	Dir, Out string
	// Now is the clock of the next build; change it to build again later.
	Now time.Time
	// Log is what the last build logged.
	Log string
	// Cache is the build cache builds use; nil is none.
	Cache *buildcache.Dir
}

// Test writes files into a new repository and builds it at now: the
// common case, as hugolib.Test.
func Test(t testing.TB, files string, now time.Time) *Site {
	t.Helper()
	return New(t, files, now).Build()
}

// New writes files, a txtar archive, into a new repository without
// building it, for tests that change it first.
func New(t testing.TB, files string, now time.Time) *Site {
	t.Helper()
	return Open(t, Repo(t, files), now)
}

// Open is a Site over the repository at dir, one a test wrote its own way
// (a thousand incidents, history appended by history.Store).
func Open(t testing.TB, dir string, now time.Time) *Site {
	return &Site{T: t, Dir: dir, Out: filepath.Join(dir, "public"), Now: now}
}

// Repo writes a txtar archive of files into a new folder under
// t.TempDir() and returns the folder.
func Repo(t testing.TB, files string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(files)).Files {
		filetest.WriteFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), string(f.Data))
	}
	return dir
}

// Options are the build options Build and BuildE use: the site's folders
// and its clock.
func (s *Site) Options() build.Options {
	now := s.Now
	return build.Options{
		Dir:   s.Dir,
		Out:   s.Out,
		Now:   func() time.Time { return now },
		Cache: s.Cache,
	}
}

// BuildE builds the site and returns the build's error; Log holds what
// it logged.
func (s *Site) BuildE() error {
	// The collector settings of `buoy build`: the benchmarks time builds
	// made with them.
	defer debug.SetGCPercent(debug.SetGCPercent(build.BatchGCPercent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(build.BatchMemoryLimit))
	var log strings.Builder
	opts := s.Options()
	opts.Log = &log
	err := build.Build(context.Background(), opts)
	s.Log = log.String()
	return err
}

// Build builds the site and fails the test if the build fails or logs
// anything: a warning is a defect unless the test expects it (then use
// BuildE and check Log).
func (s *Site) Build() *Site {
	s.T.Helper()
	if err := s.BuildE(); err != nil {
		s.T.Fatalf("build: %v\nlog:\n%s", err, s.Log)
	}
	if s.Log != "" {
		s.T.Errorf("build logged:\n%s", s.Log)
	}
	return s
}

// WriteFile writes a file of the repository, rel a slash path below it.
func (s *Site) WriteFile(rel, data string) {
	s.T.Helper()
	filetest.WriteFile(s.T, filepath.Join(s.Dir, filepath.FromSlash(rel)), data)
}
