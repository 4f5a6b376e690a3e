package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// Incident is what `buoy new` writes: an incident or a maintenance, with a
// first update whose text the user edits.
type Incident struct {
	Kind       status.Kind
	Title      string
	Components []string // component ids, or ["*"]
	Impact     status.Impact
	// Now, in the site's zone, is when the first update is posted; it is
	// written to the minute.
	Now time.Time
	// Started is when an incident's users were first affected; zero means Now.
	Started time.Time
	// Window is a maintenance's, in the site's zone.
	Window status.Window
	// Language picks the placeholder text (the site's language) among
	// Words, the site's theme's (nil: the built-in theme's).
	Language string
	Words    *words.Book
	// Text replaces the placeholder of the first update when set.
	Text string
	// Origin is the file's first comment, one line saying what wrote it;
	// empty means `buoy new`.
	Origin string
}

// Date is the day the file is named after: the day an incident started,
// or the day a maintenance window opens, in the site's zone.
func (in Incident) Date() string {
	if in.Kind == status.KindMaintenance {
		return in.Window.Start.Format(time.DateOnly)
	}
	return in.started().Format(time.DateOnly)
}

func (in Incident) started() time.Time {
	if in.Started.IsZero() {
		return in.Now.Truncate(time.Minute)
	}
	return in.Started
}

// posted is when the first update is posted: now, but never before the
// incident started, which may lie within the current minute.
func (in Incident) posted() time.Time {
	if now := in.Now.Truncate(time.Minute); in.Kind == status.KindMaintenance || now.After(in.started()) {
		return now
	}
	return in.started()
}

// Render returns the file's YAML.
func (in Incident) Render() ([]byte, error) {
	if strings.ContainsAny(in.Title, "\r\n") || strings.TrimSpace(in.Title) == "" {
		return nil, errors.New("the title must be one line of text")
	}
	text := placeholder(in.Words, in.Language)
	if in.Text != "" {
		text = texts{investigating: in.Text, scheduled: in.Text}
	}
	data := map[string]any{
		"Title":      strings.TrimSpace(in.Title),
		"Components": in.Components,
		"Impact":     string(in.Impact),
		"Now":        in.posted().Format(time.RFC3339),
		"Started":    in.started().Format(time.RFC3339),
		"Start":      in.Window.Start.Format(time.RFC3339),
		"End":        in.Window.End.Format(time.RFC3339),
		"Origin":     fmt.Sprintf("Written by `buoy new %s`.", in.Kind),
	}
	if in.Origin != "" {
		data["Origin"] = strings.ReplaceAll(in.Origin, "\n", " ")
	}
	if in.Kind == status.KindMaintenance {
		data["Text"] = text.scheduled
		return render("new/maintenance.yaml", data)
	}
	if in.Impact == "" {
		data["Impact"] = string(status.ImpactMinor)
	}
	data["Text"] = text.investigating
	return render("new/incident.yaml", data)
}

// CreateIncident writes in to dir/incidents/DATE-SLUG.yaml and returns
// that path relative to dir. It never overwrites: when an incident already
// has the id (as .yaml or .md, in any sub-folder), it adds -2, -3… to the
// slug.
func CreateIncident(dir string, in Incident) (string, error) {
	data, err := in.Render()
	if err != nil {
		return "", err
	}
	folder := filepath.Join(dir, "incidents")
	used, err := incidentIDs(folder)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", err
	}
	base := in.Date() + "-" + Slug(in.Title, string(in.Kind))
	for n := 1; n < 1000; n++ {
		id := base
		if n > 1 {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		if used[id] {
			continue
		}
		err := writeNew(filepath.Join(folder, id+".yaml"), data)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return path.Join("incidents", id+".yaml"), nil
	}
	return "", fmt.Errorf("%s: no free name for %s", folder, base)
}

// incidentIDs lists the ids (file names without extension) already used
// under the incidents folder; a missing folder uses none.
func incidentIDs(folder string) (map[string]bool, error) {
	used := map[string]bool{}
	err := filepath.WalkDir(folder, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == folder {
				return fs.SkipDir
			}
			return err
		}
		if !e.IsDir() {
			name := e.Name()
			used[strings.TrimSuffix(name, path.Ext(name))] = true
		}
		return nil
	})
	return used, err
}

// texts are the first update's text, for each kind.
type texts struct{ investigating, scheduled string }

// placeholder is the first update's text in the site's language, so that a
// French site does not get an English placeholder.
func placeholder(b *words.Book, tag string) texts {
	w := or(b).In(tag)
	return texts{investigating: w.T("newIncidentText", nil), scheduled: w.T("newMaintenanceText", nil)}
}

// Outage is the title and first update of an incident drafted because
// probes found a component down, in the site's language, from the words
// of b (nil: the built-in theme's). reason is what the probes saw.
func Outage(b *words.Book, tag, component, reason string) (title, text string) {
	w := or(b).In(tag)
	args := words.Args{"Component": component, "Reason": reason}
	return w.T("draftTitle", args), w.T("draftText", args)
}

func or(b *words.Book) *words.Book {
	if b == nil {
		return words.Builtin()
	}
	return b
}
