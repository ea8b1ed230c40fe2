package demo

import (
	"context"
	"fmt"

	"chuhai/internal/app"
	"chuhai/internal/knowledge"
)

// loadKnowledge adds the sample country guides, policy library and safety alerts (see
// knowledge.LoadDemo). They need only the reference regions and topics that migrating loads.
func loadKnowledge(ctx context.Context, a *app.App) error {
	if err := knowledge.LoadDemo(ctx, a.Knowledge); err != nil {
		return fmt.Errorf("demo knowledge: %w", err)
	}
	return nil
}
