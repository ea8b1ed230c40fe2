package notify

import "slices"

// Topic is a kind of notification people can choose channels for.
type Topic struct {
	Code string // e.g. "casework.sla_warning"
	// NameKey is the catalogue id of the topic's name on the preferences page.
	NameKey string
	// EmailByDefault: SLA and safety topics reach people by email unless they opt out.
	EmailByDefault bool
}

// Topics the platform sends. Domain packages send only these; a test keeps each name in the
// catalogue. Add new ones here (or with Service.AddTopic at wiring time).
var defaultTopics = []Topic{
	{Code: "casework.request_new", NameKey: "notify.topic.casework.request_new"},
	{Code: "casework.assigned", NameKey: "notify.topic.casework.assigned"},
	{Code: "casework.status_changed", NameKey: "notify.topic.casework.status_changed"},
	{Code: "casework.transfer", NameKey: "notify.topic.casework.transfer"},
	{Code: "casework.collaboration", NameKey: "notify.topic.casework.collaboration"},
	{Code: "casework.sla_warning", NameKey: "notify.topic.casework.sla_warning", EmailByDefault: true},
	{Code: "casework.sla_breach", NameKey: "notify.topic.casework.sla_breach", EmailByDefault: true},
	{Code: "casework.sla_escalation", NameKey: "notify.topic.casework.sla_escalation", EmailByDefault: true},
	{Code: "casework.referral", NameKey: "notify.topic.casework.referral"},
	{Code: "casework.engagement", NameKey: "notify.topic.casework.engagement"},
	{Code: "casework.feedback", NameKey: "notify.topic.casework.feedback"},
	{Code: "safety.alert", NameKey: "notify.topic.safety.alert", EmailByDefault: true},
	{Code: "safety.sos", NameKey: "notify.topic.safety.sos", EmailByDefault: true},
	{Code: "system.notice", NameKey: "notify.topic.system.notice"},
}

func (s *Service) topic(code string) (Topic, bool) {
	i := slices.IndexFunc(s.topics, func(t Topic) bool { return t.Code == code })
	if i < 0 {
		return Topic{}, false
	}
	return s.topics[i], true
}

// Topics lists the known topics in display order.
func (s *Service) Topics() []Topic { return slices.Clone(s.topics) }

// AddTopic makes a topic known; call it while wiring, before serving.
func (s *Service) AddTopic(t Topic) {
	if _, ok := s.topic(t.Code); !ok {
		s.topics = append(s.topics, t)
	}
}
