package casework

import "time"

// Channels through which a request comes in.
const (
	ChannelOnline   = "online"
	ChannelWalkIn   = "walk_in"
	ChannelPhone    = "phone"
	ChannelEmail    = "email"
	ChannelOverseas = "overseas_point"
)

// Channels lists the channels in display order.
var Channels = []string{ChannelOnline, ChannelWalkIn, ChannelPhone, ChannelEmail, ChannelOverseas}

// Urgencies, from least to most urgent.
const (
	UrgencyNormal = "normal"
	UrgencyHigh   = "high"
	UrgencyUrgent = "urgent"
)

// Urgencies lists the urgencies in order.
var Urgencies = []string{UrgencyNormal, UrgencyHigh, UrgencyUrgent}

// States of a request.
const (
	StateSubmitted  = "submitted"
	StateTriaged    = "triaged"
	StateAssigned   = "assigned"
	StateInProgress = "in_progress"
	StateResolved   = "resolved"
	StateClosed     = "closed"
)

// States lists the states in workflow order.
var States = []string{StateSubmitted, StateTriaged, StateAssigned, StateInProgress, StateResolved, StateClosed}

// OpenStates are the states in which a point is still working on a request.
var OpenStates = []string{StateSubmitted, StateTriaged, StateAssigned, StateInProgress}

// IsOpen reports whether state is one of OpenStates.
func IsOpen(state string) bool {
	switch state {
	case StateSubmitted, StateTriaged, StateAssigned, StateInProgress:
		return true
	}
	return false
}

// Actions on a request (POST /api/v1/requests/{ref}/transitions).
const (
	ActionTriage           = "triage"
	ActionAssign           = "assign"
	ActionStart            = "start"
	ActionResolve          = "resolve"
	ActionClose            = "close"
	ActionReopen           = "reopen"
	ActionTransfer         = "transfer"
	ActionMerge            = "merge"
	ActionWithdraw         = "withdraw"
	ActionDismissDuplicate = "dismiss_duplicate"
)

// Actions lists every action.
var Actions = []string{ActionTriage, ActionAssign, ActionStart, ActionResolve, ActionClose, ActionReopen, ActionTransfer,
	ActionMerge, ActionWithdraw, ActionDismissDuplicate}

// SLA statuses of a request, for the queue's colours.
const (
	SLAOnTrack  = "on_track" // the running clock is below 75%
	SLAWarning  = "warning"  // 75% of the time has passed
	SLABreached = "breached" // the deadline has passed
	SLAMet      = "met"      // resolved in time
	SLAMissed   = "missed"   // resolved late
	SLANone     = "none"     // closed without a resolution (withdrawn or merged)
)

// PointRef names a point in a request.
type PointRef struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

// Person names a user in a request.
type Person struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Contact is how to reach a visitor who asked without an account.
type Contact struct {
	Name         string `json:"name"`
	Phone        string `json:"phone,omitempty"`
	Email        string `json:"email,omitempty"`
	Organisation string `json:"organisation,omitempty"`
}

// Routing says which rule placed a request where, and why.
type Routing struct {
	RuleID int64  `json:"rule_id,omitempty"`
	Kind   string `json:"kind"`
	// Detail is the rule's reasoning: the candidates it considered and their open loads.
	Detail RouteDetail `json:"detail"`
}

// SLA is a request's clocks.
type SLA struct {
	Status           string     `json:"status"`
	ResponseWarnAt   time.Time  `json:"response_warn_at"`
	ResponseDueAt    time.Time  `json:"response_due_at"`
	RespondedAt      *time.Time `json:"responded_at,omitempty"`
	ResolutionWarnAt time.Time  `json:"resolution_warn_at"`
	ResolutionDueAt  time.Time  `json:"resolution_due_at"`
	ResolvedAt       *time.Time `json:"resolved_at,omitempty"`
	// Provisional: a deadline was counted over a year whose calendar is not published yet
	// (weekends only), so it may move when the calendar is loaded.
	Provisional bool `json:"provisional"`
}

// Survey is the enterprise's satisfaction with a closed request.
type Survey struct {
	Score   int       `json:"score"`
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
}

// Request is one request to the window.
type Request struct {
	ID           int64       `json:"-"`
	Ref          string      `json:"ref"`
	Channel      string      `json:"channel"`
	Enterprise   *Enterprise `json:"enterprise,omitempty"`
	Contact      *Contact    `json:"contact,omitempty"`
	Topic        string      `json:"topic"`
	Countries    []string    `json:"countries"`
	Abroad       bool        `json:"abroad"`
	Title        string      `json:"title"`
	Description  string      `json:"description"`
	Urgency      string      `json:"urgency"`
	NeededBy     string      `json:"needed_by,omitempty"`
	State        string      `json:"state"`
	HomeDistrict string      `json:"home_district,omitempty"`
	Point        PointRef    `json:"point"`
	IntakePoint  *PointRef   `json:"intake_point,omitempty"`
	Routing      Routing     `json:"routing"`
	Assignee     *Person     `json:"assignee,omitempty"`
	DuplicateOf  string      `json:"duplicate_of,omitempty"`
	MergedInto   string      `json:"merged_into,omitempty"`
	SLA          SLA         `json:"sla"`
	Resolution   string      `json:"resolution,omitempty"`
	Survey       *Survey     `json:"survey,omitempty"`
	SubmittedAt  time.Time   `json:"submitted_at"`
	ClosedAt     *time.Time  `json:"closed_at,omitempty"`
	UpdatedAt    time.Time   `json:"updated_at"`
	Version      int         `json:"version"`

	enterpriseID, pointID, intakePointID, assigneeID int64
	duplicateOfID, mergedIntoID, createdBy           int64
	slaDueAt, slaWarnAt                              *time.Time
}

// EnterpriseID is the enterprise the request is for (0 for a visitor).
func (r Request) EnterpriseID() int64 { return r.enterpriseID }

// PointID is the point serving the request.
func (r Request) PointID() int64 { return r.Point.ID }

// Event is one line of a request's timeline.
type Event struct {
	ID        int64          `json:"id"`
	Kind      string         `json:"kind"`
	FromState string         `json:"from_state,omitempty"`
	ToState   string         `json:"to_state,omitempty"`
	Point     *PointRef      `json:"point,omitempty"`
	Actor     string         `json:"actor,omitempty"`
	Public    bool           `json:"public"`
	Body      string         `json:"body,omitempty"`
	Detail    map[string]any `json:"detail,omitempty"`
	At        time.Time      `json:"at"`
}

// Serving is one point's part in a request: serving (now), served (before), collaborator.
type Serving struct {
	Point PointRef `json:"point"`
	Role  string   `json:"role"`
}

// Roles of points in a request.
const (
	RoleServing      = "serving"
	RoleServed       = "served"
	RoleCollaborator = "collaborator"
)
