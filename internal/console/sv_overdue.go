package console

import "net/http"

// svOverduePage is a stub, to be written.
type svOverduePage struct{ base }

func (c *Console) svOverdue(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }
