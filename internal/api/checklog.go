package api

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"cyltrace/internal/store"
)

// checkLogger writes the interlock's answers in batches, off the hot path:
// a station waits for the answer, not for the log's commit. An answer is in
// the database within flushEvery; on a crash the last fraction of a second
// of log lines (not of submitted records) may be lost.
type checkLogger struct {
	store  *store.Store
	logger *slog.Logger
	ch     chan store.CheckLog
	done   chan struct{}
	once   sync.Once
}

const (
	checkLogBuffer = 4096
	checkLogBatch  = 500
	flushEvery     = 200 * time.Millisecond
)

func newCheckLogger(s *store.Store, logger *slog.Logger) *checkLogger {
	l := &checkLogger{store: s, logger: logger, ch: make(chan store.CheckLog, checkLogBuffer), done: make(chan struct{})}
	go l.run()
	return l
}

// add queues one answer. When the buffer is full it waits: losing a log
// line silently would defeat its purpose.
func (l *checkLogger) add(c store.CheckLog) { l.ch <- c }

func (l *checkLogger) run() {
	defer close(l.done)
	tick := time.NewTicker(flushEvery)
	defer tick.Stop()
	batch := make([]store.CheckLog, 0, checkLogBatch)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		if err := l.store.LogChecks(context.Background(), batch); err != nil {
			l.logger.Error("write filling check log", "lines", len(batch), "err", err)
		}
		batch = batch[:0]
	}
	for {
		select {
		case c, open := <-l.ch:
			if !open {
				flush()
				return
			}
			batch = append(batch, c)
			if len(batch) == checkLogBatch {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}

// close writes what is queued and stops.
func (l *checkLogger) close() {
	l.once.Do(func() { close(l.ch) })
	<-l.done
}
