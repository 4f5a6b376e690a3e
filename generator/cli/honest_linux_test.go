//go:build linux

package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe/probetest"
)

// TestProbeRecordsNoDeadlineCut runs `buoy probe --concurrency 1` over
// hanging targets of every type under a round deadline that cannot fit them
// all: what history holds had its whole timeout, and the others are listed
// on stderr as not recorded.
func TestProbeRecordsNoDeadlineCut(t *testing.T) {
	silentTCP, silentUDP, synDrop := probetest.SilentTCP(t), probetest.SilentUDP(t), probetest.SynDropper(t)
	dir := statusRepo(t, fmt.Sprintf(`components:
  - id: web
    name: Web
    probes:
      - { id: http, type: http, url: "http://%[1]s/", timeout: 300ms }
      - { id: tls, type: tls, address: "%[1]s", timeout: 300ms }
      - { id: dns, type: dns, name: example.test, record: A, resolver: "%[2]s", timeout: 300ms }
      - { id: tcp, type: tcp, address: "%[3]s", timeout: 300ms }
      - { id: http2, type: http, url: "http://%[1]s/", timeout: 300ms }
      - { id: dns2, type: dns, name: example.test, record: A, resolver: "%[2]s", timeout: 300ms }
`, silentTCP, silentUDP, synDrop))
	env, stdout, stderr := newEnv(t, dir)
	env.Now = time.Now // latencies are measured with this clock
	// Four probes fit in 1.4 s one after the other, the fifth would not.
	if err := env.Run(context.Background(), []string{"probe", "--concurrency", "1", "--deadline", "1400ms", "--notify=false"}); err != nil {
		t.Fatalf("probe: %v\n%s%s", err, stdout, stderr)
	}
	// One file per hour: two when the round straddles one's end.
	files, _ := filepath.Glob(filepath.Join(dir, "history", "web", "*", "*.jsonl"))
	if len(files) == 0 || len(files) > 2 {
		t.Fatalf("history files %v", files)
	}
	var data []byte
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, b...)
	}
	recorded := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var r struct {
			Probe, Outcome, Reason string
			LatencyMS              int `json:"latency_ms"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		recorded++
		if !strings.HasPrefix(r.Reason, "timeout after 300ms") || r.LatencyMS < 270 {
			t.Errorf("%s recorded as %s %q after %d ms, less than its timeout", r.Probe, r.Outcome, r.Reason, r.LatencyMS)
		}
	}
	notRecorded := strings.Count(stderr.String(), "not recorded: ")
	if recorded == 0 || recorded+notRecorded != 6 {
		t.Errorf("%d recorded, %d not recorded:\n%s%s", recorded, notRecorded, stdout, stderr)
	}
	t.Logf("%s%s", stdout, stderr)
}
