package statusapi

// The shapes of Atlassian Statuspage's public API v2 (the JSON a page serves
// under /api/v2/), field for field and in its order, so that widgets, chat
// bots and monitoring tools written for Statuspage read buoy's files. Fields
// Statuspage sends as null when unset are pointers here.

// Page identifies the status page in every response.
type Page struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

// Component is a component, or a group of components when Group is set:
// Statuspage lists a group as a component whose Components holds its
// children's ids, and each child names it in GroupID.
type Component struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components,omitempty"`
}

// Incident is an incident; a scheduled maintenance is an Incident with its
// window added (ScheduledMaintenance).
type Incident struct {
	ID              string           `json:"id"`
	Name            string           `json:"name"`
	Status          string           `json:"status"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
	MonitoringAt    *string          `json:"monitoring_at"`
	ResolvedAt      *string          `json:"resolved_at"`
	Impact          string           `json:"impact"`
	Shortlink       string           `json:"shortlink"`
	StartedAt       string           `json:"started_at"`
	PageID          string           `json:"page_id"`
	IncidentUpdates []IncidentUpdate `json:"incident_updates"`
	Components      []Component      `json:"components"`
}

// ScheduledMaintenance is a maintenance: an incident with a planned window.
type ScheduledMaintenance struct {
	Incident
	ScheduledFor   string `json:"scheduled_for"`
	ScheduledUntil string `json:"scheduled_until"`
}

// IncidentUpdate is one entry of an incident's timeline. Body is the text
// as its author wrote it.
type IncidentUpdate struct {
	ID                   string              `json:"id"`
	Status               string              `json:"status"`
	Body                 string              `json:"body"`
	IncidentID           string              `json:"incident_id"`
	CreatedAt            string              `json:"created_at"`
	UpdatedAt            string              `json:"updated_at"`
	DisplayAt            string              `json:"display_at"`
	AffectedComponents   []AffectedComponent `json:"affected_components"`
	DeliverNotifications bool                `json:"deliver_notifications"`
	CustomTweet          *string             `json:"custom_tweet"`
	TweetID              *string             `json:"tweet_id"`
}

// AffectedComponent records how an update changed a component's state.
type AffectedComponent struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// Status is the page-wide indicator and its human description.
type Status struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

// Summary is summary.json: everything a widget needs in one request.
type Summary struct {
	Page                  Page                   `json:"page"`
	Components            []Component            `json:"components"`
	Incidents             []Incident             `json:"incidents"`
	ScheduledMaintenances []ScheduledMaintenance `json:"scheduled_maintenances"`
	Status                Status                 `json:"status"`
}

// StatusResponse is status.json.
type StatusResponse struct {
	Page   Page   `json:"page"`
	Status Status `json:"status"`
}

// ComponentsResponse is components.json.
type ComponentsResponse struct {
	Page       Page        `json:"page"`
	Components []Component `json:"components"`
}

// IncidentsResponse is incidents.json and incidents/unresolved.json.
type IncidentsResponse struct {
	Page      Page       `json:"page"`
	Incidents []Incident `json:"incidents"`
}

// MaintenancesResponse is scheduled-maintenances.json and its upcoming and
// active subsets.
type MaintenancesResponse struct {
	Page                  Page                   `json:"page"`
	ScheduledMaintenances []ScheduledMaintenance `json:"scheduled_maintenances"`
}
