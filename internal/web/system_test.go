package web_test

import (
	"net/http"
	"testing"
)

func TestSystemEndpointsAndUnknownRoutes(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		runScenarios(t, e, []scenario{
			{name: "health", req: request{method: "GET", path: "/healthz"}, status: 200, contains: []string{"ok"}},
			{name: "ready", req: request{method: "GET", path: "/readyz"}, status: 200, contains: []string{"ready"}},
			{name: "metrics", req: request{method: "GET", path: "/metrics"}, status: 200, contains: []string{"go_goroutines"}},
			{name: "unknown api route is a problem", req: request{method: "GET", path: "/api/v1/nothing-here"}, status: 404, contains: []string{`"status":404`, "request_id"}},
			{name: "unknown page is an HTML page", req: request{method: "GET", path: "/nothing-here"}, status: 404, contains: []string{"<!doctype html>", "404"}},
			{name: "english problem", req: request{method: "GET", path: "/api/v1/nothing-here", header: map[string]string{"Accept-Language": "en"}}, status: 404, contains: []string{"could not find"}},
			{name: "wrong method", req: request{method: "DELETE", path: "/healthz"}, status: http.StatusMethodNotAllowed},
			{name: "static traversal", req: request{method: "GET", path: "/static/../../go.mod"}, status: 404},
			{name: "static unhashed name", req: request{method: "GET", path: "/static/app.css"}, status: 404},
		})
	})
}
