package ratelimit

import "time"

// entry is one tracked key.
type entry struct {
	key   string
	tat   time.Time // theoretical arrival time: when the key is fresh again
	index int       // position in the queue, kept by the heap methods
}

// queue is a container/heap min-heap of entries on tat.
type queue []*entry

func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return q[i].tat.Before(q[j].tat) }

func (q queue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index = i
	q[j].index = j
}

func (q *queue) Push(x any) {
	e := x.(*entry)
	e.index = len(*q)
	*q = append(*q, e)
}

func (q *queue) Pop() any {
	old := *q
	n := len(old)
	e := old[n-1]
	old[n-1] = nil // let the entry be collected
	*q = old[:n-1]
	e.index = -1
	return e
}
