// Package repo loads a status repository: status.yaml and incidents/,
// validated together so that incidents can name the components.
package repo

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/buoystatus/buoy/generator/config"
	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/incident"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
	"github.com/buoystatus/buoy/themes"
)

// Repo is a loaded, valid status repository.
type Repo struct {
	Dir       string
	Config    *status.Config
	Incidents []status.Incident
	// Words are the site's theme's words with the repository's own i18n/
	// over them: what feeds, the API, alerts and drafts say.
	Words *words.Book
}

// Load reads and validates the status repository in dir. Invalid input
// gives a diag.List naming every problem; other errors are I/O failures.
// now is the present incidents are checked against (see incident.Parse).
func Load(dir string, now time.Time) (*Repo, error) {
	return (*Loader)(nil).load(dir, now, nil, nil)
}

// LoadThen is Load that calls early with the configuration as soon as
// status.yaml is read and valid, before the words and incidents are: a
// build sets Hugo up with it meanwhile. The repository may still turn
// out invalid. Incidents are taken from cache, and kept there, when it
// is not nil (see incident.ReadDirCached).
func LoadThen(dir string, now time.Time, early func(*status.Config), cache incident.Cache) (*Repo, error) {
	return (*Loader)(nil).load(dir, now, early, cache)
}

// load reads the repository in dir through confine: no file outside it,
// and no file but regular ones, is read, and each at most confine.MaxYAML.
func (l *Loader) load(dir string, now time.Time, early func(*status.Config), cache incident.Cache) (*Repo, error) {
	root, err := confine.Open(dir, "the status repository")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound().Err()
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	r, problems, err := l.loadFS(root.FS(confine.MaxYAML), now, early, cache)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	r.Dir = dir
	return r, nil
}

func notFound() diag.List {
	return diag.List{{Path: config.File, Msg: "not found: is this a status repository? (buoy init creates one)"}}
}

// LoadFS reads a status repository from fsys, returning problems found in
// the files separately from failures to read them.
func LoadFS(fsys fs.FS, now time.Time) (*Repo, diag.List, error) {
	return (*Loader)(nil).loadFS(fsys, now, nil, nil)
}

// Loader loads one status repository again and again, for `buoy serve`:
// an incident file that did not change since the previous load, under the
// same status.yaml, is not parsed again. A Loader is not safe for
// concurrent use.
type Loader struct {
	dir    string
	now    func() time.Time
	config []byte // status.yaml as memo was made for
	memo   *incident.Memo
	words  words.Memo
}

// NewLoader prepares loads of the repository in dir, each checked against
// the time now tells when it starts.
func NewLoader(dir string, now func() time.Time) *Loader { return &Loader{dir: dir, now: now} }

// Load is Load(dir, now()), with the Loader's dir and clock.
func (l *Loader) Load() (*Repo, error) { return l.load(l.dir, l.now(), nil, nil) }

// memoFor returns the memo for incidents read under status.yaml data:
// they are checked against its components.
func (l *Loader) memoFor(data []byte) *incident.Memo {
	if l == nil {
		return nil
	}
	if l.memo == nil || !bytes.Equal(l.config, data) {
		l.config, l.memo = data, &incident.Memo{}
	}
	return l.memo
}

// wordsMemo is the memo of the site's words, nil for a one-off load.
func (l *Loader) wordsMemo() *words.Memo {
	if l == nil {
		return nil
	}
	return &l.words
}

func (l *Loader) loadFS(fsys fs.FS, now time.Time, early func(*status.Config), cache incident.Cache) (*Repo, diag.List, error) {
	data, err := fs.ReadFile(fsys, config.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(), nil
	}
	if refused := confine.Reason(err); refused != nil {
		return nil, diag.List{{Path: config.File, Msg: refused.Error()}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", config.File, err)
	}
	cfg, problems := config.ParseWith(config.File, data, config.Options{
		UILanguages: func(theme string) []string { return themes.UILanguages(fsys, theme) },
		ThemeExists: func(theme string) bool { return themes.Exists(fsys, theme) },
	})
	if cfg == nil {
		// Incidents are checked against the components, so they wait until
		// status.yaml is valid rather than drown its problems in unknown ids.
		return nil, problems, nil
	}
	if early != nil && len(problems) == 0 {
		early(cfg)
	}
	book, problems, err := l.wordsMemo().Load(fsys, cfg.ThemeOrDefault())
	if err != nil {
		return nil, nil, err
	}
	var incidents []status.Incident
	var more diag.List
	if cache != nil {
		incidents, more = incident.ReadDirCached(fsys, cfg, now, cache)
	} else {
		incidents, more = incident.ReadDirMemo(fsys, cfg, now, l.memoFor(data))
	}
	if problems = append(problems, more...); len(problems) > 0 {
		return nil, problems, nil
	}
	return &Repo{Config: cfg, Incidents: incidents, Words: book}, nil, nil
}
