package console

import "net/http"

// svOverviewPage is a stub, to be written.
type svOverviewPage struct{ base }

func (c *Console) svOverview(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }
