package web

func (s *Server) workdayRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/console/calendar", Access: Admins, Handle: s.workdayCalendarPage},
		{Method: "POST", Pattern: "/console/calendar", Access: Admins, Handle: s.workdayCalendarLoad, MaxBody: calendarMaxBody},
		{Method: "GET", Pattern: "/api/v1/workdays", Access: Anyone, Handle: s.workdayAdd, API: &APIDoc{
			Summary: "Add working days to a date: the n-th working day after (or, for negative n, before) from, the start day not counted, as statutory time limits count. provisional is true when a year without a published calendar was involved.",
			Tag:     "workdays", Response: WorkdayAnswer{},
			Query: []Param{
				{Name: "from", Type: "string", Description: "start date, YYYY-MM-DD (required)"},
				{Name: "add", Type: "integer", Description: "working days to add, -1000 to 1000 (required)"},
				{Name: "region", Type: "string", Description: "calendar region, ISO 3166-1 alpha-2 (default CN)"},
			},
		}},
	}
}
