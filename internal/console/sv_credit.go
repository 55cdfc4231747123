package console

import "net/http"

// svCreditPage is a stub, to be written.
type svCreditPage struct{ base }

func (c *Console) svCredit(w http.ResponseWriter, r *http.Request) { c.notFound(w, r) }
