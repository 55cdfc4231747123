package console

import (
	"net/http"
	"strings"

	"cyltrace"
)

// rulesPage shows the rule table in force and its history.
type rulesPage struct {
	base
	Version             int
	ChangedBy, Note     string
	CreatedAt           string
	Classes             []ruleRow
	OwnCylinderMedia    string
	ElectronicMarkMedia string
	ElectronicMarkFrom  string
	History             []ruleVersionRow
}

type ruleRow struct {
	Name, Varieties, Media        string
	Interval, DesignLife, MaxLife int
	Confidence                    string
}

type ruleVersionRow struct {
	Version               int
	ChangedBy, Note, Time string
}

func (c *Console) rules(w http.ResponseWriter, r *http.Request) {
	cur, err := c.store.CurrentRules(r.Context())
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	hist, err := c.store.RuleHistory(r.Context())
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	t := cur.Rules
	p := rulesPage{base: c.page(w, r, "安全规则", "/console/rules"), Version: t.Version,
		ChangedBy: cur.ChangedBy, Note: cur.Note, CreatedAt: cur.CreatedAt,
		OwnCylinderMedia: mediaNames(t.OwnCylinderMedia), ElectronicMarkMedia: mediaNames(t.ElectronicMarkMedia),
		ElectronicMarkFrom: t.ElectronicMarkFrom}
	for _, k := range t.Classes {
		p.Classes = append(p.Classes, ruleRow{Name: k.Name, Varieties: codeNames(k.Varieties, cyltrace.LookupVariety),
			Media: mediaNames(k.Media), Interval: k.IntervalYears, DesignLife: k.DesignLifeYears,
			MaxLife: k.MaxLifeYears, Confidence: k.Confidence})
	}
	for _, v := range hist {
		p.History = append(p.History, ruleVersionRow{Version: v.Rules.Version, ChangedBy: v.ChangedBy, Note: v.Note, Time: v.CreatedAt})
	}
	c.render(w, r, http.StatusOK, "rules", p)
}

func mediaNames(codes []string) string {
	if len(codes) == 0 {
		return "全部介质"
	}
	return codeNames(codes, cyltrace.LookupMedium)
}

// codeNames shows codes as "G13 液化石油气、G9 …".
func codeNames(codes []string, lookup func(string) (cyltrace.Code, bool)) string {
	parts := make([]string, len(codes))
	for i, code := range codes {
		parts[i] = code
		if c, ok := lookup(code); ok {
			parts[i] = code + " " + c.Name
		}
	}
	return strings.Join(parts, "、")
}
