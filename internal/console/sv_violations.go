package console

import "net/http"

// svViolationsPage is a stub, to be written.
type svViolationsPage struct{ base }

func (c *Console) svViolations(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }

func (c *Console) svViolationHandle(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }

func (c *Console) svViolationLock(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }
