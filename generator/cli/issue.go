package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/issuefile"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/safetext"
)

var issueCommand = command{
	usage:   "issue --event FILE [-C DIR] [--comment OUT]",
	summary: "write or update an incident file from a GitHub issue or comment event",
	run:     runIssue,
}

// maxEvent bounds the event payload read: GitHub caps webhook payloads at
// 25 MB, and a body buoy accepts is far smaller.
const maxEvent = 32 << 20

func runIssue(ctx context.Context, env *Env, args []string) error {
	fs := env.flags("issue")
	dir := dirFlag(fs)
	eventFile := fs.String("event", "", "the GitHub issues or issue_comment event payload `FILE` (in Actions: $GITHUB_EVENT_PATH)")
	out := fs.String("comment", "", "write the reply to post on the issue, in Markdown, to `OUT`")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("issue takes no arguments, only flags: buoy issue --event \"$GITHUB_EVENT_PATH\"")
	}
	if *eventFile == "" {
		return usageErrorf("say which event to read: --event FILE")
	}
	data, err := readEvent(env.abs(*eventFile))
	if err != nil {
		return err
	}
	ev, err := issuefile.ParseEvent(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *eventFile, err)
	}
	reply := func(text string) error {
		if *out == "" || text == "" {
			return nil
		}
		return os.WriteFile(env.abs(*out), []byte(text), 0o644)
	}
	// What is ignored whatever the repository holds needs no repository:
	// a comment among people or an outsider's issue gets no error about a
	// broken file.
	if res := issuefile.Triage(ev); res != nil {
		fmt.Fprintf(env.Stdout, "ignored=%s\n", safetext.Lines(res.Ignored))
		return reply(res.Reply)
	}
	root := env.abs(*dir)
	now := env.Now()
	// The same load as buoy check: a repository it rejects gets no change.
	r, err := repo.Load(root, now)
	var problems diag.List
	if errors.As(err, &problems) {
		if werr := reply(issuefile.BrokenReply(problems)); werr != nil {
			return werr
		}
		return report(env, err, "text")
	}
	if err != nil {
		return err
	}
	res, err := issuefile.Apply(ev, issuefile.Repo{Config: r.Config, Incidents: r.Incidents, FS: os.DirFS(root), Words: r.Words}, now)
	var refusal *issuefile.Refusal
	switch {
	case errors.As(err, &refusal):
		if werr := reply(issuefile.RefusedReply(err)); werr != nil {
			return werr
		}
		fmt.Fprintf(env.Stderr, "buoy issue: refused: %s\n", safetext.Lines(refusal.Msg))
		return ErrFailed
	case errors.As(err, &problems):
		if werr := reply(issuefile.RefusedReply(err)); werr != nil {
			return werr
		}
		return report(env, err, "text")
	case err != nil:
		return err
	case res.Ignored != "":
		fmt.Fprintf(env.Stdout, "ignored=%s\n", safetext.Lines(res.Ignored))
		return reply(res.Reply)
	}
	full := filepath.Join(root, filepath.FromSlash(res.Path))
	if err := writeIncident(full, res.Data, res.Created); err != nil {
		return fmt.Errorf("writing %s: %w", res.Path, err)
	}
	// One key=value a line, for $GITHUB_OUTPUT, as ignored= above;
	// auto_merge tells the workflow whether to merge the pull request.
	fmt.Fprintf(env.Stdout, "file=%s\nbranch=%s\nauto_merge=%t\n", res.Path, res.Branch(), r.Config.AutoMerge)
	return reply(issuefile.WrittenReply(res, r.Config))
}

func readEvent(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxEvent+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if len(data) > maxEvent {
		return nil, fmt.Errorf("%s: more than the %d MiB a GitHub event holds", p, maxEvent>>20)
	}
	return data, nil
}

// writeIncident writes through a temporary file, so the file is whole or
// absent; a new file never replaces one that appeared meanwhile.
func writeIncident(full string, data []byte, created bool) error {
	folder := filepath.Dir(full)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(folder, ".buoy-issue-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if created {
		return os.Link(tmp.Name(), full)
	}
	return os.Rename(tmp.Name(), full)
}
