package odi

import (
	"strings"
	"testing"
)

func TestStepDatesMustBeInOrder(t *testing.T) {
	today := day("2026-06-30")
	approval := &TrackedStep{Regime: RegimeNDRC, Action: Approval, TimeLimitWorkdays: 20, ExtensionWorkdays: 10}
	safe := &TrackedStep{Regime: RegimeSAFE, Action: Filing}
	none := &TrackedStep{Regime: RegimeNDRC, Action: NoAction}
	long := strings.Repeat("号", maxNoticeRunes+1)
	for _, tc := range []struct {
		name string
		step *TrackedStep
		in   StepInput
		want []string
	}{
		{"nothing yet", approval, StepInput{}, nil},
		{"submitted and accepted", approval, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-05"}, nil},
		{"same day throughout", approval, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-02", DecidedOn: "2026-03-02", Decision: Granted}, nil},
		{"accepted before submission", approval, StepInput{SubmittedOn: "2026-03-05", AcceptedOn: "2026-03-02"},
			[]string{"accepted_on odi.date_order"}},
		{"decided before acceptance", approval, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-05", DecidedOn: "2026-03-04", Decision: Granted},
			[]string{"decided_on odi.date_order"}},
		{"decided before submission and acceptance", approval, StepInput{SubmittedOn: "2026-03-06", AcceptedOn: "2026-03-06", DecidedOn: "2026-03-04", Decision: Granted},
			[]string{"decided_on odi.date_order", "decided_on odi.date_order"}},
		{"accepted without submission", approval, StepInput{AcceptedOn: "2026-03-05"}, []string{"accepted_on odi.date_needs"}},
		{"decided without submission", approval, StepInput{DecidedOn: "2026-03-05", Decision: Refused}, []string{"decided_on odi.date_needs"}},
		{"future date", approval, StepInput{SubmittedOn: "2026-07-01"}, []string{"submitted_on odi.date_future"}},
		{"impossible date", approval, StepInput{SubmittedOn: "2026-02-30"}, []string{"submitted_on odi.date_bad"}},
		{"timestamp is not a date", approval, StepInput{SubmittedOn: "2026-03-02T09:00:00Z"}, []string{"submitted_on odi.date_bad"}},
		{"decision without a date", approval, StepInput{SubmittedOn: "2026-03-02", Decision: Granted}, []string{"decision odi.decision_needs_date"}},
		{"date without a decision", approval, StepInput{SubmittedOn: "2026-03-02", DecidedOn: "2026-03-20"}, []string{"decision error.required"}},
		{"unknown decision", approval, StepInput{SubmittedOn: "2026-03-02", DecidedOn: "2026-03-20", Decision: "maybe"}, []string{"decision error.bad_choice"}},
		{"notice number of a refusal", approval, StepInput{SubmittedOn: "2026-03-02", DecidedOn: "2026-03-20", Decision: Refused, NoticeNumber: "发改外资〔2026〕1号"},
			[]string{"notice_number odi.notice_needs_grant"}},
		{"notice number too long", approval, StepInput{SubmittedOn: "2026-03-02", DecidedOn: "2026-03-20", Decision: Granted, NoticeNumber: long},
			[]string{"notice_number error.too_long"}},
		{"extension within ten days", approval, StepInput{SubmittedOn: "2026-03-02", ExtendedWorkdays: 10}, nil},
		{"extension beyond ten days", approval, StepInput{SubmittedOn: "2026-03-02", ExtendedWorkdays: 11}, []string{"extended_workdays odi.extension_range"}},
		{"negative extension", approval, StepInput{ExtendedWorkdays: -1}, []string{"extended_workdays odi.extension_range"}},
		{"no extension for a registration", safe, StepInput{ExtendedWorkdays: 1}, []string{"extended_workdays odi.extension_range"}},
		{"pauses in order", approval, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-03", Pauses: []PauseInput{
			{RequestedOn: "2026-03-04", ResumedOn: "2026-03-10"}, {RequestedOn: "2026-03-10"}}}, nil},
		{"pause before submission", approval, StepInput{SubmittedOn: "2026-03-02", Pauses: []PauseInput{{RequestedOn: "2026-03-01", ResumedOn: "2026-03-03"}}},
			[]string{"pauses[0].requested_on odi.date_order"}},
		{"pause answered before it was asked", approval, StepInput{SubmittedOn: "2026-03-02", Pauses: []PauseInput{{RequestedOn: "2026-03-05", ResumedOn: "2026-03-04"}}},
			[]string{"pauses[0].resumed_on odi.date_order"}},
		{"pauses overlap", approval, StepInput{SubmittedOn: "2026-03-02", Pauses: []PauseInput{
			{RequestedOn: "2026-03-04", ResumedOn: "2026-03-10"}, {RequestedOn: "2026-03-09", ResumedOn: "2026-03-11"}}},
			[]string{"pauses[1].requested_on odi.pause_overlap"}},
		{"an open pause must be the last", approval, StepInput{SubmittedOn: "2026-03-02", Pauses: []PauseInput{
			{RequestedOn: "2026-03-04"}, {RequestedOn: "2026-03-09", ResumedOn: "2026-03-11"}}},
			[]string{"pauses[0].resumed_on error.required", "pauses[1].requested_on odi.pause_overlap"}},
		{"no open pause once decided", approval, StepInput{SubmittedOn: "2026-03-02", DecidedOn: "2026-03-20", Decision: Granted,
			Pauses: []PauseInput{{RequestedOn: "2026-03-04"}}}, []string{"pauses[0].resumed_on odi.pause_open_decided"}},
		{"pause after the decision", approval, StepInput{SubmittedOn: "2026-03-02", DecidedOn: "2026-03-20", Decision: Granted,
			Pauses: []PauseInput{{RequestedOn: "2026-03-21", ResumedOn: "2026-03-23"}}},
			[]string{"pauses[0].requested_on odi.date_before", "pauses[0].resumed_on odi.date_before"}},
		{"pause without a start", approval, StepInput{SubmittedOn: "2026-03-02", Pauses: []PauseInput{{ResumedOn: "2026-03-23"}}},
			[]string{"pauses[0].requested_on error.required"}},
		{"pause before anything was submitted", approval, StepInput{Pauses: []PauseInput{{RequestedOn: "2026-03-04"}}},
			[]string{"pauses[0].requested_on odi.date_needs"}},
		{"too many pauses", approval, StepInput{SubmittedOn: "2026-03-02", Pauses: make([]PauseInput, maxPauses+1)}, []string{"pauses odi.pauses_too_many"}},
		{"a step that asks nothing takes no dates", none, StepInput{SubmittedOn: "2026-03-02"}, []string{"submitted_on odi.step_not_required"}},
		{"control characters in the note", approval, StepInput{Note: "a\x00b"}, []string{"note error.too_long"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			_, err := validateStep(tc.step, &in, today)
			if got := fieldErrors(err); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGrantedNoticesAreValidForTwoYears(t *testing.T) {
	today := day("2028-12-31")
	for _, tc := range []struct {
		step    *TrackedStep
		decided string
		want    string
	}{
		{&TrackedStep{Regime: RegimeNDRC, Action: Filing}, "2026-03-10", "2028-03-09"},
		{&TrackedStep{Regime: RegimeMOFCOM, Action: Approval}, "2028-02-29", "2030-02-28"},
		{&TrackedStep{Regime: RegimeNDRC, Action: Report}, "2026-03-10", ""},
		{&TrackedStep{Regime: RegimeSAFE, Action: Filing}, "2026-03-10", ""},
	} {
		in := StepInput{SubmittedOn: tc.decided, DecidedOn: tc.decided, Decision: Granted}
		d, err := validateStep(tc.step, &in, today)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if !d.validUntil.IsZero() {
			got = d.validUntil.String()
		}
		if got != tc.want {
			t.Errorf("%s %s decided %s: valid until %q, want %q", tc.step.Regime, tc.step.Action, tc.decided, got, tc.want)
		}
	}
}
