//go:build !unix

package probe

// openFiles reports no limit: Windows has no per-process cap on sockets
// like Unix's open-file limit.
func openFiles() (limit uint64, open int, ok bool) { return 0, 0, false }
