package ratelimit

import (
	"container/heap"
	"sync"
	"time"
)

// MaxKeys is the number of keys a Limiter tracks at most.
const MaxKeys = 100_000

// Limiter allows at most limit events per key in any window (see the package
// doc for the algorithm). It is safe for concurrent use.
type Limiter struct {
	interval time.Duration // window / limit: what one event costs
	window   time.Duration
	now      func() time.Time
	maxKeys  int

	mu    sync.Mutex
	keys  map[string]*entry
	queue queue
}

// New returns a Limiter of limit events per window that reads the time from
// now (time.Now when nil). It panics when limit < 1 or window < limit
// nanoseconds: both are constants of the caller.
func New(limit int, window time.Duration, now func() time.Time) *Limiter {
	return newLimiter(limit, window, now, MaxKeys)
}

func newLimiter(limit int, window time.Duration, now func() time.Time, maxKeys int) *Limiter {
	if limit < 1 || window < time.Duration(limit) {
		panic("ratelimit: need limit ≥ 1 and window ≥ limit nanoseconds")
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{
		interval: window / time.Duration(limit),
		window:   window,
		now:      now,
		maxKeys:  maxKeys,
		keys:     make(map[string]*entry),
	}
}

// Allow counts one event of key if the key is within its limit and reports
// whether it did; when it did not, retryAfter says when the next event will
// be allowed. Use it for events that are limited as they happen (page views).
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)
	next := l.tat(key, now).Add(l.interval)
	if wait := next.Sub(now) - l.window; wait > 0 {
		return false, wait
	}
	l.set(key, next)
	return true, 0
}

// Blocked reports whether key has used its limit, and for how long it stays
// blocked, without counting anything. Check it before a login; count a
// failure with Fail.
func (l *Limiter) Blocked(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)
	if wait := l.tat(key, now).Add(l.interval).Sub(now) - l.window; wait > 0 {
		return true, wait
	}
	return false, 0
}

// Fail counts one failure of key, even when it is blocked already; a key
// never owes more than one window.
func (l *Limiter) Fail(key string) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(now)
	next := l.tat(key, now).Add(l.interval)
	if full := now.Add(l.window); next.After(full) {
		next = full
	}
	l.set(key, next)
}

// Reset forgets key, e.g. after a successful login.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.keys[key]; ok {
		heap.Remove(&l.queue, e.index)
		delete(l.keys, key)
	}
}

// RetryAfterSeconds rounds d up to whole seconds, at least 1 for any d > 0,
// for a Retry-After header: rounding down would invite a retry too early.
func RetryAfterSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// tat returns key's theoretical arrival time, no earlier than now and no
// later than now + window (a clock that stepped back must not block longer).
func (l *Limiter) tat(key string, now time.Time) time.Time {
	e, ok := l.keys[key]
	switch {
	case !ok || !e.tat.After(now):
		return now
	case e.tat.After(now.Add(l.window)):
		return now.Add(l.window)
	}
	return e.tat
}

// set stores key's new tat, evicting the first-expiring key when full.
func (l *Limiter) set(key string, tat time.Time) {
	if e, ok := l.keys[key]; ok {
		e.tat = tat
		heap.Fix(&l.queue, e.index)
		return
	}
	if len(l.keys) >= l.maxKeys {
		old := heap.Pop(&l.queue).(*entry)
		delete(l.keys, old.key)
	}
	e := &entry{key: key, tat: tat}
	heap.Push(&l.queue, e)
	l.keys[key] = e
}

// expire drops every key whose tat has passed: it is as good as new.
func (l *Limiter) expire(now time.Time) {
	for len(l.queue) > 0 && !l.queue[0].tat.After(now) {
		e := heap.Pop(&l.queue).(*entry)
		delete(l.keys, e.key)
	}
}
