//go:build !unix

package history

// lockDir is a no-op where flock is missing: appends stay safe through
// O_APPEND, but compaction must not run while another process appends.
func lockDir(dir string, exclusive bool) (unlock func(), err error) {
	return func() {}, nil
}
