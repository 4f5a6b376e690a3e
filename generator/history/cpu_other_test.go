//go:build !unix

package history

// cpuTime is unknown here; the benchmark then reports no CPU figure.
func cpuTime() int64 { return -1 }
