// Package search is chuhai's Chinese-aware full-text index, shared by every kind of content: guides,
// policies and alerts today, providers, courses and deals as they come. A domain package describes each
// of its records as a Document and writes it with Index.Put in the same transaction as the record, so
// the index never disagrees with the data. Search ranks, highlights and facets the matches.
//
// Chinese has no spaces between words, so Han text is split in Go into overlapping bigrams (see
// Tokens); Latin words and pinyin are indexed as typed. SQLite keeps the terms in an FTS5 table with the
// unicode61 tokenizer, beside the trigrams of the longer Han runs that answer queries of three
// characters or more (see trigramText); PostgreSQL keeps them in a tsvector('simple') column under a
// GIN index. The package knows
// nothing of the domain: kinds, issuers and countries are opaque strings to it.
package search

import (
	"embed"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the search schema. It references no other module's tables.
var Module = db.Module{Name: "search", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}
