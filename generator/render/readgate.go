package render

import (
	"os"
	"strings"
	"sync"

	"github.com/spf13/afero"
)

// readGate is the project's file system as one Hugo sees it. Hugo's
// Done channel, which buildSites watches for a stall, is replaced at the
// start of every Build (HugoSites.reset), with no lock a caller could
// share; reading it while Build runs is a data race. A Build reads its
// content files only after that reset, so the first such read, seen
// here, tells buildSites when Done may be read.
type readGate struct {
	afero.Fs
	mu   sync.Mutex
	read chan struct{} // closed at the next content read; nil when none is awaited
}

const contentDir = workDir + "/content/"

// arm returns a channel closed when Hugo next reads a content file.
func (g *readGate) arm() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.read = make(chan struct{})
	return g.read
}

func (g *readGate) saw(name string) {
	if !strings.HasPrefix(name, contentDir) {
		return
	}
	g.mu.Lock()
	if g.read != nil {
		close(g.read)
		g.read = nil
	}
	g.mu.Unlock()
}

func (g *readGate) Open(name string) (afero.File, error) {
	g.saw(name)
	return g.Fs.Open(name)
}

func (g *readGate) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR) == 0 {
		g.saw(name)
	}
	return g.Fs.OpenFile(name, flag, perm)
}

// LstatIfPossible keeps what the wrapped file system offers: Hugo asks
// for it (afero.Lstater).
func (g *readGate) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	if l, ok := g.Fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := g.Fs.Stat(name)
	return fi, false, err
}
