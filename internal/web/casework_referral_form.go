package web

import (
	"net/http"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/casework"
)

// caseworkReferralForm refers a request to the providers ticked among the suggestions, or named by
// number.
func (s *Server) caseworkReferralForm(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	in := casework.NewReferral{Note: f.Get("note")}
	ranks := map[int64]int{}
	for _, item := range f["pick"] {
		id, rank, _ := strings.Cut(item, ":")
		n, perr := strconv.ParseInt(id, 10, 64)
		k, _ := strconv.Atoi(rank)
		if perr != nil {
			return s.reshow(w, r, ref, "refer", apperr.Invalid(apperr.F("provider_ids", "casework.referral.provider_ids")), "provider_ids")
		}
		in.ProviderIDs, ranks[n] = append(in.ProviderIDs, n), k
	}
	for _, field := range strings.FieldsFunc(f.Get("provider_ids"), func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		n, perr := strconv.ParseInt(field, 10, 64)
		if perr != nil {
			return s.reshow(w, r, ref, "refer", apperr.Invalid(apperr.F("provider_ids", "casework.referral.provider_ids")), "provider_ids")
		}
		in.ProviderIDs = append(in.ProviderIDs, n)
	}
	if len(ranks) > 0 {
		for _, id := range in.ProviderIDs {
			in.MatchRanks = append(in.MatchRanks, ranks[id])
		}
	}
	if _, err := s.Casework.Refer(r.Context(), ref, in); err != nil {
		return s.reshow(w, r, ref, "refer", err, "provider_ids", "note", "match_ranks=provider_ids")
	}
	afterForm(w, r, ref, "refer", "referrals")
	return nil
}
