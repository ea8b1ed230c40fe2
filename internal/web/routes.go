package web

import (
	"net/http"
	"slices"

	"chuhai/internal/auth"
)

// Access says who may call a route. It is declared on the route, and the route × role matrix test
// reads it.
type Access struct {
	Public bool        // anyone, signed in or not
	Roles  []auth.Role // otherwise: signed-in users with one of these roles (all roles when empty)
}

var (
	// Anyone may call the route.
	Anyone = Access{Public: true}
	// SignedIn requires any signed-in user.
	SignedIn = Access{}
	// Coordinators are city coordinators and system admins.
	Coordinators = Only(auth.CityCoordinator, auth.SystemAdmin)
	// Staff are everyone who works at a service point or for the city.
	Staff = Only(auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	// Admins are system administrators.
	Admins = Only(auth.SystemAdmin)
)

// Only admits signed-in users with one of roles.
func Only(roles ...auth.Role) Access { return Access{Roles: roles} }

// Allows reports whether p may call a route with this access.
func (a Access) Allows(p *auth.Principal) bool {
	if a.Public {
		return true
	}
	if p == nil {
		return false
	}
	return len(a.Roles) == 0 || slices.Contains(a.Roles, p.Role)
}

// Route is one row of the route table.
type Route struct {
	Method  string
	Pattern string // net/http pattern without the method
	Access  Access
	Handle  func(w http.ResponseWriter, r *http.Request) error
	MaxBody int64   // request body limit in bytes; 0 means the default
	API     *APIDoc // set on every /api route: what OpenAPI says about it
	// Enrolment marks the few signed-in routes a system admin may reach before enrolling the second
	// factor that their role requires (the enrolment page itself, who-am-I, signing out).
	Enrolment bool
	// Secret marks a POST whose response hands out a credential: a retry with the same
	// Idempotency-Key is told the work was done, and the response is never stored.
	Secret bool
}

// routes is the route table: every route chuhai serves, with who may call it.
func (s *Server) routes() []Route {
	var rs []Route
	rs = append(rs, s.systemRoutes()...)
	rs = append(rs, s.portalRoutes()...)
	rs = append(rs, s.authRoutes()...)
	rs = append(rs, s.networkRoutes()...)
	rs = append(rs, s.workdayRoutes()...)
	rs = append(rs, s.directoryRoutes()...)
	rs = append(rs, s.subsidyRoutes()...)
	rs = append(rs, s.notifyRoutes()...)
	rs = append(rs, s.caseworkRoutes()...)
	rs = append(rs, s.auditRoutes()...)
	rs = append(rs, s.odiRoutes()...)
	rs = append(rs, s.knowledgeRoutes()...)
	return rs
}
