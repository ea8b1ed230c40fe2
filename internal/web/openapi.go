package web

// APIDoc is what the OpenAPI document says about an /api route.
type APIDoc struct {
	Summary  string
	Tag      string
	Request  any     // a value of the request body type, or nil
	Response any     // a value of the success response body type, or nil
	Status   int     // success status; 200 when zero
	Query    []Param // query parameters
}

// Param is a documented query parameter.
type Param struct {
	Name, Description string
	Type              string // "string" or "integer"
}
