package network

import "time"

// SetReadClock sets the clock of the read cache, for tests in package network_test.
func (s *Store) SetReadClock(now func() time.Time) { s.reads.SetClock(now) }
