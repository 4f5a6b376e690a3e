//go:build unix

package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// exitDeadline is how long a process has to end, well past the 2 s buoy
// promises (the figures are logged): a test must not depend on the speed of
// the machine, only catch a process that does not end at all.
const exitDeadline = 10 * time.Second

// proc is buoy running as a separate process.
type proc struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	done chan struct{}
}

func start(t *testing.T, dir string, args ...string) *proc {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: exec.Command(self, args...), out: &bytes.Buffer{}, done: make(chan struct{})}
	p.cmd.Dir = dir
	p.cmd.Env = append(os.Environ(), "BUOY_AS_MAIN=1")
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// wait waits for the process to end, failing the test when it is still
// running after exitDeadline, and returns its exit code and how long it
// took.
func (p *proc) wait(t *testing.T) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	select {
	case <-p.done:
	case <-time.After(exitDeadline):
		p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("buoy %v still running %s later; output:\n%s", p.cmd.Args[1:], exitDeadline, p.out)
	}
	return p.cmd.ProcessState.ExitCode(), time.Since(start)
}

// bigSite writes a status repository of n incidents: enough that a build
// takes a while, for a signal or a kill to land in the middle of it.
func bigSite(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "status.yaml"), "title: Big\nbase_url: https://s.example.org/\ncomponents:\n  - {id: web, name: Web}\n")
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, i%1500).Format("2006-01-02")
		write(t, filepath.Join(dir, "incidents", fmt.Sprintf("%s-i%05d.yaml", d, i)), fmt.Sprintf(
			"title: Incident %d\ncomponents: [web]\nimpact: minor\nstarted: %sT10:00:00Z\nresolved: %sT11:00:00Z\n"+
				"updates:\n  - at: %sT10:30:00Z\n    status: investigating\n    text: Looking into **it**, %d.\n", i, d, d, d, i))
	}
	return dir
}

// tmpFolders lists the temporary folders of builds into dir/public.
func tmpFolders(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// untilTmp waits until a build has created its temporary folder: it has
// loaded the repository and is rendering.
func untilTmp(t *testing.T, p *proc, dir string) {
	t.Helper()
	for len(tmpFolders(t, dir)) == 0 {
		if !p.running() {
			t.Fatalf("build ended before it rendered:\n%s", p.out)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// SIGTERM and SIGINT end a build while Hugo renders, which cannot be
// interrupted: the process exits after stopGrace, exit code 1.
func TestSignalEndsBuild(t *testing.T) {
	dir := bigSite(t, 1000)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			p := start(t, dir, "build")
			untilTmp(t, p, dir)
			if !p.running() {
				t.Fatal("build ended before the signal: make the site larger")
			}
			p.cmd.Process.Signal(sig)
			code, took := p.wait(t)
			if code == 0 {
				t.Errorf("exit code 0 after %v: the build completed", sig)
			}
			t.Logf("%v while rendering: exit %d after %s", sig, code, took)
		})
	}
}

// A signal as the build starts (before buoy handles signals, or while it
// loads the repository) ends it too, and a second signal ends it at once.
func TestSignalEndsBuildEarly(t *testing.T) {
	dir := bigSite(t, 1000)
	p := start(t, dir, "build")
	time.Sleep(200 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTERM)
	code, took := p.wait(t)
	t.Logf("SIGTERM at 200 ms: exit %d after %s", code, took)

	p = start(t, dir, "build")
	untilTmp(t, p, dir)
	p.cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(50 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGINT)
	code, took = p.wait(t)
	t.Logf("SIGINT twice: exit %d after %s (-1: killed by the signal)", code, took)
}

// A probe waiting on a target that accepts and never answers ends on
// SIGTERM, long before its timeout.
func TestSignalEndsProbe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c
		}
	}()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "status.yaml"), "title: T\nbase_url: https://s.example.org/\ncomponents:\n"+
		"  - id: web\n    name: Web\n    probes:\n      - {id: home, type: http, url: http://"+ln.Addr().String()+"/, timeout: 50s}\n")
	p := start(t, dir, "probe", "--notify=false")
	select {
	case c := <-accepted:
		defer c.Close()
	case <-p.done:
		t.Fatalf("probe ended before it connected:\n%s", p.out)
	case <-time.After(exitDeadline):
		t.Fatalf("probe did not connect:\n%s", p.out)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	code, took := p.wait(t)
	t.Logf("SIGTERM while probing: exit %d after %s", code, took)
}

// A named pipe named like an incident, and an incident linked to
// /dev/zero, are refused at their paths: check and build end on their own.
func TestSpecialFilesDoNotHang(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "status.yaml"), "title: T\nbase_url: https://s.example.org/\ncomponents:\n  - {id: web, name: Web}\n")
	if err := os.MkdirAll(filepath.Join(dir, "incidents"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "incidents", "2026-01-01-pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "incidents", "x.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check", "build"} {
		p := start(t, dir, cmd)
		code, took := p.wait(t)
		out := p.out.String()
		if code != 1 || !strings.Contains(out, "incidents/2026-01-01-pipe.yaml: cannot read: open incidents/2026-01-01-pipe.yaml: not a regular file but a named pipe (FIFO)") ||
			!strings.Contains(out, "incidents/x.yaml: cannot read: open incidents/x.yaml: a link leads outside the status repository") {
			t.Errorf("buoy %s: exit %d, output:\n%s", cmd, code, out)
		}
		t.Logf("buoy %s: refused in %s", cmd, took)
	}
}

// A build killed with SIGKILL leaves its temporary folder; the next build
// removes it at once (here: takes it as its spare), and leaves alone the
// folder of a build running beside it, which then completes.
func TestKilledBuildLeftovers(t *testing.T) {
	dir := bigSite(t, 600)
	for range 2 { // the second leaves a spare, which the killed build takes
		if code, _ := start(t, dir, "build").wait(t); code != 0 {
			t.Fatal("build failed")
		}
	}
	killed := start(t, dir, "build")
	// The spare is moved in under a name made empty first (takeSpare):
	// kill once it is there, not between the two.
	for untilTmp(t, killed, dir); ; time.Sleep(time.Millisecond) {
		if tmp := tmpFolders(t, dir); len(tmp) == 1 {
			if entries, _ := os.ReadDir(tmp[0]); len(entries) > 0 {
				break
			}
		}
		if !killed.running() {
			t.Fatalf("build ended before it took the spare:\n%s", killed.out)
		}
	}
	killed.cmd.Process.Kill()
	killed.wait(t)
	left := tmpFolders(t, dir)
	if len(left) != 1 {
		t.Fatalf("the killed build left %v", left)
	}
	if entries, _ := os.ReadDir(left[0]); len(entries) == 0 {
		t.Fatal("the killed build's folder is empty: it took no spare")
	}

	running := start(t, dir, "build")
	untilTmp(t, running, dir)
	mine := tmpFolders(t, dir)
	beside := start(t, dir, "build")
	besideCode, took := beside.wait(t)
	stillRunning := running.running()
	runningCode, _ := running.wait(t)
	if besideCode != 0 || runningCode != 0 {
		t.Errorf("builds side by side: exit %d and %d\n%s\n%s", runningCode, besideCode, running.out, beside.out)
	}
	t.Logf("the build beside took %s; the first was still running after it: %v, with %v", took, stillRunning, mine)
	if left := tmpFolders(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	for _, pattern := range []string{".public.old-*", ".public.del-*"} {
		if m, _ := filepath.Glob(filepath.Join(dir, pattern)); len(m) > 0 {
			t.Errorf("left behind: %v", m)
		}
	}
}
