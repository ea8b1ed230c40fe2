package web

import (
	"chuhai/internal/auth"
	"chuhai/internal/odi"
)

// ODIReaders may follow tracked ODI projects: staff (their point's, or all for coordinators) and
// enterprise users (their own); which rows each sees is the odi package's decision.
var ODIReaders = Only(auth.EnterpriseMember, auth.EnterpriseAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)

// odiRoutes: the public self-assessment, tracked projects for staff and enterprises, the
// coordinators' rules and analytics, and the matching JSON API.
func (s *Server) odiRoutes() []Route {
	listQuery := []Param{
		{Name: "status", Description: "active, completed or withdrawn"},
		{Name: "point", Description: "serving point code (coordinators)"},
		{Name: "q", Description: "text in the reference, title, enterprise name or USCC, or request reference (at most 100 characters)"},
	}
	const upload = odi.MaxUploadBytes + 64<<10 // the file plus the multipart envelope
	return []Route{
		// Public self-assessment.
		{Method: "GET", Pattern: "/odi", Access: Anyone, Handle: s.odiAssessForm},
		{Method: "POST", Pattern: "/odi/assess", Access: Anyone, Handle: s.odiAssess, MaxBody: 16 << 10},
		{Method: "POST", Pattern: "/api/v1/odi/assessments", Access: Anyone, Handle: s.apiODIAssess, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Self-assess an outbound investment: the route through NDRC, MOFCOM and SAFE (at the bank), with each step's " +
				"authority (NDRC, MOFCOM or SAFE), action (approval, filing, report, registration — SAFE's foreign-exchange registration " +
				"at the bank — or none), level (national, provincial or bank), statutory time limit in working days, documents, legal basis " +
				"and explanation, and warnings. Text follows Accept-Language. Nothing is stored.",
			Tag: "odi", Request: AssessmentRequest{}, Response: AssessmentResult{}}},

		// Tracked projects: pages.
		{Method: "GET", Pattern: "/odi/projects", Access: ODIReaders, Handle: s.odiProjectList},
		{Method: "GET", Pattern: "/odi/projects/new", Access: Staff, Handle: s.odiProjectNew},
		{Method: "POST", Pattern: "/odi/projects", Access: Staff, Handle: s.odiProjectCreate, MaxBody: 32 << 10},
		{Method: "GET", Pattern: "/odi/projects/{id}", Access: ODIReaders, Handle: s.odiProjectShow},
		{Method: "GET", Pattern: "/odi/projects/{id}/edit", Access: Staff, Handle: s.odiProjectEdit},
		{Method: "POST", Pattern: "/odi/projects/{id}", Access: Staff, Handle: s.odiProjectUpdate, MaxBody: 32 << 10},
		{Method: "POST", Pattern: "/odi/projects/{id}/steps/{regime}", Access: Staff, Handle: s.odiStepSave, MaxBody: 64 << 10},
		{Method: "POST", Pattern: "/odi/projects/{id}/overrides", Access: Staff, Handle: s.odiOverridesSave, MaxBody: 32 << 10},
		{Method: "POST", Pattern: "/odi/projects/{id}/milestones", Access: Staff, Handle: s.odiMilestonesSave, MaxBody: 8 << 10},
		{Method: "POST", Pattern: "/odi/projects/{id}/documents/{doc}", Access: Staff, Handle: s.odiDocumentStatus, MaxBody: 16 << 10},
		{Method: "POST", Pattern: "/odi/projects/{id}/documents/{doc}/files", Access: ODIReaders, Handle: s.odiDocumentUpload, MaxBody: upload},
		{Method: "GET", Pattern: "/odi/projects/{id}/files/{file}", Access: ODIReaders, Handle: s.odiFileDownload},

		// Coordinators' pages.
		{Method: "GET", Pattern: "/odi/rules", Access: Coordinators, Handle: s.odiRulesPage},
		{Method: "POST", Pattern: "/odi/rules/{authority}/countries", Access: Coordinators, Handle: s.odiRulesCountryAdd, MaxBody: 8 << 10},
		{Method: "POST", Pattern: "/odi/rules/{authority}/countries/{code}/delete", Access: Coordinators, Handle: s.odiRulesCountryRemove, MaxBody: 8 << 10},
		{Method: "POST", Pattern: "/odi/rules/{authority}/industries", Access: Coordinators, Handle: s.odiRulesIndustryAdd, MaxBody: 8 << 10},
		{Method: "POST", Pattern: "/odi/rules/{authority}/industries/{division}/delete", Access: Coordinators, Handle: s.odiRulesIndustryRemove, MaxBody: 8 << 10},
		{Method: "POST", Pattern: "/odi/rules/limits", Access: Coordinators, Handle: s.odiRulesLimitsSave, MaxBody: 8 << 10},
		{Method: "POST", Pattern: "/odi/rules/reset", Access: Coordinators, Handle: s.odiRulesReset, MaxBody: 8 << 10},
		{Method: "GET", Pattern: "/odi/analytics", Access: Coordinators, Handle: s.odiAnalyticsPage},

		// Tracked projects: API.
		{Method: "GET", Pattern: "/api/v1/odi/projects", Access: ODIReaders, Handle: s.apiODIProjectList, API: &APIDoc{
			Summary: "List the tracked ODI projects the caller may see (staff: their point's; enterprises: their own; coordinators: all), newest first",
			Tag:     "odi", Response: List[projectSummary]{}, Query: listQuery}},
		{Method: "POST", Pattern: "/api/v1/odi/projects", Access: Staff, Handle: s.apiODIProjectCreate, MaxBody: 32 << 10, API: &APIDoc{
			Summary: "Open a tracked ODI project, from a casework request (request_reference) or for a point and an enterprise; its steps are routed with the rules in force",
			Tag:     "odi", Request: projectCreateRequest{}, Response: projectView{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/odi/projects/{id}", Access: ODIReaders, Handle: s.apiODIProjectShow, API: &APIDoc{
			Summary: "Get a tracked ODI project with its steps, clocks in working days, checklists and alerts", Tag: "odi", Response: projectView{}}},
		{Method: "PUT", Pattern: "/api/v1/odi/projects/{id}", Access: Staff, Handle: s.apiODIProjectUpdate, MaxBody: 32 << 10, API: &APIDoc{
			Summary: "Replace a project's description; steps not yet submitted are routed again. Send the version you read (409 if someone saved since)",
			Tag:     "odi", Request: projectUpdateRequest{}, Response: projectView{}}},
		{Method: "PUT", Pattern: "/api/v1/odi/projects/{id}/overrides", Access: Staff, Handle: s.apiODIOverridesUpdate, MaxBody: 32 << 10, API: &APIDoc{
			Summary: "Replace staff's overrides of the four sensitivity flags (each with a reason); steps not yet submitted are routed again",
			Tag:     "odi", Request: overridesRequest{}, Response: projectView{}}},
		{Method: "PUT", Pattern: "/api/v1/odi/projects/{id}/milestones", Access: Staff, Handle: s.apiODIMilestonesUpdate, MaxBody: 8 << 10, API: &APIDoc{
			Summary: "Record when the investment was made, the project completed, the completion report was submitted, or the project was withdrawn",
			Tag:     "odi", Request: milestonesRequest{}, Response: projectView{}}},
		{Method: "PUT", Pattern: "/api/v1/odi/projects/{id}/steps/{regime}", Access: Staff, Handle: s.apiODIStepUpdate, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Record a step's dates (submitted, accepted, decided), requests for more documents (the clock pauses), decision and notice number; regime is ndrc, mofcom or safe",
			Tag:     "odi", Request: odi.StepInput{}, Response: projectView{}}},
		{Method: "PUT", Pattern: "/api/v1/odi/projects/{id}/documents/{doc_id}", Access: Staff, Handle: s.apiODIDocumentUpdate, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Set the status of one document of a step's checklist: missing, received, accepted, rejected (with a note) or waived",
			Tag:     "odi", Request: odi.DocumentInput{}, Response: projectView{}}},
		{Method: "POST", Pattern: "/api/v1/odi/projects/{id}/documents/{doc_id}/files", Access: ODIReaders, Handle: s.apiODIDocumentUpload, MaxBody: upload, API: &APIDoc{
			Summary: "Upload a file (multipart/form-data, field file, at most 10 MiB; PDF, JPEG, PNG, .docx, .xlsx or OFD, decided from the content) to a checklist document",
			Tag:     "odi", Response: odi.FileInfo{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/odi/projects/{id}/files/{file_id}", Access: ODIReaders, Handle: s.apiODIFileDownload, API: &APIDoc{
			Summary: "Download an uploaded file", Tag: "odi"}},

		// Coordinators' API.
		{Method: "GET", Pattern: "/api/v1/odi/rules", Access: Staff, Handle: s.apiODIRulesShow, API: &APIDoc{
			Summary: "The ODI rules in force: sensitive countries and industries of NDRC and MOFCOM, the threshold, time limits, documents and checklists",
			Tag:     "odi", Response: odi.RulesRecord{}}},
		{Method: "PUT", Pattern: "/api/v1/odi/rules", Access: Coordinators, Handle: s.apiODIRulesUpdate, MaxBody: 256 << 10, API: &APIDoc{
			Summary: "Replace the ODI rules; send the version you read (409 if someone saved since)", Tag: "odi",
			Request: rulesUpdateRequest{}, Response: odi.RulesRecord{}}},
		{Method: "POST", Pattern: "/api/v1/odi/rules/reset", Access: Coordinators, Handle: s.apiODIRulesReset, MaxBody: 1 << 10, API: &APIDoc{
			Summary: "Put the built-in default rules back in force (kept as a new version)", Tag: "odi",
			Request: versionRequest{}, Response: odi.RulesRecord{}}},
		{Method: "GET", Pattern: "/api/v1/odi/analytics", Access: Coordinators, Handle: s.apiODIAnalytics, API: &APIDoc{
			Summary: "Cycle time per kind of step against its statutory limit, for the city, by serving point and by home district; counters of enterprises served, filings and approvals",
			Tag:     "odi", Response: odi.Analytics{},
			Query: []Param{{Name: "from", Description: "projects opened on or after this date, YYYY-MM-DD"},
				{Name: "to", Description: "projects opened on or before this date, YYYY-MM-DD"}}}},
	}
}
