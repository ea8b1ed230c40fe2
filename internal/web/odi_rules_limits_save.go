package web

import (
	"math/big"
	"net/http"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/odi"
)

// odiRulesLimitsSave saves the threshold, the near-threshold band, the reference exchange rate and
// the statutory time limits (POST /odi/rules/limits).
func (s *Server) odiRulesLimitsSave(w http.ResponseWriter, r *http.Request) error {
	return s.editRules(w, r, "limits", func(rules *odi.Rules) error {
		f := r.PostForm
		var fields []apperr.Field
		threshold, err := money.ParseUSD("threshold_usd", f.Get("threshold_usd"))
		if e, ok := apperr.As(err); ok {
			fields = append(fields, e.Fields...)
		}
		near, ok := percentToBP(f.Get("near_threshold_percent"))
		if !ok {
			fields = append(fields, apperr.F("near_threshold_percent", "odi.rules.near_percent"))
		}
		rate, err := odi.ParseRate("cny_per_usd", f.Get("cny_per_usd"))
		if e, ok := apperr.As(err); ok {
			fields = append(fields, e.Fields...)
		}
		limits := make([]int, len(limitNames))
		for i, n := range limitNames {
			v, err := strconv.Atoi(strings.TrimSpace(f.Get(n)))
			if err != nil {
				fields = append(fields, apperr.F(n, "odi.rules.time_limit", "Min", 0, "Max", 365))
			}
			limits[i] = v
		}
		if len(fields) > 0 {
			return apperr.Invalid(fields...)
		}
		rules.ThresholdUSD, rules.NearThresholdBP, rules.CNYPerUSDE4 = threshold, near, rate
		t := &rules.TimeLimits
		for i, p := range []*int{&t.NDRCApproval, &t.NDRCApprovalExtension, &t.NDRCAcceptance, &t.NDRCFiling, &t.NDRCCompletionReport,
			&t.MOFCOMFiling, &t.MOFCOMApprovalCentral, &t.MOFCOMApprovalLocal} {
			*p = limits[i]
		}
		t.NDRCFilingConfirmed, t.MOFCOMApprovalConfirmed = f.Get("ndrc_filing_confirmed") == "1", f.Get("mofcom_approval_confirmed") == "1"
		return nil
	})
}

// percentToBP reads a percentage with at most two decimals ("10", "2.5") as basis points.
func percentToBP(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 6 {
		return 0, false
	}
	x, ok := new(big.Rat).SetString(s)
	if !ok || x.Sign() < 0 {
		return 0, false
	}
	x.Mul(x, big.NewRat(100, 1))
	if !x.IsInt() {
		return 0, false
	}
	return x.Num().Int64(), true
}
