package casework

// For BenchmarkCasework, which lives outside the package (it needs the whole app).
var (
	ExplainSweep    = explainSweep
	SweepReadsIndex = sweepReadsIndex
)
