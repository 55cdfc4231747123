package console

import "net/http"

// svRecallsPage is a stub, to be written.
type svRecallsPage struct{ base }

func (c *Console) svRecalls(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }
