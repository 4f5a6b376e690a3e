//go:build unix

package confine

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// repoWithOutside makes a folder "repo" and, beside it, a file standing in
// for /etc/passwd.
func repoWithOutside(t *testing.T) (repo, outside string) {
	t.Helper()
	base := t.TempDir()
	repo = filepath.Join(base, "repo")
	outside = filepath.Join(base, "passwd")
	if err := os.WriteFile(outside, []byte("root:x:0:0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"incidents", "shared/sub"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(repo, "shared/sub/a.txt"), []byte("inside"), 0o644); err != nil {
		t.Fatal(err)
	}
	return repo, outside
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, dir string) *FS {
	t.Helper()
	d, err := Open(dir, "the status repository")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d.FS(64)
}

func TestRefusesLinksOutside(t *testing.T) {
	repo, outside := repoWithOutside(t)
	link(t, outside, filepath.Join(repo, "incidents/abs.yaml"))
	link(t, "../../passwd", filepath.Join(repo, "incidents/rel.yaml"))
	link(t, "/proc/self/environ", filepath.Join(repo, "incidents/environ.yaml"))
	link(t, "/dev/zero", filepath.Join(repo, "incidents/zero.yaml"))
	link(t, "..", filepath.Join(repo, "up"))
	link(t, "shared/../..", filepath.Join(repo, "up2"))
	fsys := open(t, repo)
	for _, name := range []string{"incidents/abs.yaml", "incidents/rel.yaml", "incidents/environ.yaml", "incidents/zero.yaml", "up/passwd", "up2/passwd", "up/repo/shared/sub/a.txt"} {
		for op, call := range map[string]func() error{
			"ReadFile": func() error { _, err := fsys.ReadFile(name); return err },
			"Open":     func() error { _, err := fsys.Open(name); return err },
			"Stat":     func() error { _, err := fsys.Stat(name); return err },
		} {
			err := call()
			if !errors.Is(err, ErrOutside) {
				t.Errorf("%s(%s): %v, want a refusal as outside", op, name, err)
				continue
			}
			if !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "outside the status repository") {
				t.Errorf("%s(%s): %q should name the file and the repository", op, name, err)
			}
		}
	}
}

func TestKeepsLinksInside(t *testing.T) {
	repo, _ := repoWithOutside(t)
	link(t, "../shared/sub/a.txt", filepath.Join(repo, "incidents/a.yaml"))
	link(t, "shared/sub", filepath.Join(repo, "linked"))
	link(t, "linked/../sub/./a.txt", filepath.Join(repo, "twice"))
	fsys := open(t, repo)
	for _, name := range []string{"incidents/a.yaml", "linked/a.txt", "twice"} {
		data, err := fsys.ReadFile(name)
		if err != nil || string(data) != "inside" {
			t.Errorf("ReadFile(%s) = %q, %v", name, data, err)
		}
	}
	entries, err := fsys.ReadDir("linked")
	if err != nil || len(entries) != 1 || entries[0].Name() != "a.txt" {
		t.Errorf("ReadDir(linked) = %v, %v", entries, err)
	}
	if err := fstest.TestFS(fsys, "shared/sub/a.txt", "incidents/a.yaml"); err != nil {
		t.Error(err)
	}
}

// A named pipe with no writer blocks whoever opens it for reading: it
// must be refused without being opened. The test would hang otherwise.
func TestRefusesSpecialFiles(t *testing.T) {
	repo, _ := repoWithOutside(t)
	fifo := filepath.Join(repo, "incidents/2026-01-01-x.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link(t, "2026-01-01-x.yaml", filepath.Join(repo, "incidents/via-link.yaml"))
	sock := filepath.Join(repo, "s")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: sock}); err != nil {
		t.Fatal(err)
	}
	fsys := open(t, repo)
	for name, kind := range map[string]string{
		"incidents/2026-01-01-x.yaml": "named pipe",
		"incidents/via-link.yaml":     "named pipe",
		"s":                           "socket",
	} {
		_, err := fsys.ReadFile(name)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), kind) || !strings.Contains(err.Error(), name) {
			t.Errorf("ReadFile(%s): %v, want a refusal naming it a %s", name, err, kind)
		}
		if _, err := fsys.Open(name); !errors.Is(err, ErrNotRegular) {
			t.Errorf("Open(%s): %v", name, err)
		}
	}
	// Listed as what they are, for a walk to meet at their own path.
	entries, err := fsys.ReadDir("incidents")
	if err != nil || len(entries) != 2 || entries[0].Type()&fs.ModeNamedPipe == 0 {
		t.Errorf("ReadDir(incidents) = %v, %v", entries, err)
	}
}

func TestLimit(t *testing.T) {
	repo, _ := repoWithOutside(t)
	write := func(name string, n int) {
		if err := os.WriteFile(filepath.Join(repo, name), []byte(strings.Repeat("x", n)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("at", 64)
	write("over", 65)
	fsys := open(t, repo)
	if data, err := fsys.ReadFile("at"); err != nil || len(data) != 64 {
		t.Errorf("ReadFile(at) = %d bytes, %v", len(data), err)
	}
	_, err := fsys.ReadFile("over")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "over: 65 bytes, over the limit of 64 bytes") {
		t.Errorf("ReadFile(over): %v", err)
	}
	if _, err := fsys.Open("over"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Open(over): %v", err)
	}
}

// A file that grows between the size check and the read is cut at the
// limit, not read to its end.
func TestLimitWhileGrowing(t *testing.T) {
	repo, _ := repoWithOutside(t)
	p := filepath.Join(repo, "grows")
	if err := os.WriteFile(p, []byte("small"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := open(t, repo)
	f, err := fsys.Open("grows")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := os.WriteFile(p, []byte(strings.Repeat("y", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(f)
	if err != nil || len(data) != 64 {
		t.Errorf("read %d bytes, %v; want the limit, 64", len(data), err)
	}
}
