package history

import (
	"os"
	"testing"
)

// TestMain runs the test binary as one of the helper processes the
// durability and migration tests start and kill, when they ask for one
// through the environment; otherwise it runs the tests.
func TestMain(m *testing.M) {
	if dir := os.Getenv("BUOY_TEST_WRITER_DIR"); dir != "" {
		helperWriter(dir)
		os.Exit(0)
	}
	if dir := os.Getenv("BUOY_TEST_COMPACT_DIR"); dir != "" {
		helperCompactor(dir)
		os.Exit(0)
	}
	os.Exit(m.Run())
}
