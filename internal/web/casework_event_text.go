package web

import (
	"fmt"
	"strings"
	"time"

	"chuhai/internal/casework"
	"chuhai/internal/money"
)

// eventText says what a timeline event was, in lang: the event kind's message filled from the
// event's detail, with codes (channels, clocks), times and amounts made readable.
func (s *Server) eventText(lang string, e casework.Event) string {
	args := map[string]any{}
	for k, v := range e.Detail {
		name := camel(k)
		switch x := v.(type) {
		case string:
			if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
				v = when(&t)
			}
		case float64:
			v = int64(x)
		case []any:
			parts := make([]string, len(x))
			for i, p := range x {
				parts[i] = fmt.Sprint(p)
			}
			v = strings.Join(parts, "、")
		}
		switch k {
		case "channel":
			v = s.Cat.T(lang, "casework.channel."+fmt.Sprint(v), nil)
		case "clock":
			v = s.Cat.T(lang, "casework.clock."+fmt.Sprint(v), nil)
		case "amount_fen", "previous_fen":
			if n, ok := v.(int64); ok {
				v = money.Fen(n).String()
			}
		}
		args[name] = v
	}
	return s.Cat.T(lang, "casework.event."+e.Kind, args)
}

// camel turns snake_case into CamelCase, the catalogue's argument names.
func camel(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}
