package web_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"chuhai/internal/db"
)

// TestOpenAPIDescribesTheSelfAssessment checks the documented shape of POST /api/v1/odi/assessments,
// enums included: the actions are the four (SAFE's registration at the bank is a filing).
func TestOpenAPIDescribesTheSelfAssessment(t *testing.T) {
	_, doc := fetchOpenAPI(t, newEnv(t, db.SQLite))
	op := string(doc.Paths["/api/v1/odi/assessments"]["post"])
	if !strings.Contains(op, `"security": []`) || !strings.Contains(op, `"#/components/schemas/AssessmentRequest"`) || !strings.Contains(op, `"#/components/schemas/AssessmentResult"`) {
		t.Fatalf("operation %s", op)
	}
	type schema struct {
		Properties map[string]struct {
			Type any      `json:"type"`
			Enum []string `json:"enum"`
		} `json:"properties"`
		Required []string `json:"required"`
	}
	var step, req schema
	if err := json.Unmarshal(doc.Components.Schemas["AssessedStep"], &step); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc.Components.Schemas["AssessmentRequest"], &req); err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string][]string{
		"authority": {"NDRC", "MOFCOM", "SAFE"},
		"action":    {"approval", "filing", "report", "none"},
		"level":     {"national", "provincial", "bank"},
	} {
		if got := step.Properties[field].Enum; !slices.Equal(got, want) {
			t.Errorf("AssessedStep.%s enum %v, want %v", field, got, want)
		}
	}
	want := []string{"basis", "documents", "explanation", "time_limit_workdays"}
	for _, w := range want {
		if !slices.Contains(step.Required, w) {
			t.Errorf("AssessedStep lacks required %s", w)
		}
	}
	if got := req.Properties["form"].Enum; !slices.Equal(got, []string{"greenfield", "ma", "jv", "capital_increase", "other"}) {
		t.Errorf("form enum %v", got)
	}
	if typ, _ := json.Marshal(req.Properties["total_investment_usd_cents"].Type); string(typ) != `["integer","null"]` {
		t.Errorf("total_investment_usd_cents type %s", typ)
	}
}
