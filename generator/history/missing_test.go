package history

import "testing"

// TestMissingFolder: a repository whose probes have not reported yet has
// no history folder; reading and compacting it find nothing, and fail
// nothing.
func TestMissingFolder(t *testing.T) {
	s := Open(t.TempDir()+"/missing", Options{})
	set, err := s.Load([]string{"web"}, t0)
	if err != nil || set == nil || len(set.Component("web")) != 0 {
		t.Errorf("load of a missing folder: %+v %v", set, err)
	}
	if st, err := s.Compact(t0, nil); err != nil || st.Files != 0 {
		t.Errorf("compact of a missing folder: %+v %v", st, err)
	}
}
