package web

import (
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// networkRoutes: the public pages about the service network, the coordinators' forms, and the
// network's JSON API.
func (s *Server) networkRoutes() []Route {
	pointQuery := []Param{
		{Name: "kind", Type: "string", Description: "city_platform, sub_platform, district_point, specialised_point or overseas_point"},
		{Name: "region", Type: "string", Description: "region code: points in it or its direct sub-regions (310000: all of Shanghai)"},
		{Name: "capability", Type: "string", Description: "topic code, e.g. odi"},
		{Name: "q", Type: "string", Description: "text in the code, names or addresses (at most 100 characters)"},
		{Name: "page", Type: "integer", Description: "page number, from 1"},
		{Name: "per_page", Type: "integer", Description: "items per page, 1 to 100 (default 20)"},
	}
	pageQuery := []Param{
		{Name: "page", Type: "integer", Description: "page number, from 1"},
		{Name: "per_page", Type: "integer", Description: "items per page, 1 to 100 (default 20)"},
	}
	return []Route{
		// Public pages.
		{Method: "GET", Pattern: "/about", Access: Anyone, Handle: s.networkAbout},
		{Method: "GET", Pattern: "/network", Access: Anyone, Handle: s.networkOverview},
		{Method: "GET", Pattern: "/network/points/{code}", Access: Anyone, Handle: s.networkPointShow},
		{Method: "GET", Pattern: "/network/alliances", Access: Anyone, Handle: s.networkAllianceList},
		{Method: "GET", Pattern: "/network/alliances/{code}", Access: Anyone, Handle: s.networkAllianceShow},

		// Coordinators' forms.
		{Method: "GET", Pattern: "/network/points/new", Access: Coordinators, Handle: s.networkPointForm},
		{Method: "POST", Pattern: "/network/points", Access: Coordinators, Handle: s.networkPointSave},
		{Method: "GET", Pattern: "/network/points/{code}/edit", Access: Coordinators, Handle: s.networkPointForm},
		{Method: "POST", Pattern: "/network/points/{code}", Access: Coordinators, Handle: s.networkPointSave},
		{Method: "POST", Pattern: "/network/points/{code}/deactivate", Access: Coordinators, Handle: s.networkPointDeactivate},
		{Method: "GET", Pattern: "/network/alliances/new", Access: Coordinators, Handle: s.networkAllianceForm},
		{Method: "POST", Pattern: "/network/alliances", Access: Coordinators, Handle: s.networkAllianceSave},
		{Method: "GET", Pattern: "/network/alliances/{code}/edit", Access: Coordinators, Handle: s.networkAllianceForm},
		{Method: "POST", Pattern: "/network/alliances/{code}", Access: Coordinators, Handle: s.networkAllianceSave},

		// Public API.
		{Method: "GET", Pattern: "/api/v1/regions", Access: Anyone, Handle: s.apiRegionList, API: &APIDoc{
			Summary: "List regions: Shanghai's districts and special areas, the G60 cities, countries and regions", Tag: "network",
			Response: List[network.Region]{}, Query: append([]Param{
				{Name: "kind", Type: "string", Description: "municipality, district, area, province, city or country"},
				{Name: "group", Type: "string", Description: "region group, e.g. g60"}}, pageQuery...)}},
		{Method: "GET", Pattern: "/api/v1/topics", Access: Anyone, Handle: s.apiTopicList, API: &APIDoc{
			Summary: "List the topics a service point can handle", Tag: "network", Response: List[network.Topic]{}, Query: pageQuery}},
		{Method: "GET", Pattern: "/api/v1/service-points", Access: Anyone, Handle: s.apiPointList, API: &APIDoc{
			Summary: "List active service points", Tag: "network", Response: List[network.Point]{}, Query: pointQuery}},
		{Method: "GET", Pattern: "/api/v1/service-points/{code}", Access: Anyone, Handle: s.apiPointShow, API: &APIDoc{
			Summary: "Get a service point by code", Tag: "network", Response: network.Point{}}},
		{Method: "GET", Pattern: "/api/v1/alliances", Access: Anyone, Handle: s.apiAllianceList, API: &APIDoc{
			Summary: "List active alliances with their member counts", Tag: "network", Response: List[network.Alliance]{},
			Query: append([]Param{{Name: "scope", Type: "string", Description: "city, district or multi_city"}}, pageQuery...)}},
		{Method: "GET", Pattern: "/api/v1/alliances/{code}", Access: Anyone, Handle: s.apiAllianceShow, API: &APIDoc{
			Summary: "Get an alliance by code", Tag: "network", Response: network.Alliance{}}},
		{Method: "GET", Pattern: "/api/v1/alliances/{code}/members", Access: Anyone, Handle: s.apiMemberList, API: &APIDoc{
			Summary: "List an alliance's members", Tag: "network", Response: List[memberView]{},
			Query: append([]Param{{Name: "status", Type: "string", Description: "active, suspended or withdrawn"}}, pageQuery...)}},

		// Coordinators' API.
		{Method: "POST", Pattern: "/api/v1/service-points", Access: Coordinators, Handle: s.apiPointCreate, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Create a service point", Tag: "network", Request: network.PointInput{}, Response: network.Point{}, Status: 201}},
		{Method: "PUT", Pattern: "/api/v1/service-points/{code}", Access: Coordinators, Handle: s.apiPointUpdate, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Replace a service point; send the version you read (409 if someone saved since)", Tag: "network",
			Request: pointUpdate{}, Response: network.Point{}}},
		{Method: "POST", Pattern: "/api/v1/alliances", Access: Coordinators, Handle: s.apiAllianceCreate, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Create an alliance", Tag: "network", Request: network.AllianceInput{}, Response: network.Alliance{}, Status: 201}},
		{Method: "PUT", Pattern: "/api/v1/alliances/{code}", Access: Coordinators, Handle: s.apiAllianceUpdate, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Replace an alliance; send the version you read (409 if someone saved since)", Tag: "network",
			Request: allianceUpdate{}, Response: network.Alliance{}}},
		{Method: "POST", Pattern: "/api/v1/alliances/{code}/members", Access: Coordinators, Handle: s.apiMemberAdd, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Admit a provider to an alliance", Tag: "network", Request: network.MemberInput{}, Response: network.Member{}, Status: 201}},
	}
}

// pointUpdate is the body of PUT /api/v1/service-points/{code}: the full point and the version read.
type pointUpdate struct {
	network.PointInput
	Version int `json:"version"`
}

// allianceUpdate is the body of PUT /api/v1/alliances/{code}.
type allianceUpdate struct {
	network.AllianceInput
	Version int `json:"version"`
}

// memberView is a member with the provider's names from the directory.
type memberView struct {
	network.Member
	Provider directory.Provider `json:"provider"`
}
