//go:build !unix

package build_test

func syncDisk() {}
