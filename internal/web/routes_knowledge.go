package web

import (
	"chuhai/internal/knowledge"
	"chuhai/internal/search"
)

// Who writes the platform's information products. Editors (service-point leads and the city) draft
// guides, policies and alerts and see drafts in search; publishers (the city: coordinators and system
// administrators) publish them, change what is published, and send guides back from review.
var (
	knowledgeEditors    = Only(knowledge.EditorRoles...)
	knowledgePublishers = Only(knowledge.PublisherRoles...)
)

// knowledgeRoutes: country guides, the policy library, risk alerts, "what applies to me", and search
// across all of them — public pages and API for reading, editors' forms and API for writing.
func (s *Server) knowledgeRoutes() []Route {
	policyQuery := []Param{
		{Name: "status", Description: "in_force, pending, expired or superseded (on today's date)"},
		{Name: "issuer_kind", Description: "ministry, city, district, sub_platform or alliance"},
		{Name: "issuer", Description: "issuer code, e.g. mofcom or 310104"},
		{Name: "level", Description: "national, municipal or district"},
		{Name: "category", Description: "guidance, regulation, funding, facilitation, service_system, compliance or safety"},
		{Name: "topic", Description: "topic code, e.g. odi"},
		{Name: "country", Description: "policies for this target country (ISO 3166-1 alpha-2)"},
		{Name: "district", Description: "policies for this district (GB/T 2260 code)"},
	}
	alertQuery := []Param{
		{Name: "country", Description: "alerts for this country (ISO 3166-1 alpha-2)"},
		{Name: "phase", Description: "active, upcoming or ended (on today's date)"},
	}
	const guideBody, policyBody, alertBody = 512 << 10, 1 << 20, 128 << 10
	rs := []Route{
		// Search: the page behind the header's search box, and the API.
		{Method: "GET", Pattern: "/search", Access: Anyone, Handle: s.searchPage},
		{Method: "GET", Pattern: "/api/v1/search", Access: Anyone, Handle: s.apiSearch, API: &APIDoc{
			Summary: "Search guides, policies, alerts and providers: ranked, with highlighted snippets and facets; drafts only for editors",
			Tag:     "search", Response: search.Results{}, Query: []Param{
				{Name: "q", Description: "what to look for: Chinese, English or pinyin, at most 200 characters"},
				{Name: "type", Description: "guide, policy, alert or provider"},
				{Name: "country", Description: "ISO 3166-1 alpha-2 country code"},
				{Name: "issuer", Description: "issuer code"},
				{Name: "page", Description: "page number, from 1", Type: "integer"},
				{Name: "per_page", Description: "results per page, 1 to 100 (default 20)", Type: "integer"}}}},

		// Country guides: pages.
		{Method: "GET", Pattern: "/guides", Access: Anyone, Handle: s.guideList},
		{Method: "GET", Pattern: "/guides/{country}", Access: Anyone, Handle: s.guideShow},
		{Method: "GET", Pattern: "/guides/{country}/versions", Access: Anyone, Handle: s.guideVersions},
		{Method: "GET", Pattern: "/guides/{country}/diff", Access: Anyone, Handle: s.guideDiff},
		{Method: "GET", Pattern: "/guides/new", Access: knowledgeEditors, Handle: s.guideForm},
		{Method: "POST", Pattern: "/guides", Access: knowledgeEditors, Handle: s.guideSave, MaxBody: guideBody},
		{Method: "GET", Pattern: "/guides/{country}/draft", Access: knowledgeEditors, Handle: s.guideDraft},
		{Method: "GET", Pattern: "/guides/{country}/edit", Access: knowledgeEditors, Handle: s.guideForm},
		{Method: "POST", Pattern: "/guides/{country}/edit", Access: knowledgeEditors, Handle: s.guideSave, MaxBody: guideBody},
		{Method: "POST", Pattern: "/guides/{country}/submit", Access: knowledgeEditors, Handle: s.guideSubmit},
		{Method: "POST", Pattern: "/guides/{country}/discard", Access: knowledgeEditors, Handle: s.guideDiscard},
		{Method: "POST", Pattern: "/guides/{country}/return", Access: knowledgePublishers, Handle: s.guideReturn},
		{Method: "POST", Pattern: "/guides/{country}/publish", Access: knowledgePublishers, Handle: s.guidePublish},

		// Country guides: API.
		{Method: "GET", Pattern: "/api/v1/guides", Access: Anyone, Handle: s.apiGuideList, API: &APIDoc{
			Summary: "List country guides (editors also see unpublished ones and the state of working copies)", Tag: "knowledge",
			Response: List[knowledge.GuideSummary]{}}},
		{Method: "GET", Pattern: "/api/v1/guides/{country}", Access: Anyone, Handle: s.apiGuideShow, API: &APIDoc{
			Summary: "Get the latest published version of a country's guide, or ?version=n", Tag: "knowledge",
			Response: knowledge.Revision{}, Query: []Param{{Name: "version", Description: "a published version number", Type: "integer"}}}},
		{Method: "GET", Pattern: "/api/v1/guides/{country}/versions", Access: Anyone, Handle: s.apiGuideVersions, API: &APIDoc{
			Summary: "List the published versions of a guide, newest first (without their sections)", Tag: "knowledge",
			Response: []knowledge.Revision{}}},
		{Method: "GET", Pattern: "/api/v1/guides/{country}/diff", Access: Anyone, Handle: s.apiGuideDiff, API: &APIDoc{
			Summary: "Compare two versions of a guide line by line (to=draft compares with the working copy: editors only)", Tag: "knowledge",
			Response: knowledge.GuideDiff{}, Query: []Param{{Name: "from", Description: "a published version number", Type: "integer"},
				{Name: "to", Description: "a published version number, or draft"}}}},
		{Method: "POST", Pattern: "/api/v1/guides", Access: knowledgeEditors, Handle: s.apiGuideCreate, MaxBody: guideBody, API: &APIDoc{
			Summary: "Start a country's guide with a first draft", Tag: "knowledge", Request: guideCreate{}, Response: knowledge.Revision{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/guides/{country}/draft", Access: knowledgeEditors, Handle: s.apiGuideDraftShow, API: &APIDoc{
			Summary: "Get the working copy (draft or under review) of a guide", Tag: "knowledge", Response: knowledge.Revision{}}},
		{Method: "PUT", Pattern: "/api/v1/guides/{country}/draft", Access: knowledgeEditors, Handle: s.apiGuideDraftSave, MaxBody: guideBody, API: &APIDoc{
			Summary: "Save the working copy; send its version, or 0 to start one (409 if someone saved since)", Tag: "knowledge",
			Request: guideDraftSave{}, Response: knowledge.Revision{}}},
		{Method: "DELETE", Pattern: "/api/v1/guides/{country}/draft", Access: knowledgeEditors, Handle: s.apiGuideDraftDiscard, API: &APIDoc{
			Summary: "Discard the draft; send its version", Tag: "knowledge", Query: []Param{{Name: "version", Description: "the draft's version", Type: "integer"}}}},
		{Method: "POST", Pattern: "/api/v1/guides/{country}/draft/submit", Access: knowledgeEditors, Handle: s.apiGuideSubmit, API: &APIDoc{
			Summary: "Send the draft for review (every section in both languages and a source are required)", Tag: "knowledge",
			Request: versionBody{}, Response: knowledge.Revision{}}},
		{Method: "POST", Pattern: "/api/v1/guides/{country}/draft/return", Access: knowledgePublishers, Handle: s.apiGuideReturn, API: &APIDoc{
			Summary: "Send the revision under review back to its editors with a note", Tag: "knowledge", Request: guideReturn{}, Response: knowledge.Revision{}}},
		{Method: "POST", Pattern: "/api/v1/guides/{country}/draft/publish", Access: knowledgePublishers, Handle: s.apiGuidePublish, API: &APIDoc{
			Summary: "Publish the revision under review as the guide's next version", Tag: "knowledge", Request: versionBody{}, Response: knowledge.Revision{}}},

		// Policy library: pages.
		{Method: "GET", Pattern: "/policies", Access: Anyone, Handle: s.policyList},
		{Method: "GET", Pattern: "/policies/{id}", Access: Anyone, Handle: s.policyShow},
		{Method: "GET", Pattern: "/policies/{id}/attachments/{attachment_id}", Access: Anyone, Handle: s.policyAttachmentDownload},
		{Method: "GET", Pattern: "/policies/new", Access: knowledgeEditors, Handle: s.policyForm},
		{Method: "POST", Pattern: "/policies", Access: knowledgeEditors, Handle: s.policySave, MaxBody: policyBody},
		{Method: "GET", Pattern: "/policies/{id}/edit", Access: knowledgeEditors, Handle: s.policyForm},
		{Method: "POST", Pattern: "/policies/{id}", Access: knowledgeEditors, Handle: s.policySave, MaxBody: policyBody},
		{Method: "POST", Pattern: "/policies/{id}/attachments", Access: knowledgeEditors, Handle: s.policyAttachmentUpload, MaxBody: attachmentBody},
		{Method: "POST", Pattern: "/policies/{id}/attachments/{attachment_id}/delete", Access: knowledgeEditors, Handle: s.policyAttachmentDelete},
		{Method: "POST", Pattern: "/policies/{id}/publish", Access: knowledgePublishers, Handle: s.policyPublish},
		{Method: "POST", Pattern: "/policies/{id}/withdraw", Access: knowledgePublishers, Handle: s.policyWithdraw},

		// Policy library: API.
		{Method: "GET", Pattern: "/api/v1/policies", Access: Anyone, Handle: s.apiPolicyList, API: &APIDoc{
			Summary: "List policies, newest first (editors also see drafts)", Tag: "knowledge", Response: List[knowledge.Policy]{}, Query: policyQuery}},
		{Method: "GET", Pattern: "/api/v1/policies/{id}", Access: Anyone, Handle: s.apiPolicyShow, API: &APIDoc{
			Summary: "Get a policy with its status, successor, predecessors and attachments", Tag: "knowledge", Response: knowledge.Policy{}}},
		{Method: "GET", Pattern: "/api/v1/policies/{id}/attachments/{attachment_id}", Access: Anyone, Handle: s.policyAttachmentDownload, API: &APIDoc{
			Summary: "Download an attachment (application/pdf)", Tag: "knowledge"}},
		{Method: "POST", Pattern: "/api/v1/policies", Access: knowledgeEditors, Handle: s.apiPolicyCreate, MaxBody: policyBody, API: &APIDoc{
			Summary: "Add a policy as a draft", Tag: "knowledge", Request: knowledge.PolicyInput{}, Response: knowledge.Policy{}, Status: 201}},
		{Method: "PUT", Pattern: "/api/v1/policies/{id}", Access: knowledgeEditors, Handle: s.apiPolicyUpdate, MaxBody: policyBody, API: &APIDoc{
			Summary: "Replace a policy; send the version you read (409 if someone saved since). Published policies: publishers only",
			Tag:     "knowledge", Request: policyUpdate{}, Response: knowledge.Policy{}}},
		{Method: "POST", Pattern: "/api/v1/policies/{id}/publish", Access: knowledgePublishers, Handle: s.apiPolicyPublish, API: &APIDoc{
			Summary: "Publish a draft policy", Tag: "knowledge", Request: versionBody{}, Response: knowledge.Policy{}}},
		{Method: "POST", Pattern: "/api/v1/policies/{id}/withdraw", Access: knowledgePublishers, Handle: s.apiPolicyWithdraw, API: &APIDoc{
			Summary: "Take a published policy back to draft (published in error)", Tag: "knowledge", Request: versionBody{}, Response: knowledge.Policy{}}},
		{Method: "POST", Pattern: "/api/v1/policies/{id}/attachments", Access: knowledgeEditors, Handle: s.apiPolicyAttachmentUpload, MaxBody: attachmentBody, API: &APIDoc{
			Summary: "Attach a PDF (multipart/form-data, field file; at most 10 MiB and 10 files)", Tag: "knowledge",
			Response: knowledge.Attachment{}, Status: 201}},
		{Method: "DELETE", Pattern: "/api/v1/policies/{id}/attachments/{attachment_id}", Access: knowledgeEditors, Handle: s.apiPolicyAttachmentDelete, API: &APIDoc{
			Summary: "Remove an attachment", Tag: "knowledge", Status: 204}},

		// Risk alerts: pages.
		{Method: "GET", Pattern: "/alerts", Access: Anyone, Handle: s.alertList},
		{Method: "GET", Pattern: "/alerts/{id}", Access: Anyone, Handle: s.alertShow},
		{Method: "GET", Pattern: "/alerts/new", Access: knowledgeEditors, Handle: s.alertForm},
		{Method: "POST", Pattern: "/alerts", Access: knowledgeEditors, Handle: s.alertSave, MaxBody: alertBody},
		{Method: "GET", Pattern: "/alerts/{id}/edit", Access: knowledgeEditors, Handle: s.alertForm},
		{Method: "POST", Pattern: "/alerts/{id}", Access: knowledgeEditors, Handle: s.alertSave, MaxBody: alertBody},
		{Method: "POST", Pattern: "/alerts/{id}/publish", Access: knowledgePublishers, Handle: s.alertPublish},
		{Method: "POST", Pattern: "/alerts/{id}/withdraw", Access: knowledgePublishers, Handle: s.alertWithdraw},

		// Risk alerts: API.
		{Method: "GET", Pattern: "/api/v1/alerts", Access: Anyone, Handle: s.apiAlertList, API: &APIDoc{
			Summary: "List risk alerts, the highest level first (editors also see drafts)", Tag: "knowledge", Response: List[knowledge.Alert]{}, Query: alertQuery}},
		{Method: "GET", Pattern: "/api/v1/alerts/{id}", Access: Anyone, Handle: s.apiAlertShow, API: &APIDoc{
			Summary: "Get a risk alert with its history", Tag: "knowledge", Response: knowledge.Alert{}}},
		{Method: "POST", Pattern: "/api/v1/alerts", Access: knowledgeEditors, Handle: s.apiAlertCreate, MaxBody: alertBody, API: &APIDoc{
			Summary: "Add a risk alert as a draft", Tag: "knowledge", Request: knowledge.AlertInput{}, Response: knowledge.Alert{}, Status: 201}},
		{Method: "PUT", Pattern: "/api/v1/alerts/{id}", Access: knowledgeEditors, Handle: s.apiAlertUpdate, MaxBody: alertBody, API: &APIDoc{
			Summary: "Change a risk alert (level, period, text), keeping the earlier state in its history; send the version you read",
			Tag:     "knowledge", Request: alertUpdate{}, Response: knowledge.Alert{}}},
		{Method: "POST", Pattern: "/api/v1/alerts/{id}/publish", Access: knowledgePublishers, Handle: s.apiAlertPublish, API: &APIDoc{
			Summary: "Publish a draft alert", Tag: "knowledge", Request: versionBody{}, Response: knowledge.Alert{}}},
		{Method: "POST", Pattern: "/api/v1/alerts/{id}/withdraw", Access: knowledgePublishers, Handle: s.apiAlertWithdraw, API: &APIDoc{
			Summary: "Take a published alert back to draft (published in error)", Tag: "knowledge", Request: versionBody{}, Response: knowledge.Alert{}}},
	}
	if s.Profiles != nil {
		// What applies to an enterprise, for its own users and staff; it needs the enterprises'
		// profiles, which app wires from the directory.
		rs = append(rs,
			Route{Method: "GET", Pattern: "/enterprises/{id}/applicable", Access: SignedIn, Handle: s.applicablePage},
			Route{Method: "GET", Pattern: "/api/v1/enterprises/{id}/applicable", Access: SignedIn, Handle: s.apiApplicable, API: &APIDoc{
				Summary: "The policies in force and the alerts for its markets that apply to an enterprise, each with why (its own users and staff)",
				Tag:     "knowledge", Response: knowledge.Applicable{}}})
	}
	return rs
}

// attachmentBody is the request limit of an upload: the largest attachment and the form around it.
const attachmentBody = knowledge.MaxAttachmentBytes + 64<<10

// versionBody is the body of a state change: the version the caller read.
type versionBody struct {
	Version int `json:"version"`
}

// guideCreate is the body of POST /api/v1/guides.
type guideCreate struct {
	Country string `json:"country"`
	knowledge.GuideInput
}

// guideDraftSave is the body of PUT /api/v1/guides/{country}/draft.
type guideDraftSave struct {
	knowledge.GuideInput
	Version int `json:"version"`
}

// guideReturn is the body of POST /api/v1/guides/{country}/draft/return.
type guideReturn struct {
	Version int    `json:"version"`
	Note    string `json:"note"`
}

// policyUpdate is the body of PUT /api/v1/policies/{id}.
type policyUpdate struct {
	knowledge.PolicyInput
	Version int `json:"version"`
}

// alertUpdate is the body of PUT /api/v1/alerts/{id}.
type alertUpdate struct {
	knowledge.AlertInput
	Version int `json:"version"`
}
