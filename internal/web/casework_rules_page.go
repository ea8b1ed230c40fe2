package web

import (
	"net/http"

	"chuhai/internal/casework"
	"chuhai/internal/network"
)

type rulesPage struct {
	Rules      []casework.Rule
	Policies   []casework.Policy
	Topics     []network.Topic
	Names      topicNames
	Kinds      []string
	PointKinds []string
	Channels   []string
	Urgencies  []string
	Points     []pointOption
	CanEdit    bool
	Done       string
	Fail       pageFail
}

// caseworkRulesPage shows the routing rules and SLA policies; coordinators edit them here.
func (s *Server) caseworkRulesPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRoutingRules(w, r, http.StatusOK, pageFail{})
}

func (s *Server) renderRoutingRules(w http.ResponseWriter, r *http.Request, status int, fail pageFail) error {
	ctx := r.Context()
	rules, err := s.Casework.Rules(ctx)
	if err != nil {
		return err
	}
	policies, err := s.Casework.Policies(ctx)
	if err != nil {
		return err
	}
	names, topics, err := s.topicNames(ctx)
	if err != nil {
		return err
	}
	points, err := s.pointOptions(ctx)
	if err != nil {
		return err
	}
	pg := rulesPage{Rules: rules, Policies: policies, Topics: topics, Names: names, Kinds: casework.RuleKinds, PointKinds: network.PointKinds,
		Channels: casework.Channels, Urgencies: casework.Urgencies, Points: points, CanEdit: info(r).principal.CityWide(),
		Done: s.doneNotice(r), Fail: fail}
	s.renderStatus(w, r, status, "casework_rules", pg, "casework.rules.title")
	return nil
}

// ruleFormData is what the rule form needs: the page (for the language and failed form), the rule
// being edited (nil for a new one), where it posts and its name among the page's forms.
type ruleFormData struct {
	Page   Page
	Rule   *casework.Rule
	Action string
	Form   string
}

// RuleForm builds the rule form's data; rule is a casework.Rule or nil.
func (rulesPage) RuleForm(page Page, rule any, action, form string) ruleFormData {
	d := ruleFormData{Page: page, Action: action, Form: form}
	if r, ok := rule.(casework.Rule); ok {
		d.Rule = &r
	}
	return d
}
