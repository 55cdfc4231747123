package ratelimit

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestAllowUpToLimit(t *testing.T) {
	c := newClock()
	l := New(3, 3*time.Minute, c.now)
	for i := range 3 {
		if ok, wait := l.Allow("a"); !ok || wait != 0 {
			t.Fatalf("event %d: Allow = %v, %v, want true, 0", i+1, ok, wait)
		}
	}
	if ok, wait := l.Allow("a"); ok || wait != time.Minute {
		t.Errorf("event 4: Allow = %v, %v, want false, 1m", ok, wait)
	}
	c.advance(40 * time.Second)
	if ok, wait := l.Allow("a"); ok || wait != 20*time.Second {
		t.Errorf("after 40s: Allow = %v, %v, want false, 20s", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Error("another key: Allow = false, want true")
	}
	c.advance(20 * time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Error("after retryAfter: Allow = false, want true")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Error("right after: Allow = true, want false")
	}
}

func TestAllowAgainAfterWindow(t *testing.T) {
	c := newClock()
	l := New(5, 15*time.Minute, c.now)
	for range 5 {
		l.Allow("k")
	}
	if ok, _ := l.Allow("k"); ok {
		t.Fatal("over the limit: Allow = true, want false")
	}
	c.advance(15 * time.Minute)
	for i := range 5 {
		if ok, wait := l.Allow("k"); !ok {
			t.Fatalf("window passed, event %d: Allow = false, %v, want true", i+1, wait)
		}
	}
}

func TestFailAndBlocked(t *testing.T) {
	c := newClock()
	l := New(5, 15*time.Minute, c.now)
	for i := range 5 {
		if blocked, _ := l.Blocked("ak_1"); blocked {
			t.Fatalf("after %d failures: Blocked = true, want false", i)
		}
		l.Fail("ak_1")
	}
	for range 10 { // Blocked does not count
		if blocked, wait := l.Blocked("ak_1"); !blocked || wait != 3*time.Minute {
			t.Fatalf("after 5 failures: Blocked = %v, %v, want true, 3m", blocked, wait)
		}
	}
	for range 100 { // failures while blocked never owe more than a window
		l.Fail("ak_1")
	}
	if blocked, wait := l.Blocked("ak_1"); !blocked || wait != 3*time.Minute {
		t.Errorf("after 105 failures: Blocked = %v, %v, want true, 3m", blocked, wait)
	}
	c.advance(3 * time.Minute)
	if blocked, _ := l.Blocked("ak_1"); blocked {
		t.Error("after retryAfter: Blocked = true, want false")
	}
	l.Fail("ak_1")
	if blocked, _ := l.Blocked("ak_1"); !blocked {
		t.Error("one more failure: Blocked = false, want true")
	}
	c.advance(15 * time.Minute)
	if blocked, _ := l.Blocked("ak_1"); blocked {
		t.Error("a window later: Blocked = true, want false")
	}
	if n := l.len(); n != 0 {
		t.Errorf("idle keys kept = %d, want 0", n)
	}
}

func TestReset(t *testing.T) {
	c := newClock()
	l := New(2, time.Hour, c.now)
	l.Fail("ip")
	l.Fail("ip")
	l.Fail("other")
	l.Fail("other")
	l.Reset("ip")
	l.Reset("never seen")
	if blocked, _ := l.Blocked("ip"); blocked {
		t.Error("after Reset: Blocked = true, want false")
	}
	if blocked, _ := l.Blocked("other"); !blocked {
		t.Error("other key after Reset: Blocked = false, want true")
	}
	if n := l.len(); n != 1 {
		t.Errorf("keys = %d, want 1", n)
	}
}

func TestConcurrentAllowCountsExactly(t *testing.T) {
	c := newClock()
	l := New(50, time.Minute, c.now)
	var allowed [4]atomic.Int64
	var wg sync.WaitGroup
	for g := range 32 {
		wg.Go(func() {
			for i := range 100 {
				k := (g + i) % len(allowed)
				if ok, _ := l.Allow(fmt.Sprint("key", k)); ok {
					allowed[k].Add(1)
				}
				l.Blocked("key0")
				if i%10 == 0 {
					l.Fail("fail")
					l.Reset("reset")
				}
			}
		})
	}
	wg.Wait()
	for k := range allowed {
		if got := allowed[k].Load(); got != 50 {
			t.Errorf("key%d: allowed %d, want 50", k, got)
		}
	}
}

func TestKeyCapEvictsFirstExpiring(t *testing.T) {
	c := newClock()
	l := newLimiter(3, time.Hour, c.now, 3)
	for range 3 {
		l.Fail("attacker")
	}
	for i := range 1000 { // spraying fresh keys
		l.Fail(fmt.Sprint("spray", i))
		c.advance(time.Millisecond)
	}
	if n := l.len(); n != 3 {
		t.Errorf("keys = %d, want the cap 3", n)
	}
	if blocked, _ := l.Blocked("attacker"); !blocked {
		t.Error("blocked key was evicted by sprayed keys")
	}
	if blocked, _ := l.Blocked("spray0"); blocked {
		t.Error("spray0 still tracked, want evicted")
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int
	}{
		{0, 0}, {-time.Second, 0}, {time.Nanosecond, 1}, {time.Second, 1},
		{time.Second + time.Millisecond, 2}, {3 * time.Minute, 180},
	}
	for _, tt := range tests {
		if got := RetryAfterSeconds(tt.d); got != tt.want {
			t.Errorf("RetryAfterSeconds(%v) = %d, want %d", tt.d, got, tt.want)
		}
	}
}
