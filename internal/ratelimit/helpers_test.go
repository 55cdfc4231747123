package ratelimit

import (
	"sync"
	"time"
)

// clock is a settable clock, safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// len returns the number of tracked keys.
func (l *Limiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.keys) != len(l.queue) {
		panic("ratelimit: map and queue disagree")
	}
	return len(l.keys)
}
