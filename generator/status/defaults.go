package status

// Defaults of status.yaml, for a key it leaves out. They live here only:
// config applies them when it reads the file, and every reader of a
// Config built another way (tests, tools) gets the same through the
// methods below.
const (
	// DefaultHistoryDays is how many days the uptime bars and the list of
	// recent incidents cover.
	DefaultHistoryDays = 90
	// DefaultDownAfter is how many failed rounds in a row make a probe down.
	DefaultDownAfter = 2
	// DefaultTheme is the built-in theme.
	DefaultTheme = "buoy"
	// DefaultAutoMerge: pull requests opened from issues wait for a
	// maintainer unless status.yaml says auto_merge: true.
	DefaultAutoMerge = false
)

// HistoryDaysOrDefault is history_days, or DefaultHistoryDays when unset.
func (c *Config) HistoryDaysOrDefault() int {
	if c.HistoryDays <= 0 {
		return DefaultHistoryDays
	}
	return c.HistoryDays
}

// ThemeOrDefault is the theme, or DefaultTheme when unset.
func (c *Config) ThemeOrDefault() string {
	if c.Theme == "" {
		return DefaultTheme
	}
	return c.Theme
}

// DownAfterOrDefault is down_after, or DefaultDownAfter when unset.
func (c Component) DownAfterOrDefault() int {
	if c.DownAfter <= 0 {
		return DefaultDownAfter
	}
	return c.DownAfter
}
