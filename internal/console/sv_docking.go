package console

import "net/http"

// svDockingPage is a stub, to be written.
type svDockingPage struct{ base }

func (c *Console) svDocking(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }
