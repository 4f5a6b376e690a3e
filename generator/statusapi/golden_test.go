package statusapi

import (
	"flag"
	"testing"

	"github.com/buoystatus/buoy/generator/status/statustest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestGolden(t *testing.T) {
	files, err := Files(statustest.SmallSite())
	if err != nil {
		t.Fatal(err)
	}
	statustest.Golden(t, "testdata/golden", files, *update)
}
