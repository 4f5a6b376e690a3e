// Package repo loads a status repository: status.yaml and incidents/,
// validated together so that incidents can name the components.
package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/buoystatus/buoy/generator/config"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/incident"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/themes"
)

// Repo is a loaded, valid status repository.
type Repo struct {
	Dir       string
	Config    *status.Config
	Incidents []status.Incident
}

// Load reads and validates the status repository in dir. Invalid input
// gives a diag.List naming every problem; other errors are I/O failures.
func Load(dir string) (*Repo, error) {
	r, problems, err := LoadFS(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	r.Dir = dir
	return r, nil
}

// LoadFS reads a status repository from fsys, returning problems found in
// the files separately from failures to read them.
func LoadFS(fsys fs.FS) (*Repo, diag.List, error) {
	data, err := fs.ReadFile(fsys, config.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, diag.List{{Path: config.File, Msg: "not found: is this a status repository? (buoy init creates one)"}}, nil
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
	incidents, problems := incident.ReadDir(fsys, cfg)
	if len(problems) > 0 {
		return nil, problems, nil
	}
	return &Repo{Config: cfg, Incidents: incidents}, nil, nil
}
