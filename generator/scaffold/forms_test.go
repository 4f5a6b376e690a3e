package scaffold

import (
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/status"
)

type form struct {
	Name   string
	Labels []string
	Body   []struct {
		Type       string
		ID         string
		Attributes struct {
			Label   string
			Options yaml.Node
			Default *int
		}
		Validations struct{ Required bool }
	}
}

func parseForm(t *testing.T, f File) form {
	t.Helper()
	var out form
	if err := yaml.Unmarshal(f.Data, &out); err != nil {
		t.Fatalf("%s: %v\n%s", f.Path, err, f.Data)
	}
	return out
}

// TestFormFields: the fields, ids and labels buoy issue reads, as
// notes/ISSUE18 fixes them, and component names YAML would misread kept
// as they are.
func TestFormFields(t *testing.T) {
	cfg := &status.Config{Timezone: "Europe/Paris", Components: []status.Component{
		{ID: "web", Name: "Web: public site"},
		{ID: "api", Name: "API (v2) #1"},
		{ID: "yes", Name: "yes"},
		{ID: "star", Name: "*"},
	}}
	files, err := Forms(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Path != ".github/ISSUE_TEMPLATE/incident.yml" || files[1].Path != ".github/ISSUE_TEMPLATE/maintenance.yml" {
		t.Fatalf("files %v", files)
	}
	wantOptions := []string{"All components (*)", "Web: public site (web)", "API (v2) #1 (api)", "yes (yes)", "* (star)"}
	type field struct{ typ, id, label string }
	for i, want := range [][]field{
		{{"markdown", "", ""}, {"checkboxes", "components", "Affected components"}, {"dropdown", "impact", "Impact"}, {"dropdown", "status", "Status"}, {"textarea", "text", "What is happening"}, {"input", "started", "Started (optional)"}},
		{{"markdown", "", ""}, {"checkboxes", "components", "Affected components"}, {"input", "start", "Window start"}, {"input", "end", "Window end"}, {"textarea", "text", "What will happen"}},
	} {
		f := parseForm(t, files[i])
		if f.Labels[0] != []string{"incident", "maintenance"}[i] {
			t.Errorf("%s labels %v", files[i].Path, f.Labels)
		}
		var got []field
		for _, b := range f.Body {
			got = append(got, field{b.Type, b.ID, b.Attributes.Label})
			if b.Type == "checkboxes" {
				var opts []struct{ Label string }
				if err := b.Attributes.Options.Decode(&opts); err != nil {
					t.Fatal(err)
				}
				var labels []string
				for _, o := range opts {
					labels = append(labels, o.Label)
				}
				if !reflect.DeepEqual(labels, wantOptions) {
					t.Errorf("%s options %q, want %q", files[i].Path, labels, wantOptions)
				}
			}
			if b.Type == "dropdown" {
				// GitHub refuses an option named None, and any boolean.
				for _, o := range b.Attributes.Options.Content {
					if strings.EqualFold(o.Value, "none") || o.Tag != "!!str" {
						t.Errorf("%s %s: option %q GitHub refuses", files[i].Path, b.ID, o.Value)
					}
				}
				if b.Attributes.Default == nil || !b.Validations.Required {
					t.Errorf("%s %s: no default or not required", files[i].Path, b.ID)
				}
			}
			if (b.ID == "text" || b.ID == "start" || b.ID == "end" || b.Type == "dropdown") != b.Validations.Required {
				t.Errorf("%s %s: required %v", files[i].Path, b.ID, b.Validations.Required)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s fields\n%v\nwant\n%v", files[i].Path, got, want)
		}
		if !strings.Contains(string(files[i].Data), "in Europe/Paris (the site's timezone)") {
			t.Errorf("%s does not ask times in the site's zone", files[i].Path)
		}
	}
	incident := parseForm(t, files[0])
	var impact, state []string
	incident.Body[2].Attributes.Options.Decode(&impact)
	incident.Body[3].Attributes.Options.Decode(&state)
	if strings.Join(impact, ",") != "none (no impact),minor,major,critical" || *incident.Body[2].Attributes.Default != 1 ||
		strings.Join(state, ",") != "investigating,identified,monitoring,resolved" || *incident.Body[3].Attributes.Default != 0 {
		t.Errorf("impact %q, status %q", impact, state)
	}
}
