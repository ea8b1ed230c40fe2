package web

import "chuhai/internal/auth"

// Small bodies for the forms and JSON of accounts: nothing here needs more.
const authMaxBody = 16 << 10

// authRoutes are signing in and out, the console landing page, one's own account, user
// administration, and their API.
func (s *Server) authRoutes() []Route {
	totpStaff := Only(auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	return []Route{
		{Method: "GET", Pattern: "/signin", Access: Anyone, Handle: s.signInForm},
		{Method: "POST", Pattern: "/signin", Access: Anyone, Handle: s.signIn, MaxBody: authMaxBody},
		{Method: "POST", Pattern: "/signout", Access: Anyone, Handle: s.signOut, MaxBody: authMaxBody},
		{Method: "GET", Pattern: "/console", Access: SignedIn, Handle: s.consoleHome},

		{Method: "GET", Pattern: "/account", Access: SignedIn, Handle: s.accountShow, Enrolment: true},
		{Method: "POST", Pattern: "/account/password", Access: SignedIn, Handle: s.accountPassword, MaxBody: authMaxBody},
		{Method: "POST", Pattern: "/account/language", Access: SignedIn, Handle: s.accountLanguage, MaxBody: authMaxBody},
		{Method: "POST", Pattern: "/account/totp", Access: totpStaff, Handle: s.accountTOTPEnrol, MaxBody: authMaxBody, Enrolment: true},
		{Method: "POST", Pattern: "/account/totp/confirm", Access: totpStaff, Handle: s.accountTOTPConfirm, MaxBody: authMaxBody, Enrolment: true},
		// System admins must keep their second factor.
		{Method: "POST", Pattern: "/account/totp/disable", Access: Only(auth.PointStaff, auth.PointLead, auth.CityCoordinator),
			Handle: s.accountTOTPDisable, MaxBody: authMaxBody},
		{Method: "POST", Pattern: "/account/tokens", Access: SignedIn, Handle: s.accountTokenCreate, MaxBody: authMaxBody, Secret: true},
		{Method: "POST", Pattern: "/account/tokens/{id}/revoke", Access: SignedIn, Handle: s.accountTokenRevoke, MaxBody: authMaxBody},

		{Method: "GET", Pattern: "/console/users", Access: Admins, Handle: s.usersList},
		{Method: "POST", Pattern: "/console/users", Access: Admins, Handle: s.usersCreate, MaxBody: authMaxBody},
		{Method: "POST", Pattern: "/console/users/{id}/disable", Access: Admins, Handle: s.usersDisable, MaxBody: authMaxBody},
		{Method: "POST", Pattern: "/console/users/{id}/enable", Access: Admins, Handle: s.usersEnable, MaxBody: authMaxBody},

		{Method: "POST", Pattern: "/api/v1/sessions", Access: Anyone, Handle: s.apiSessionCreate, MaxBody: authMaxBody, Secret: true,
			API: &APIDoc{Summary: "Sign in: open an API session and return its Bearer token", Tag: "accounts",
				Request: SignInRequest{}, Response: SignInResponse{}, Status: 201}},
		{Method: "DELETE", Pattern: "/api/v1/sessions/current", Access: SignedIn, Handle: s.apiSessionDelete, Enrolment: true,
			API: &APIDoc{Summary: "Sign out: end the session making the call", Tag: "accounts", Status: 204}},
		{Method: "GET", Pattern: "/api/v1/me", Access: SignedIn, Handle: s.apiMe, Enrolment: true,
			API: &APIDoc{Summary: "Who is calling: the signed-in user, role and affiliation", Tag: "accounts", Response: Me{}}},
		{Method: "GET", Pattern: "/api/v1/tokens", Access: SignedIn, Handle: s.apiTokenList,
			API: &APIDoc{Summary: "The caller's API tokens that still work", Tag: "accounts", Response: List[auth.APIToken]{}}},
		{Method: "POST", Pattern: "/api/v1/tokens", Access: SignedIn, Handle: s.apiTokenCreate, MaxBody: authMaxBody, Secret: true,
			API: &APIDoc{Summary: "Create an API token for the caller; the token is returned this once", Tag: "accounts",
				Request: TokenRequest{}, Response: NewToken{}, Status: 201}},
		{Method: "DELETE", Pattern: "/api/v1/tokens/{id}", Access: SignedIn, Handle: s.apiTokenRevoke,
			API: &APIDoc{Summary: "Revoke one of the caller's API tokens", Tag: "accounts", Status: 204}},
		{Method: "GET", Pattern: "/api/v1/users", Access: Admins, Handle: s.apiUserList,
			API: &APIDoc{Summary: "List user accounts", Tag: "accounts", Response: List[auth.User]{}, Query: []Param{
				{Name: "q", Description: "part of the login or name", Type: "string"},
				{Name: "role", Description: "one role", Type: "string"},
				{Name: "status", Description: "active or disabled", Type: "string"},
				{Name: "point_id", Description: "users of one service point", Type: "integer"},
				{Name: "page", Description: "page number, from 1", Type: "integer"},
				{Name: "per_page", Description: "items per page, 1 to 100", Type: "integer"},
			}}},
		{Method: "POST", Pattern: "/api/v1/users", Access: Admins, Handle: s.apiUserCreate, MaxBody: authMaxBody,
			API: &APIDoc{Summary: "Create a user account", Tag: "accounts", Request: UserRequest{}, Response: auth.User{}, Status: 201}},
	}
}
