package yamlfile

import "testing"

func TestSuggest(t *testing.T) {
	known := []string{"web", "api", "database", "timezone", "components"}
	for _, tc := range []struct{ key, want string }{
		{"wbe", ` (did you mean "web"?)`},
		{"databse", ` (did you mean "database"?)`},
		{"timzone", ` (did you mean "timezone"?)`},
		{"componets", ` (did you mean "components"?)`},
		{"xyz", ""},
		{"mail", ""},
	} {
		if got := Suggest(tc.key, known); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}
