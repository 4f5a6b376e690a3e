package build

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// swapByRenames moves out aside, then tmp in its place, and moves out back
// if the second step fails.
func swapByRenames(tmp, out string) (old string, err error) {
	aside, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".old-")
	if err != nil {
		return "", err
	}
	// MkdirTemp only reserves the name; the rename needs it free.
	if err := os.Remove(aside); err != nil {
		return "", err
	}
	if err := os.Rename(out, aside); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(aside, out); rerr != nil {
			return "", &os.LinkError{Op: "restore", Old: aside, New: out, Err: rerr}
		}
		return "", err
	}
	return aside, nil
}

// removeTree deletes a site folder. Unlinking thousands of files waits on
// the disk more than on the CPU, so the folders two levels down (one per
// page: incidents/<id>/) are removed by many goroutines at once.
func removeTree(dir string) error {
	var jobs []string
	top, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			jobs = append(jobs, p)
			continue
		}
		sub, err := os.ReadDir(p)
		if err != nil {
			jobs = append(jobs, p)
			continue
		}
		for _, s := range sub {
			jobs = append(jobs, filepath.Join(p, s.Name()))
		}
	}
	next := make(chan string)
	var wg sync.WaitGroup
	for range 8 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				os.RemoveAll(p) // what fails here fails again below, and is reported
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return os.RemoveAll(dir)
}
