package web

import (
	"chuhai/internal/auth"
	"chuhai/internal/directory"
)

// Body limits of the directory's routes: a profile with its menus and lists fits in 256 KiB; an
// import is a whole spreadsheet.
const (
	directoryMaxBody = 256 << 10
	importMaxBody    = directory.MaxImportBytes + 64<<10 // the file and the multipart envelope
)

var (
	enterpriseUsers = Only(auth.EnterpriseMember, auth.EnterpriseAdmin)
	// matchers may rank providers: enterprises for themselves, staff for any enterprise.
	matchers = Only(auth.EnterpriseMember, auth.EnterpriseAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	// enterpriseEditors may edit an enterprise's profile (the domain decides which ones).
	enterpriseEditors = Only(auth.EnterpriseAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	// enterpriseReaders may read an enterprise's private profile (the domain decides which ones).
	enterpriseReaders = Only(auth.EnterpriseMember, auth.EnterpriseAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	providerEditors   = Only(auth.ProviderAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	providerReaders   = Only(auth.ProviderMember, auth.ProviderAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	teamAdmins        = Only(auth.EnterpriseAdmin, auth.ProviderAdmin)
	onlyCoordinators  = Only(auth.CityCoordinator)
)

// directoryRoutes: the public provider directory and sign-up, matching, the enterprise and provider
// consoles, import and export, and the directory's JSON API.
func (s *Server) directoryRoutes() []Route {
	pageQuery := []Param{
		{Name: "page", Type: "integer", Description: "page number, from 1"},
		{Name: "per_page", Type: "integer", Description: "items per page, 1 to 100 (default 20)"},
	}
	enterpriseQuery := append([]Param{
		{Name: "q", Type: "string", Description: "part of a name or of the USCC"},
		{Name: "district", Type: "string", Description: "home district code or name"},
		{Name: "industry", Type: "string", Description: "GB/T 4754-2017 section (C) or division (C39)"},
		{Name: "size_class", Type: "string", Description: "large, medium, small or micro"},
		{Name: "ownership", Type: "string", Description: "ownership code"},
		{Name: "market", Type: "string", Description: "target country (ISO 3166-1 alpha-2)"},
		{Name: "status", Type: "string", Description: "pending, verified or rejected"},
		{Name: "origin", Type: "string", Description: "self, window or import"},
		{Name: "sort", Type: "string", Description: "-created (default), created, name, district or industry"},
	}, pageQuery...)
	providerQuery := append([]Param{
		{Name: "q", Type: "string", Description: "part of a name, the USCC or the foreign registration number"},
		{Name: "category", Type: "string", Description: "category code: legal, accounting, consulting, finance, ip, certification, hr, it, logistics, translation, security, marketing"},
		{Name: "country", Type: "string", Description: "served country (ISO 3166-1 alpha-2)"},
		{Name: "language", Type: "string", Description: "working language (ISO 639-1)"},
		{Name: "region", Type: "string", Description: "an office's district or city"},
		{Name: "alliance", Type: "string", Description: "alliance code: its active members"},
		{Name: "status", Type: "string", Description: "staff only: pending, verified, suspended or delisted"},
		{Name: "sort", Type: "string", Description: "name (default), rating, engagements, recent or -created"},
	}, pageQuery...)
	exportQuery := func(q []Param) []Param {
		return append([]Param{{Name: "format", Type: "string", Description: "xlsx (default) or csv"}}, q[:len(q)-2]...)
	}
	return []Route{
		// Public pages and sign-up.
		{Method: "GET", Pattern: "/providers", Access: Anyone, Handle: s.directoryProviderList},
		{Method: "GET", Pattern: "/providers/{id}", Access: Anyone, Handle: s.directoryProviderShow},
		{Method: "GET", Pattern: "/providers/export", Access: SignedIn, Handle: s.directoryProviderExport},
		{Method: "GET", Pattern: "/register/enterprise", Access: Anyone, Handle: s.directoryRegisterForm},
		{Method: "POST", Pattern: "/register/enterprise", Access: Anyone, Handle: s.directoryRegisterSave, MaxBody: directoryMaxBody},
		{Method: "GET", Pattern: "/register/provider", Access: Anyone, Handle: s.directoryRegisterForm},
		{Method: "POST", Pattern: "/register/provider", Access: Anyone, Handle: s.directoryRegisterSave, MaxBody: directoryMaxBody},

		// Matching.
		{Method: "GET", Pattern: "/match", Access: matchers, Handle: s.directoryMatch},

		// Enterprises.
		{Method: "GET", Pattern: "/console/enterprise", Access: enterpriseUsers, Handle: s.directoryEnterpriseMine},
		{Method: "GET", Pattern: "/console/enterprises", Access: Staff, Handle: s.directoryEnterpriseList},
		{Method: "GET", Pattern: "/console/enterprises/export", Access: Staff, Handle: s.directoryEnterpriseExport},
		{Method: "GET", Pattern: "/console/enterprises/new", Access: Staff, Handle: s.directoryEnterpriseForm},
		{Method: "POST", Pattern: "/console/enterprises", Access: Staff, Handle: s.directoryEnterpriseSave, MaxBody: directoryMaxBody},
		{Method: "GET", Pattern: "/console/enterprises/{id}", Access: enterpriseReaders, Handle: s.directoryEnterpriseShow},
		{Method: "GET", Pattern: "/console/enterprises/{id}/edit", Access: enterpriseEditors, Handle: s.directoryEnterpriseForm},
		{Method: "POST", Pattern: "/console/enterprises/{id}", Access: enterpriseEditors, Handle: s.directoryEnterpriseSave, MaxBody: directoryMaxBody},
		{Method: "POST", Pattern: "/console/enterprises/{id}/registration", Access: Staff, Handle: s.directoryEnterpriseDecide, MaxBody: 16 << 10},
		{Method: "POST", Pattern: "/console/enterprises/{id}/district-change", Access: enterpriseEditors, Handle: s.directoryDistrictChangeRequest, MaxBody: 16 << 10},
		{Method: "GET", Pattern: "/console/district-changes", Access: enterpriseReaders, Handle: s.directoryDistrictChangeList},
		{Method: "POST", Pattern: "/console/district-changes/{id}", Access: onlyCoordinators, Handle: s.directoryDistrictChangeDecide, MaxBody: 16 << 10},
		{Method: "GET", Pattern: "/console/team", Access: teamAdmins, Handle: s.directoryTeamList},
		{Method: "POST", Pattern: "/console/team", Access: teamAdmins, Handle: s.directoryTeamCreate, MaxBody: 16 << 10},
		{Method: "POST", Pattern: "/console/team/{id}", Access: teamAdmins, Handle: s.directoryTeamStatus, MaxBody: 16 << 10},

		// Providers.
		{Method: "GET", Pattern: "/console/provider", Access: Only(auth.ProviderMember, auth.ProviderAdmin), Handle: s.directoryProviderMine},
		{Method: "GET", Pattern: "/console/providers", Access: Staff, Handle: s.directoryProviderConsoleList},
		{Method: "GET", Pattern: "/console/providers/export", Access: Staff, Handle: s.directoryProviderExport},
		{Method: "GET", Pattern: "/console/providers/idle", Access: Staff, Handle: s.directoryProviderIdle},
		{Method: "GET", Pattern: "/console/providers/new", Access: Staff, Handle: s.directoryProviderForm},
		{Method: "POST", Pattern: "/console/providers", Access: Staff, Handle: s.directoryProviderSave, MaxBody: directoryMaxBody},
		{Method: "GET", Pattern: "/console/providers/{id}/edit", Access: providerEditors, Handle: s.directoryProviderForm},
		{Method: "POST", Pattern: "/console/providers/{id}", Access: providerEditors, Handle: s.directoryProviderSave, MaxBody: directoryMaxBody},
		{Method: "POST", Pattern: "/console/providers/{id}/status", Access: Staff, Handle: s.directoryProviderStatus, MaxBody: 16 << 10},

		// Import.
		{Method: "GET", Pattern: "/console/import", Access: Staff, Handle: s.directoryImportForm},
		{Method: "POST", Pattern: "/console/import", Access: Staff, Handle: s.directoryImportRun, MaxBody: importMaxBody},
		{Method: "GET", Pattern: "/console/import/template", Access: Staff, Handle: s.directoryImportTemplate},

		// API: reference data.
		{Method: "GET", Pattern: "/api/v1/directory/reference", Access: Anyone, Handle: s.apiDirectoryReference, API: &APIDoc{
			Summary: "The directory's vocabularies: provider categories, languages, size classes, ownerships, overseas entity kinds and statuses, GB/T 4754-2017 industries",
			Tag:     "directory", Response: directoryReference{}}},

		// API: enterprises.
		{Method: "GET", Pattern: "/api/v1/enterprises", Access: Staff, Handle: s.apiEnterpriseList, API: &APIDoc{
			Summary: "List enterprises (staff of a district point: their district's)", Tag: "directory",
			Response: List[directory.Enterprise]{}, Query: enterpriseQuery}},
		{Method: "POST", Pattern: "/api/v1/enterprises", Access: Staff, Handle: s.apiEnterpriseCreate, MaxBody: directoryMaxBody, API: &APIDoc{
			Summary: "Register an enterprise at a window (verified at once)", Tag: "directory",
			Request: directory.EnterpriseInput{}, Response: directory.Enterprise{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/enterprises/export", Access: Staff, Handle: s.apiEnterpriseExport, API: &APIDoc{
			Summary: "Export the filtered enterprises as xlsx or CSV", Tag: "directory", Query: exportQuery(enterpriseQuery)}},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}", Access: enterpriseReaders, Handle: s.apiEnterpriseShow, API: &APIDoc{
			Summary: "Get an enterprise's profile (its users, and staff whose district it is)", Tag: "directory", Response: directory.Enterprise{}}},
		{Method: "PUT", Pattern: "/api/v1/enterprises/{id}", Access: enterpriseEditors, Handle: s.apiEnterpriseUpdate, MaxBody: directoryMaxBody, API: &APIDoc{
			Summary: "Replace an enterprise's profile; send the version you read (409 if someone saved since). The home district changes only by request.",
			Tag:     "directory", Request: enterpriseUpdate{}, Response: directory.Enterprise{}}},
		{Method: "POST", Pattern: "/api/v1/enterprises/{id}/registration", Access: Staff, Handle: s.apiEnterpriseDecide, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Verify or reject a self-registered enterprise (its home district's point)", Tag: "directory",
			Request: registrationDecision{}, Response: directory.Enterprise{}}},
		{Method: "POST", Pattern: "/api/v1/enterprises/{id}/district-changes", Access: enterpriseEditors, Handle: s.apiDistrictChangeRequest, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Ask to move an enterprise's home district; a city coordinator decides", Tag: "directory",
			Request: directory.DistrictChangeInput{}, Response: directory.DistrictChange{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/district-changes", Access: enterpriseReaders, Handle: s.apiDistrictChangeList, API: &APIDoc{
			Summary: "List home-district change requests", Tag: "directory", Response: List[directory.DistrictChange]{},
			Query: append([]Param{{Name: "status", Type: "string", Description: "pending, approved or rejected"}}, pageQuery...)}},
		{Method: "POST", Pattern: "/api/v1/district-changes/{id}/decision", Access: onlyCoordinators, Handle: s.apiDistrictChangeDecide, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Approve or reject a home-district change (city coordinators)", Tag: "directory",
			Request: changeDecision{}, Response: directory.DistrictChange{}}},

		// API: providers.
		{Method: "GET", Pattern: "/api/v1/providers", Access: Anyone, Handle: s.apiProviderList, API: &APIDoc{
			Summary: "List providers (verified ones; staff may ask for any status)", Tag: "directory",
			Response: List[directory.Provider]{}, Query: providerQuery}},
		{Method: "POST", Pattern: "/api/v1/providers", Access: Staff, Handle: s.apiProviderCreate, MaxBody: directoryMaxBody, API: &APIDoc{
			Summary: "Record a provider (verified when its identity and categories are complete)", Tag: "directory",
			Request: directory.ProviderInput{}, Response: directory.Provider{}, Status: 201}},
		{Method: "POST", Pattern: "/api/v1/providers/match", Access: matchers, Handle: s.apiProviderMatch, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Rank providers for a need, with the reasons for each; equally good providers rotate", Tag: "directory",
			Request: directory.Need{}, Response: matchResponse{}}},
		{Method: "GET", Pattern: "/api/v1/providers/idle", Access: Staff, Handle: s.apiProviderIdle, API: &APIDoc{
			Summary: "Verified providers with no completed engagement for N months", Tag: "directory", Response: List[directory.Provider]{},
			Query: append([]Param{{Name: "months", Type: "integer", Description: "1 to 120 (default 12)"},
				{Name: "alliance", Type: "string", Description: "alliance code: its members only"}}, pageQuery...)}},
		{Method: "GET", Pattern: "/api/v1/providers/export", Access: SignedIn, Handle: s.apiProviderExport, API: &APIDoc{
			Summary: "Export the filtered providers as xlsx or CSV", Tag: "directory", Query: exportQuery(providerQuery)}},
		{Method: "GET", Pattern: "/api/v1/providers/{id}", Access: Anyone, Handle: s.apiProviderShow, API: &APIDoc{
			Summary: "Get a provider's profile (verified ones; others to their own users and staff)", Tag: "directory", Response: directory.Provider{}}},
		{Method: "PUT", Pattern: "/api/v1/providers/{id}", Access: providerEditors, Handle: s.apiProviderUpdate, MaxBody: directoryMaxBody, API: &APIDoc{
			Summary: "Replace a provider's profile; send the version you read", Tag: "directory", Request: providerUpdate{}, Response: directory.Provider{}}},
		{Method: "POST", Pattern: "/api/v1/providers/{id}/status", Access: Staff, Handle: s.apiProviderStatus, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Verify, suspend, reinstate, delist or re-list a provider", Tag: "directory", Request: statusChange{}, Response: directory.Provider{}}},
		{Method: "GET", Pattern: "/api/v1/providers/{id}/conflicts", Access: providerReaders, Handle: s.apiConflictList, API: &APIDoc{
			Summary: "A provider's declared conflicts of interest", Tag: "directory", Response: List[directory.Conflict]{}}},
		{Method: "POST", Pattern: "/api/v1/providers/{id}/conflicts", Access: providerEditors, Handle: s.apiConflictDeclare, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Declare a conflict of interest with an enterprise: the provider is never matched to it", Tag: "directory",
			Request: conflictDeclaration{}, Status: 204}},
		{Method: "DELETE", Pattern: "/api/v1/providers/{id}/conflicts/{enterprise_id}", Access: Staff, Handle: s.apiConflictWithdraw, API: &APIDoc{
			Summary: "Withdraw a declared conflict (staff)", Tag: "directory", Status: 204}},

		// API: import.
		{Method: "POST", Pattern: "/api/v1/imports/{kind}", Access: Staff, Handle: s.apiImport, MaxBody: importMaxBody, API: &APIDoc{
			Summary: "Import enterprises or providers from an xlsx or CSV body; 422 with the row errors when nothing was imported",
			Tag:     "directory", Response: directory.ImportReport{}, Query: []Param{
				{Name: "dry_run", Type: "string", Description: "1: check and report, write nothing"},
				{Name: "valid_only", Type: "string", Description: "1: import the valid rows even if others are invalid"}}}},
	}
}

// enterpriseUpdate is the body of PUT /api/v1/enterprises/{id}.
type enterpriseUpdate struct {
	directory.EnterpriseInput
	Version int `json:"version"`
}

// providerUpdate is the body of PUT /api/v1/providers/{id}.
type providerUpdate struct {
	directory.ProviderInput
	Version int `json:"version"`
}

// registrationDecision verifies or rejects a self-registration.
type registrationDecision struct {
	Verify  bool   `json:"verify"`
	Note    string `json:"note"`
	Version int    `json:"version"`
}

// changeDecision approves or rejects a district change.
type changeDecision struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
	Version int    `json:"version"`
}

// statusChange moves a provider to another status.
type statusChange struct {
	Status  string `json:"status"`
	Reason  string `json:"reason"`
	Version int    `json:"version"`
}

// conflictDeclaration declares a conflict with an enterprise.
type conflictDeclaration struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Reason       string `json:"reason"`
}
