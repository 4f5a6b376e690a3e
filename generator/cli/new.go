package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/config"
	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/scaffold"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

var newCommand = command{
	usage:   `new [-C DIR] [--components IDS] [--impact IMPACT] [--start TIME] [--end TIME] incident|maintenance "Title"`,
	summary: "write a dated incident or maintenance file from a template",
	run:     runNew,
}

func runNew(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("new")
	dir := dirFlag(fs)
	components := fs.String("components", "", "affected component `ids`, comma-separated, or * for all (required unless the site has one component)")
	impact := fs.String("impact", "minor", "incident `impact`: none, minor, major or critical")
	start := fs.String("start", "", "maintenance window start, or when an incident started (default now): `TIME` as RFC 3339, or \"2006-01-02 15:04\" in the site's time zone")
	end := fs.String("end", "", "maintenance window end: `TIME` as RFC 3339, or \"2006-01-02 15:04\" in the site's time zone")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) < 2 {
		return usageErrorf(`new takes a kind and a title: buoy new incident "Website is down" or buoy new maintenance "Database upgrade" --start … --end …`)
	}
	kind := status.Kind(rest[0])
	if kind != status.KindIncident && kind != status.KindMaintenance {
		return usageErrorf("new makes an incident or a maintenance, not %q", rest[0])
	}
	// Unquoted words are one title: buoy new incident Website is down.
	title := strings.TrimSpace(strings.Join(rest[1:], " "))
	if title == "" || strings.ContainsAny(title, "\r\n") {
		return usageErrorf("the title must be one line of text")
	}
	setFlags := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { setFlags[f.Name] = true })

	root := env.abs(*dir)
	cfg, err := loadConfig(root)
	if err != nil {
		return report(env, err, "text")
	}
	book, err := loadWords(root, cfg)
	if err != nil {
		return report(env, err, "text")
	}
	in := scaffold.Incident{Kind: kind, Title: title, Now: env.Now().In(cfg.Location), Language: cfg.Language, Words: book}
	if in.Components, err = componentsArg(cfg, *components); err != nil {
		return err
	}
	if kind == status.KindMaintenance {
		if setFlags["impact"] {
			return usageErrorf("--impact is for incidents; a maintenance names its components and window")
		}
		if *start == "" || *end == "" {
			return usageErrorf("a maintenance needs its window: --start and --end, e.g. --start \"2030-01-10 08:00\" --end \"2030-01-10 10:00\" (%s)", cfg.Timezone)
		}
		if in.Window.Start, err = timeArg("--start", *start, cfg.Location); err != nil {
			return err
		}
		if in.Window.End, err = timeArg("--end", *end, cfg.Location); err != nil {
			return err
		}
		if !in.Window.End.After(in.Window.Start) {
			return usageErrorf("--end (%s) must be after --start (%s)", in.Window.End.Format(time.RFC3339), in.Window.Start.Format(time.RFC3339))
		}
	} else {
		if *end != "" {
			return usageErrorf("--end is for maintenance windows; an incident ends with an update of status resolved")
		}
		in.Impact = status.Impact(*impact)
		if !slices.Contains(status.Impacts, in.Impact) {
			return usageErrorf("--impact must be none, minor, major or critical, not %q", *impact)
		}
		if *start != "" {
			if in.Started, err = timeArg("--start", *start, cfg.Location); err != nil {
				return err
			}
			if in.Started.After(in.Now) {
				return usageErrorf("--start (%s) is in the future: an incident starts when users are first affected", in.Started.Format(time.RFC3339))
			}
		}
	}
	p, err := scaffold.CreateIncident(root, in)
	if err != nil {
		return err
	}
	// Print the path as the user would type it, so that
	// `$EDITOR "$(buoy new incident …)"` works.
	shown := filepath.Join(root, filepath.FromSlash(p))
	if rel, err := filepath.Rel(env.Dir, shown); err == nil && !strings.HasPrefix(rel, "..") {
		shown = rel
	}
	fmt.Fprintln(env.Stdout, shown)
	return nil
}

// loadConfig reads status.yaml alone: a broken incident file elsewhere
// must not stop anyone from writing a new one.
func loadConfig(root string) (*status.Config, error) {
	dir, err := confine.Open(root, "the status repository")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, diag.List{{Path: config.File, Msg: "not found: is this a status repository? (buoy init creates one)"}}
	}
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	data, err := dir.FS(confine.MaxYAML).ReadFile(config.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, diag.List{{Path: config.File, Msg: "not found: is this a status repository? (buoy init creates one)"}}
	}
	if refused := confine.Reason(err); refused != nil {
		return nil, diag.List{{Path: config.File, Msg: refused.Error()}}
	}
	if err != nil {
		return nil, err
	}
	cfg, problems := config.Parse(config.File, data)
	if cfg == nil {
		return nil, problems.Err()
	}
	return cfg, nil
}

// loadWords reads the words of the site's theme, for the placeholder text.
func loadWords(root string, cfg *status.Config) (*words.Book, error) {
	dir, err := confine.Open(root, "the status repository")
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	book, problems, err := words.Load(dir.FS(confine.MaxYAML), cfg.ThemeOrDefault())
	if err != nil {
		return nil, err
	}
	return book, problems.Err()
}

// componentsArg reads --components. Without it, a site of one component
// means that one; otherwise guessing would mark the wrong services down,
// so the user must say.
func componentsArg(cfg *status.Config, arg string) ([]string, error) {
	ids := make([]string, len(cfg.Components))
	for i, c := range cfg.Components {
		ids[i] = c.ID
	}
	var list []string
	for _, s := range strings.Split(arg, ",") {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	switch {
	case len(list) == 0 && len(ids) == 1:
		return ids, nil
	case len(list) == 0:
		return nil, usageErrorf("say which components are affected: --components with one or more of %s, or \"*\" for all", strings.Join(ids, ", "))
	case slices.Contains(list, status.AllComponents):
		if len(list) > 1 {
			return nil, usageErrorf("--components: \"*\" means every component; do not list others with it")
		}
		return list, nil
	}
	var unknown []string
	for _, id := range list {
		if !slices.Contains(ids, id) {
			unknown = append(unknown, fmt.Sprintf("%q%s", id, yamlfile.Suggest(id, ids)))
		}
	}
	if len(unknown) > 0 {
		return nil, usageErrorf("--components: unknown component %s; the components are %s, or \"*\" for all", strings.Join(unknown, ", "), strings.Join(ids, ", "))
	}
	return list, nil
}

// timeArg reads a time from the command line: RFC 3339, or a wall-clock
// time in the site's zone, as people say it.
func timeArg(name, s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageErrorf("%s %q is not a time: use \"2006-01-02 15:04\" (read in %s) or RFC 3339 such as 2006-01-02T15:04:00+01:00", name, s, loc)
}
