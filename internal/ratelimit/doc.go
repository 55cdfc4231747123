// Package ratelimit counts events per key in memory: failed logins per
// appKey and per client address, and later views of the public scan pages.
//
// # The algorithm
//
// A Limiter allows limit events per window as a token bucket that holds
// limit tokens and refills one every window/limit, implemented as GCRA
// (the generic cell rate algorithm): each key keeps one time, its
// "theoretical arrival time" (tat), the moment its bucket will be full
// again. An event at now moves tat to max(tat, now) + window/limit and is
// allowed when the new tat is at most now + window. So a fresh key may use
// its whole limit at once, is then blocked for window/limit (the retryAfter)
// before the next event, and has its whole limit back once a window passes
// without events. One time per key, whatever the limit, keeps memory small.
//
// # Bounded memory
//
// Keys sit in a min-heap on tat. A key whose tat has passed is in the same
// state as a key never seen, so every call first drops those: idle keys
// cost nothing and no goroutine sweeps. At most MaxKeys keys are kept; a new
// key over the cap evicts the key whose tat comes first — the one closest to
// being forgotten anyway. A key that has used its whole limit has the latest
// tat of all, so an attacker spraying fresh keys evicts their own keys
// before they evict a blocked one.
package ratelimit
