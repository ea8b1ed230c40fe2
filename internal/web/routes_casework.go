package web

import (
	"chuhai/internal/auth"
	"chuhai/internal/casework"
)

// Bodies: a request may carry files (base64 in JSON, or a multipart form), up to the attachment
// limit and a little more for the rest; everything else is small.
const (
	caseworkUploadBody = casework.MaxAttachmentBytes + 6<<20
	caseworkFormBody   = 64 << 10
)

// caseworkRoutes: the one-stop window — requests, their workflow, referrals and engagements, the
// routing rules and SLA policies, collaboration credit — as pages and as JSON.
func (s *Server) caseworkRoutes() []Route {
	enterprise := Only(auth.EnterpriseMember, auth.EnterpriseAdmin)
	provider := Only(auth.ProviderMember, auth.ProviderAdmin)
	requesters := Only(auth.EnterpriseMember, auth.EnterpriseAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	parties := Only(auth.EnterpriseMember, auth.EnterpriseAdmin, auth.ProviderMember, auth.ProviderAdmin, auth.PointStaff, auth.PointLead,
		auth.CityCoordinator, auth.SystemAdmin)
	listQuery := []Param{
		{Name: "point", Description: "a service point's code (point staff: their own)"},
		{Name: "state", Description: "open (default), all, or one of submitted, triaged, assigned, in_progress, resolved, closed"},
		{Name: "topic", Description: "topic code"},
		{Name: "urgency", Description: "normal, high or urgent"},
		{Name: "assignee", Description: "me, none, or a user id"},
		{Name: "sla", Description: "on_track, warning or breached"},
		{Name: "q", Description: "part of the reference or title"},
		{Name: "sort", Description: "due (earliest deadline first, the default) or new"},
	}
	return []Route{
		// Enterprises and visitors.
		{Method: "GET", Pattern: "/requests", Access: enterprise, Handle: s.caseworkMyRequests},
		{Method: "GET", Pattern: "/requests/new", Access: Anyone, Handle: s.caseworkRequestForm},
		{Method: "POST", Pattern: "/requests", Access: Anyone, Handle: s.caseworkRequestSubmit, MaxBody: caseworkUploadBody},
		{Method: "GET", Pattern: "/requests/{ref}", Access: enterprise, Handle: s.caseworkMyRequest},
		// Forms shared by the enterprise's page and the staff's page; each answers on the page it came from.
		{Method: "POST", Pattern: "/requests/{ref}/transitions", Access: requesters, Handle: s.caseworkTransitionForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/requests/{ref}/notes", Access: requesters, Handle: s.caseworkNoteForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/requests/{ref}/attachments", Access: requesters, Handle: s.caseworkAttachmentForm, MaxBody: caseworkUploadBody},
		{Method: "GET", Pattern: "/requests/{ref}/attachments/{id}", Access: requesters, Handle: s.caseworkAttachmentDownload},
		{Method: "POST", Pattern: "/requests/{ref}/survey", Access: enterprise, Handle: s.caseworkSurveyForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/requests/{ref}/referrals", Access: requesters, Handle: s.caseworkReferralForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/requests/{ref}/engagements", Access: parties, Handle: s.caseworkEngagementForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/engagements/{id}/invoices", Access: parties, Handle: s.caseworkInvoiceForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/engagements/{id}/amendments", Access: parties, Handle: s.caseworkAmendForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/engagements/{id}/completion", Access: parties, Handle: s.caseworkCompleteForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/engagements/{id}/feedback", Access: enterprise, Handle: s.caseworkFeedbackForm, MaxBody: caseworkFormBody},

		// Service points.
		{Method: "GET", Pattern: "/console/casework", Access: Staff, Handle: s.caseworkQueue},
		{Method: "POST", Pattern: "/console/casework/assign", Access: Staff, Handle: s.caseworkBulkAssign, MaxBody: caseworkFormBody},
		{Method: "GET", Pattern: "/console/casework/requests/{ref}", Access: Staff, Handle: s.caseworkRequestPage},
		{Method: "POST", Pattern: "/console/casework/requests/{ref}/invitations", Access: Staff, Handle: s.caseworkInviteForm, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/console/casework/requests/{ref}/invitations/{id}", Access: Staff, Handle: s.caseworkInvitationAnswer, MaxBody: caseworkFormBody},
		{Method: "GET", Pattern: "/console/casework/credit", Access: Staff, Handle: s.caseworkCreditPage},
		{Method: "GET", Pattern: "/console/casework/rules", Access: Staff, Handle: s.caseworkRulesPage},
		{Method: "POST", Pattern: "/console/casework/rules", Access: Coordinators, Handle: s.caseworkRuleSave, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/console/casework/rules/{id}", Access: Coordinators, Handle: s.caseworkRuleSave, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/console/casework/rules/{id}/delete", Access: Coordinators, Handle: s.caseworkRuleDelete, MaxBody: caseworkFormBody},
		{Method: "POST", Pattern: "/console/casework/policies", Access: Coordinators, Handle: s.caseworkPolicySave, MaxBody: caseworkFormBody},

		// Providers.
		{Method: "GET", Pattern: "/console/referrals", Access: provider, Handle: s.caseworkProviderReferrals},
		{Method: "POST", Pattern: "/console/referrals/{id}", Access: provider, Handle: s.caseworkReferralAnswer, MaxBody: caseworkFormBody},

		// API.
		{Method: "POST", Pattern: "/api/v1/requests", Access: Anyone, Handle: s.apiRequestCreate, MaxBody: caseworkUploadBody, API: &APIDoc{
			Summary: "Submit a request to the one-stop window. Enterprise users submit online for their enterprise; staff take requests in at their point through any channel; visitors without an account leave contact details. The request is routed by the rules, numbered for the point that takes it (e.g. JA-ODI-2026-000001) and its SLA clocks start. Send an Idempotency-Key header so that a retry creates nothing twice.",
			Tag:     "casework", Request: casework.NewRequest{}, Response: casework.Request{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/requests", Access: requesters, Handle: s.apiRequestList, API: &APIDoc{
			Summary: "List requests: an enterprise's own, a point's queue (earliest deadline first), or any for coordinators", Tag: "casework",
			Response: List[casework.Request]{}, Query: listQuery}},
		{Method: "GET", Pattern: "/api/v1/requests/{ref}", Access: requesters, Handle: s.apiRequestShow, API: &APIDoc{
			Summary: "A request with its timeline (public events only for the enterprise), the points serving it, files, referrals, invitations and engagements",
			Tag:     "casework", Response: RequestView{}}},
		{Method: "POST", Pattern: "/api/v1/requests/{ref}/transitions", Access: requesters, Handle: s.apiRequestTransition, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Move a request through the workflow: triage, assign, start, resolve, close, reopen, transfer (to another point, with a reason), merge (into a duplicate), withdraw, dismiss_duplicate. version must be the version last read: otherwise 409.",
			Tag:     "casework", Request: casework.Transition{}, Response: casework.Request{}}},
		{Method: "POST", Pattern: "/api/v1/requests/{ref}/notes", Access: requesters, Handle: s.apiRequestNote, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Add a note to a request's timeline (public notes are shown to the enterprise)", Tag: "casework",
			Request: NoteRequest{}, Response: casework.Event{}, Status: 201}},
		{Method: "POST", Pattern: "/api/v1/requests/{ref}/attachments", Access: requesters, Handle: s.apiRequestAttach, MaxBody: caseworkUploadBody, API: &APIDoc{
			Summary: "Attach files to a request: a multipart form with one or more file fields. Types are read from the content: PDF, PNG, JPEG, plain text, DOCX, XLSX; 10 MiB each, 10 per request.",
			Tag:     "casework", Response: []casework.Attachment{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/requests/{ref}/attachments/{id}", Access: requesters, Handle: s.caseworkAttachmentDownload, API: &APIDoc{
			Summary: "Download one of a request's files", Tag: "casework"}},
		{Method: "POST", Pattern: "/api/v1/requests/{ref}/survey", Access: enterprise, Handle: s.apiRequestSurvey, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "The enterprise's satisfaction (1 to 5) with its closed request, once", Tag: "casework",
			Request: SurveyRequest{}, Response: casework.Request{}}},
		{Method: "POST", Pattern: "/api/v1/requests/{ref}/invitations", Access: Staff, Handle: s.apiInvitationCreate, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Invite another point to collaborate on a request", Tag: "casework", Request: InvitationRequest{}, Response: casework.Invitation{}, Status: 201}},
		{Method: "POST", Pattern: "/api/v1/requests/{ref}/invitations/{id}/response", Access: Staff, Handle: s.apiInvitationRespond, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "The invited point's answer", Tag: "casework", Request: AnswerRequest{}, Response: casework.Invitation{}}},
		{Method: "GET", Pattern: "/api/v1/requests/{ref}/referrals", Access: requesters, Handle: s.apiReferralList, API: &APIDoc{
			Summary: "A request's referrals to providers", Tag: "casework", Response: []casework.Referral{}}},
		{Method: "POST", Pattern: "/api/v1/requests/{ref}/referrals", Access: requesters, Handle: s.apiReferralCreate, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Refer a request to providers (staff of the serving point, or the enterprise); each must accept or decline before the deadline",
			Tag:     "casework", Request: casework.NewReferral{}, Response: []casework.Referral{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/requests/{ref}/matches", Access: requesters, Handle: s.apiRequestMatches, API: &APIDoc{
			Summary: "Providers the directory ranks for a request (staff of the serving point, or the enterprise), leaving out those already referred; pick from these to refer",
			Tag:     "casework", Response: []casework.Match{}}},
		{Method: "GET", Pattern: "/api/v1/referrals", Access: provider, Handle: s.apiProviderReferrals, API: &APIDoc{
			Summary: "The calling provider's referrals, newest first, with what each request needs", Tag: "casework",
			Response: List[casework.Referral]{}, Query: []Param{{Name: "status", Description: "offered, accepted, declined, expired or withdrawn"}}}},
		{Method: "GET", Pattern: "/api/v1/referrals/{id}", Access: parties, Handle: s.apiReferralShow, API: &APIDoc{
			Summary: "One referral", Tag: "casework", Response: casework.Referral{}}},
		{Method: "POST", Pattern: "/api/v1/referrals/{id}/response", Access: provider, Handle: s.apiReferralRespond, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "The provider accepts, or declines with a reason, before the deadline", Tag: "casework",
			Request: ReferralAnswer{}, Response: casework.Referral{}}},
		{Method: "GET", Pattern: "/api/v1/engagements", Access: parties, Handle: s.apiEngagementList, API: &APIDoc{
			Summary: "List engagements: a provider's or an enterprise's own, a point's, or any for coordinators (subsidy programmes pay against completed ones)",
			Tag:     "casework", Response: List[casework.Engagement]{}, Query: []Param{
				{Name: "ref", Description: "one request's engagements"}, {Name: "status", Description: "active, completed or cancelled"}}}},
		{Method: "POST", Pattern: "/api/v1/engagements", Access: parties, Handle: s.apiEngagementCreate, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Record the engagement of an accepted referral: scope, agreed amount in fen, dates", Tag: "casework",
			Request: casework.NewEngagement{}, Response: casework.Engagement{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/engagements/{id}", Access: parties, Handle: s.apiEngagementShow, API: &APIDoc{
			Summary: "One engagement with its invoices and amendments", Tag: "casework", Response: casework.Engagement{}}},
		{Method: "POST", Pattern: "/api/v1/engagements/{id}/invoices", Access: parties, Handle: s.apiEngagementInvoice, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Record an invoice; the invoices may not add up to more than the agreed amount unless it is amended first", Tag: "casework",
			Request: casework.NewInvoice{}, Response: casework.Engagement{}, Status: 201}},
		{Method: "POST", Pattern: "/api/v1/engagements/{id}/amendments", Access: parties, Handle: s.apiEngagementAmend, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Amend the agreed amount, with a reason (the enterprise or the serving point)", Tag: "casework",
			Request: AmendRequest{}, Response: casework.Engagement{}, Status: 201}},
		{Method: "POST", Pattern: "/api/v1/engagements/{id}/completion", Access: parties, Handle: s.apiEngagementComplete, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Mark the work done", Tag: "casework", Request: CompleteRequest{}, Response: casework.Engagement{}}},
		{Method: "POST", Pattern: "/api/v1/engagements/{id}/feedback", Access: enterprise, Handle: s.apiEngagementFeedback, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "The enterprise's rating (1 to 5) and comment on a completed engagement, once; it updates the provider's record in the directory",
			Tag:     "casework", Request: FeedbackRequest{}, Response: casework.Engagement{}}},
		{Method: "GET", Pattern: "/api/v1/casework/routing-rules", Access: Staff, Handle: s.apiRuleList, API: &APIDoc{
			Summary: "The routing rules in the order they are tried", Tag: "casework", Response: []casework.Rule{}}},
		{Method: "POST", Pattern: "/api/v1/casework/routing-rules", Access: Coordinators, Handle: s.apiRuleCreate, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Add a routing rule", Tag: "casework", Request: casework.RuleInput{}, Response: casework.Rule{}, Status: 201}},
		{Method: "PUT", Pattern: "/api/v1/casework/routing-rules/{id}", Access: Coordinators, Handle: s.apiRuleUpdate, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Replace a routing rule (version must be the version last read)", Tag: "casework", Request: RuleUpdate{}, Response: casework.Rule{}}},
		{Method: "DELETE", Pattern: "/api/v1/casework/routing-rules/{id}", Access: Coordinators, Handle: s.apiRuleDelete, API: &APIDoc{
			Summary: "Remove a routing rule", Tag: "casework", Status: 204, Query: []Param{{Name: "version", Type: "integer", Description: "the version last read (required)"}}}},
		{Method: "GET", Pattern: "/api/v1/casework/sla-policies", Access: Staff, Handle: s.apiSLAPolicyList, API: &APIDoc{
			Summary: "The SLA policies: first response and resolution per topic and urgency, in working hours or days", Tag: "casework", Response: []casework.Policy{}}},
		{Method: "PUT", Pattern: "/api/v1/casework/sla-policies", Access: Coordinators, Handle: s.apiPolicySet, MaxBody: caseworkFormBody, API: &APIDoc{
			Summary: "Create or replace the policy of one topic (or * for the default) and urgency; new deadlines apply to requests submitted afterwards",
			Tag:     "casework", Request: casework.Policy{}, Response: casework.Policy{}}},
		{Method: "GET", Pattern: "/api/v1/casework/credit", Access: Staff, Handle: s.apiCredit, API: &APIDoc{
			Summary: "Collaboration credit: per point the requests it led and collaborated on and those of its district's enterprises; per district the requests of its enterprises and those its points served", Tag: "casework",
			Response: casework.Credit{}, Query: []Param{{Name: "from", Format: "date", Description: "first day, YYYY-MM-DD (default 1 January)"},
				{Name: "to", Format: "date", Description: "last day, YYYY-MM-DD (default today)"}}}},
	}
}
