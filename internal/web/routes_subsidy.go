package web

import (
	"chuhai/internal/auth"
	"chuhai/internal/subsidy"
)

var (
	// programmeOwners manage programmes; the domain checks the owner region.
	programmeOwners = Only(auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	// enterprisesAndStaff see applications and quotes; the domain checks whose.
	enterprisesAndStaff = Only(auth.EnterpriseMember, auth.EnterpriseAdmin, auth.PointStaff, auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	// enterpriseActors act for their enterprise (and coordinators and admins on their behalf).
	enterpriseActors = Only(auth.EnterpriseMember, auth.EnterpriseAdmin, auth.CityCoordinator, auth.SystemAdmin)
	// voucherRedeemers are providers (and coordinators and admins on their behalf).
	voucherRedeemers = Only(auth.ProviderMember, auth.ProviderAdmin, auth.CityCoordinator, auth.SystemAdmin)
)

// subsidyRoutes: programmes and their budget pacing, quotes, applications and their review,
// 免申即享 offers and service vouchers.
func (s *Server) subsidyRoutes() []Route {
	pageQuery := []Param{
		{Name: "page", Type: "integer", Description: "page number, from 1"},
		{Name: "per_page", Type: "integer", Description: "items per page, 1 to 100 (default 20)"},
	}
	appQuery := append([]Param{
		{Name: "programme", Type: "integer", Description: "programme id"},
		{Name: "state", Description: "submitted, info_requested, point_approved, awaiting_allocation, approved, paid, rejected or withdrawn"},
		{Name: "sla", Description: "green, amber or red: the running clock's colour"},
		{Name: "q", Description: "reference or enterprise name (at most 100 characters)"},
	}, pageQuery...)
	return []Route{
		// Pages.
		{Method: "GET", Pattern: "/subsidy", Access: Anyone, Handle: s.subsidyProgrammeList},
		{Method: "GET", Pattern: "/subsidy/programmes/new", Access: programmeOwners, Handle: s.subsidyProgrammeForm},
		{Method: "POST", Pattern: "/subsidy/programmes", Access: programmeOwners, Handle: s.subsidyProgrammeSave},
		{Method: "GET", Pattern: "/subsidy/programmes/{id}", Access: Anyone, Handle: s.subsidyProgrammeShow},
		{Method: "GET", Pattern: "/subsidy/programmes/{id}/edit", Access: programmeOwners, Handle: s.subsidyProgrammeForm},
		{Method: "POST", Pattern: "/subsidy/programmes/{id}", Access: programmeOwners, Handle: s.subsidyProgrammeSave},
		{Method: "GET", Pattern: "/subsidy/programmes/{id}/pacing", Access: Staff, Handle: s.subsidyPacing},
		{Method: "POST", Pattern: "/subsidy/programmes/{id}/applications", Access: enterpriseActors, Handle: s.subsidyApplicationApply},
		{Method: "POST", Pattern: "/subsidy/programmes/{id}/vouchers", Access: programmeOwners, Handle: s.subsidyVoucherIssue},
		{Method: "POST", Pattern: "/subsidy/programmes/{id}/ledger", Access: programmeOwners, Handle: s.subsidyLedgerRecord},
		{Method: "POST", Pattern: "/subsidy/programmes/{id}/rounds", Access: programmeOwners, Handle: s.subsidyRoundAdd},
		{Method: "POST", Pattern: "/subsidy/programmes/{id}/rounds/{round_id}/close", Access: programmeOwners, Handle: s.subsidyRoundClose},
		{Method: "GET", Pattern: "/subsidy/quote", Access: enterprisesAndStaff, Handle: s.subsidyQuotePage},
		{Method: "GET", Pattern: "/subsidy/offers", Access: enterpriseActors, Handle: s.subsidyOfferList},
		{Method: "POST", Pattern: "/subsidy/offers/{id}/accept", Access: enterpriseActors, Handle: s.subsidyOfferAccept},
		{Method: "POST", Pattern: "/subsidy/offers/{id}/decline", Access: enterpriseActors, Handle: s.subsidyOfferDecline},
		{Method: "GET", Pattern: "/subsidy/applications", Access: enterprisesAndStaff, Handle: s.subsidyApplicationList},
		{Method: "GET", Pattern: "/subsidy/applications/{id}", Access: enterprisesAndStaff, Handle: s.subsidyApplicationShow},
		{Method: "POST", Pattern: "/subsidy/applications/{id}/transitions", Access: enterprisesAndStaff, Handle: s.subsidyApplicationTransition},
		{Method: "GET", Pattern: "/subsidy/vouchers", Access: SignedIn, Handle: s.subsidyVoucherList},
		{Method: "GET", Pattern: "/subsidy/vouchers/{id}", Access: SignedIn, Handle: s.subsidyVoucherShow},
		{Method: "POST", Pattern: "/subsidy/vouchers/{id}/redemptions", Access: voucherRedeemers, Handle: s.subsidyVoucherRedeem},
		{Method: "POST", Pattern: "/subsidy/redemptions/{id}/settle", Access: programmeOwners, Handle: s.subsidyRedemptionSettle},
		{Method: "GET", Pattern: "/subsidy/pacing/{id}/data.json", Access: Staff, Handle: s.subsidyPacingData},

		// API.
		{Method: "GET", Pattern: "/api/v1/programmes", Access: Anyone, Handle: s.apiProgrammeList, API: &APIDoc{
			Summary: "List active subsidy, reward and voucher programmes with their rules, terms and current budget", Tag: "subsidy",
			Response: List[subsidy.Programme]{}, Query: append([]Param{
				{Name: "owner", Description: "owner region code: 310000 for the city, a district code, or SH-LINGANG"},
				{Name: "kind", Description: "rate, review or voucher"}}, pageQuery...)}},
		{Method: "POST", Pattern: "/api/v1/programmes", Access: programmeOwners, Handle: s.apiProgrammeCreate, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Create a programme (point leads for their own region; coordinators for any); its budget opens the ledger", Tag: "subsidy",
			Request: subsidy.ProgrammeInput{}, Response: subsidy.Programme{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/programmes/{id}", Access: Anyone, Handle: s.apiProgrammeShow, API: &APIDoc{
			Summary: "Get a programme", Tag: "subsidy", Response: subsidy.Programme{}}},
		{Method: "PUT", Pattern: "/api/v1/programmes/{id}", Access: programmeOwners, Handle: s.apiProgrammeUpdate, MaxBody: 64 << 10, API: &APIDoc{
			Summary: "Replace a programme's rules and terms; send the version you read (409 if someone saved since)", Tag: "subsidy",
			Request: programmeUpdate{}, Response: subsidy.Programme{}}},
		{Method: "POST", Pattern: "/api/v1/programmes/{id}/rounds", Access: programmeOwners, Handle: s.apiRoundCreate, MaxBody: 8 << 10, API: &APIDoc{
			Summary: "Add an application round; rounds never overlap", Tag: "subsidy", Request: subsidy.RoundInput{}, Response: subsidy.Round{}, Status: 201}},
		{Method: "POST", Pattern: "/api/v1/programmes/{id}/rounds/{round_id}/close", Access: programmeOwners, Handle: s.apiRoundClose, API: &APIDoc{
			Summary: "Close a round after its closing date; pro-rata programmes allocate its budget", Tag: "subsidy", Response: subsidy.RoundClose{}}},
		{Method: "GET", Pattern: "/api/v1/programmes/{id}/ledger", Access: Staff, Handle: s.apiLedgerList, API: &APIDoc{
			Summary: "List a programme's ledger entries, newest first", Tag: "subsidy", Response: List[subsidy.Entry]{}, Query: pageQuery}},
		{Method: "POST", Pattern: "/api/v1/programmes/{id}/ledger", Access: programmeOwners, Handle: s.apiLedgerRecord, MaxBody: 8 << 10, API: &APIDoc{
			Summary: "Book a budget change or reverse an entry (entries are never edited)", Tag: "subsidy",
			Request: subsidy.LedgerInput{}, Response: subsidy.Entry{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/programmes/{id}/pacing", Access: Staff, Handle: s.apiPacing, API: &APIDoc{
			Summary: "A programme's committed, paid and remaining budget over time, the run-out forecast and voucher settlement times", Tag: "subsidy",
			Response: subsidy.Pacing{}}},
		{Method: "POST", Pattern: "/api/v1/subsidy/quotes", Access: enterprisesAndStaff, Handle: s.apiQuote, MaxBody: 8 << 10, API: &APIDoc{
			Summary: "What every programme would pay for an invoice, line by line (stateless; amounts round down to the fen)", Tag: "subsidy",
			Request: subsidy.QuoteRequest{}, Response: quoteResponse{}}},
		{Method: "GET", Pattern: "/api/v1/applications", Access: enterprisesAndStaff, Handle: s.apiApplicationList, API: &APIDoc{
			Summary: "List applications: an enterprise its own, point staff their region's review queue (most urgent first)", Tag: "subsidy",
			Response: List[applicationView]{}, Query: appQuery}},
		{Method: "POST", Pattern: "/api/v1/applications", Access: enterpriseActors, Handle: s.apiApplicationCreate, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Apply to a programme with an engagement's invoice (or, for rewards, a requested amount)", Tag: "subsidy",
			Request: subsidy.ApplicationInput{}, Response: applicationView{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/applications/{id}", Access: enterprisesAndStaff, Handle: s.apiApplicationShow, API: &APIDoc{
			Summary: "Get an application with its explanation and history", Tag: "subsidy", Response: applicationView{}}},
		{Method: "POST", Pattern: "/api/v1/applications/{id}/transitions", Access: enterprisesAndStaff, Handle: s.apiApplicationTransition, MaxBody: 16 << 10, API: &APIDoc{
			Summary: "Move an application: point_approve, request_info, respond, approve, reject, withdraw or pay (pay needs an idempotency key)", Tag: "subsidy",
			Request: subsidy.TransitionInput{}, Response: applicationView{}}},
		{Method: "GET", Pattern: "/api/v1/subsidy/offers", Access: enterpriseActors, Handle: s.apiOfferList, API: &APIDoc{
			Summary: "The enterprise's 免申即享 offers, open ones first", Tag: "subsidy", Response: List[offerView]{},
			Query: append([]Param{{Name: "enterprise", Type: "integer", Description: "coordinators: whose offers"}}, pageQuery...)}},
		{Method: "POST", Pattern: "/api/v1/subsidy/offers/{id}/acceptance", Access: enterpriseActors, Handle: s.apiOfferAccept, API: &APIDoc{
			Summary: "Accept an offer: one click creates the application, pre-filled", Tag: "subsidy", Response: applicationView{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/vouchers", Access: SignedIn, Handle: s.apiVoucherList, API: &APIDoc{
			Summary: "List vouchers: an enterprise its own, a provider those it redeemed, staff their region's", Tag: "subsidy",
			Response: List[subsidy.Voucher]{}, Query: append([]Param{
				{Name: "programme", Type: "integer", Description: "programme id"},
				{Name: "state", Description: "active or expired"},
				{Name: "code", Description: "a voucher's code, as its holder hands it to a provider"}}, pageQuery...)}},
		{Method: "POST", Pattern: "/api/v1/vouchers", Access: programmeOwners, Handle: s.apiVoucherIssue, MaxBody: 8 << 10, API: &APIDoc{
			Summary: "Issue a voucher to an eligible enterprise; its face value is committed in the ledger", Tag: "subsidy",
			Request: subsidy.VoucherInput{}, Response: subsidy.Voucher{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/vouchers/{id}", Access: SignedIn, Handle: s.apiVoucherShow, API: &APIDoc{
			Summary: "Get a voucher with its redemptions", Tag: "subsidy", Response: subsidy.Voucher{}}},
		{Method: "POST", Pattern: "/api/v1/vouchers/{id}/redemptions", Access: voucherRedeemers, Handle: s.apiVoucherRedeem, MaxBody: 8 << 10, API: &APIDoc{
			Summary: "Redeem part of a voucher against the provider's engagement with its holder; the settlement clock starts", Tag: "subsidy",
			Request: subsidy.RedemptionInput{}, Response: subsidy.Redemption{}, Status: 201}},
		{Method: "POST", Pattern: "/api/v1/redemptions/{id}/settlement", Access: programmeOwners, Handle: s.apiRedemptionSettle, MaxBody: 8 << 10, API: &APIDoc{
			Summary: "Settle a redemption: pay the provider (once) and stop its clock", Tag: "subsidy", Request: settleInput{}, Response: subsidy.Redemption{}}},
	}
}

// programmeUpdate is the body of PUT /api/v1/programmes/{id}.
type programmeUpdate struct {
	subsidy.ProgrammeInput
	Version int `json:"version"`
}

// settleInput is the body of a settlement.
type settleInput struct {
	Note string `json:"note"`
}

// quoteResponse is the answer to POST /api/v1/subsidy/quotes.
type quoteResponse struct {
	Quotes []quoteView `json:"quotes"`
}

// quoteView is one programme's quote with its explanation in the request's language.
type quoteView struct {
	ProgrammeID   int64    `json:"programme_id"`
	ProgrammeName string   `json:"programme_name"`
	Eligible      bool     `json:"eligible"`
	AmountFen     int64    `json:"amount_fen"`
	Explanation   []string `json:"explanation"`
}

// applicationView is an application with its explanation in the request's language.
type applicationView struct {
	subsidy.Application
	Explanation []string `json:"explanation"`
}

// offerView is an offer with its explanation in the request's language.
type offerView struct {
	subsidy.Offer
	Explanation []string `json:"explanation"`
}
