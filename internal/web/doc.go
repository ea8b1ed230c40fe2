// Package web is the only HTTP package: the route table (the one place that says who may call what),
// middleware, the error adapter that renders failures as RFC 9457 problems or HTML pages, server-
// rendered pages with embedded content-hashed assets, the JSON API and its OpenAPI document.
// Handlers parse, call a domain package, and render — nothing else. One file per handler, named for
// its action.
package web
