package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"chuhai/internal/audit"
)

// cmdSearch maintains the search index: `chuhai search reindex [--kind K]` rebuilds the documents of
// every kind (or one) from the records they describe — after the tokenizer changes, or when a kind of
// content is indexed for the first time.
func cmdSearch(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "reindex" {
		return exitError{2, "usage: chuhai search reindex [--kind guide|policy|alert|provider] [--db DSN]"}
	}
	var kind string
	a, _, err := openMigrated(ctx, "search reindex", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&kind, "kind", "", "rebuild only this kind of document")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	sources := a.SearchSources()
	var kinds []string
	for _, s := range sources {
		kinds = append(kinds, s.Kind())
	}
	if kind != "" && !slices.Contains(kinds, kind) {
		return exitError{2, fmt.Sprintf("unknown kind %q (one of %s)", kind, strings.Join(kinds, ", "))}
	}
	ctx = audit.WithMeta(ctx, audit.Meta{ActorLogin: "cli", RequestID: "search-reindex"})
	for _, s := range sources {
		if kind != "" && s.Kind() != kind {
			continue
		}
		n, err := a.Search.Rebuild(ctx, s)
		if err != nil {
			return fmt.Errorf("reindex %s: %w", s.Kind(), err)
		}
		fmt.Fprintf(stdout, "%-10s %d documents\n", s.Kind(), n)
	}
	return nil
}
