package history

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// helperWriter is the writer process the durability tests run: the test
// binary again, which TestMain sends here when BUOY_TEST_WRITER_DIR is set.
func helperWriter(dir string) {
	name := os.Getenv("BUOY_TEST_WRITER_NAME")
	count, _ := strconv.Atoi(os.Getenv("BUOY_TEST_WRITER_COUNT")) // 0: until killed
	batch, _ := strconv.Atoi(os.Getenv("BUOY_TEST_WRITER_BATCH"))
	s := Open(dir, Options{NoSync: os.Getenv("BUOY_TEST_WRITER_NOSYNC") != ""})
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for n := 0; count == 0 || n < count; {
		var rs []status.Result
		for range batch {
			rs = append(rs, status.Result{Time: base.Add(time.Duration(n) * time.Second), Component: "web", Probe: name,
				Outcome: status.OutcomeUp, Latency: time.Millisecond, Reason: fmt.Sprintf("%s-%d %s", name, n, strings.Repeat("x", 60))})
			n++
		}
		if err := s.Append(rs); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		if n == batch {
			fmt.Println("ready")
		}
	}
}

func writer(t *testing.T, dir, name string, count, batch int, nosync bool) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BUOY_TEST_WRITER_DIR="+dir, "BUOY_TEST_WRITER_NAME="+name,
		"BUOY_TEST_WRITER_COUNT="+strconv.Itoa(count), "BUOY_TEST_WRITER_BATCH="+strconv.Itoa(batch))
	if nosync {
		cmd.Env = append(cmd.Env, "BUOY_TEST_WRITER_NOSYNC=1")
	}
	return cmd
}

// seq returns, per probe, the sequence numbers found in reasons.
func seqs(t *testing.T, set *Set) map[string][]int {
	out := map[string][]int{}
	for _, s := range set.Component("web") {
		for _, x := range s.Samples {
			r := s.Reason(x)
			num, _, _ := strings.Cut(strings.TrimPrefix(r, s.Probe+"-"), " ")
			n, err := strconv.Atoi(num)
			if err != nil {
				t.Fatalf("reason %q", r)
			}
			out[s.Probe] = append(out[s.Probe], n)
		}
	}
	return out
}

// TestSIGKILLMidAppend kills a writer 100 times while it appends and
// checks that every complete line stays readable: each writer's records
// form an unbroken prefix of what it meant to write, and no kill costs
// more than the one line it tore.
func TestSIGKILLMidAppend(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 100 processes")
	}
	dir := t.TempDir()
	const kills = 100
	for i := range kills {
		cmd := writer(t, dir, fmt.Sprintf("w%d", i), 0, 50, false)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "ready\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("writer said %q", line)
		}
		time.Sleep(time.Duration(rand.IntN(8000)) * time.Microsecond)
		cmd.Process.Kill() // SIGKILL
		cmd.Wait()
	}
	data, err := readDay(filepath.Join(dir, "web", "2025-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	set, warn := loadAll(t, dir)
	got := seqs(t, set)
	total := 0
	for i := range kills {
		ns := got[fmt.Sprintf("w%d", i)]
		if len(ns) < 50 {
			t.Errorf("writer %d: %d records, it had appended at least 50", i, len(ns))
		}
		for j, n := range ns {
			if n != j {
				t.Fatalf("writer %d: record %d is #%d: a complete line was lost", i, j, n)
			}
		}
		total += len(ns)
	}
	// Every line the file holds that ends in a newline and parses was read.
	complete := 0
	var rec record
	eachLine(data, func(n int, line []byte) {
		if _, err := decode(line, &rec); err == nil {
			complete++
		}
	})
	if complete != total {
		t.Errorf("file has %d readable lines, load returned %d", complete, total)
	}
	if w := strings.Count(warn, "\n"); w > kills {
		t.Errorf("%d warnings for %d kills", w, kills)
	}
	t.Logf("%d records in %d bytes; %d torn lines", total, len(data), strings.Count(warn, "skipped"))
}

// TestConcurrentWriters runs two writer processes appending 10,000
// samples each to the same files and checks that none is lost.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	const n = 10000
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One append per sample, to interleave as finely as possible;
			// fsync is off so that the test takes seconds, and does not
			// bear on how O_APPEND keeps writers apart.
			out, err := writer(t, dir, fmt.Sprintf("w%d", i), n, 1, true).CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("%v: %s", err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	set, warn := loadAll(t, dir)
	got := seqs(t, set)
	for i := range 2 {
		ns := got[fmt.Sprintf("w%d", i)]
		if len(ns) != n {
			t.Errorf("writer %d: %d of %d samples", i, len(ns), n)
		}
	}
	if warn != "" {
		t.Errorf("warnings: %s", warn)
	}
}

// TestGitUnionMerge appends on two branches and merges them with the
// .gitattributes buoy writes: no conflict, every sample once.
func TestGitUnionMerge(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	git := gitIn(t, repo)
	s := Open(filepath.Join(repo, "history"), Options{NoSync: true})
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * 5 * time.Minute) }
	appendN := func(region string, from, to int) {
		var rs []status.Result
		for i := from; i < to; i++ {
			for _, comp := range []string{"web", "api"} {
				r := result(comp, "http", at(i), status.OutcomeUp, i, "HTTP 200")
				r.Region = region
				rs = append(rs, r)
			}
		}
		if err := s.Append(rs); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q")
	if err := s.EnsureGitAttributes(); err != nil {
		t.Fatal(err)
	}
	appendN("eu", 0, 10)
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	git("checkout", "-q", "-b", "other")
	appendN("us", 10, 20) // the other region
	appendN("eu", 10, 12) // and a rerun that the first branch also made
	git("commit", "-q", "-am", "us")
	git("checkout", "-q", "main")
	appendN("eu", 10, 20)
	git("commit", "-q", "-am", "eu")
	git("merge", "-q", "--no-edit", "other")

	data, _ := readDay(filepath.Join(repo, "history", "web", "2025-03-01"))
	if bytes.Contains(data, []byte("<<<<<<<")) {
		t.Fatalf("conflict markers:\n%s", data)
	}
	set, err := s.Load(nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, comp := range []string{"web", "api"} {
		series := set.Component(comp)
		if len(series) != 2 {
			t.Fatalf("%s: %d series", comp, len(series))
		}
		for _, ser := range series {
			want := map[string]int{"eu": 20, "us": 10}[ser.Region]
			if len(ser.Samples) != want {
				t.Errorf("%s region %s: %d samples, want %d", comp, ser.Region, len(ser.Samples), want)
			}
		}
	}
}

// gitIn returns a runner of git commands in repo, with a fixed identity
// and no user or system configuration, that fails t on any error.
func gitIn(t *testing.T, repo string) func(args ...string) {
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+repo)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}
