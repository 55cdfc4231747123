package cyltrace

// RuleClass is one class of cylinders that share an inspection interval and a
// design service life (DOMAIN.md §1). A class matches a cylinder by variety
// and medium; an empty Media list matches every medium of its varieties.
type RuleClass struct {
	Key             string   `json:"key"`
	Name            string   `json:"name"`
	Varieties       []string `json:"varieties"`
	Media           []string `json:"media"`
	IntervalYears   int      `json:"intervalYears"`
	DesignLifeYears int      `json:"designLifeYears"`
	// MaxLifeYears, when above DesignLifeYears, is how long a cylinder may
	// serve in all after passing an inspection past its design life (the LPG
	// 8+4 rule); 0 means no extension.
	MaxLifeYears int    `json:"maxLifeYears"`
	Confidence   string `json:"confidence"`
}

// RuleTable is the safety rule table: the classes in match order (the first
// class that matches wins, so specific classes come before catch-alls), the
// media where a filling unit may fill only its own cylinders, and the media
// whose cylinders must carry a bound electronic mark. Every number of
// DOMAIN.md lives here, none in code: the city bureau may change them, and
// Validate checks a table it submits.
type RuleTable struct {
	Version int         `json:"version"`
	Classes []RuleClass `json:"classes"`
	// OwnCylinderMedia: a unit filling one of these media may fill only
	// cylinders it uses itself (NOT_OWN_CYLINDER); empty turns the rule off.
	OwnCylinderMedia []string `json:"ownCylinderMedia"`
	// ElectronicMarkMedia and ElectronicMarkFrom: a cylinder registered for
	// one of these media and made in ElectronicMarkFrom (yyyy-mm) or later
	// must carry a bound electronic mark (NO_ELECTRONIC_MARK); empty media
	// turn the rule off.
	ElectronicMarkMedia []string `json:"electronicMarkMedia"`
	ElectronicMarkFrom  string   `json:"electronicMarkFrom"`
}

// DefaultRuleTable returns the defaults of DOMAIN.md §1 and §2. They are data,
// not code: the system stores them as version 1 of the rule table, which the
// city bureau may change.
func DefaultRuleTable() RuleTable {
	corrosive := []string{"G9", "G10"}
	return RuleTable{
		Version: 1,
		Classes: []RuleClass{
			{"lpg-welded", "液化石油气/二甲醚焊接气瓶", []string{"2320"}, []string{"G13", "G14", "G16"}, 4, 8, 12, "secondary"},
			{"seamless-corrosive", "无缝气瓶(腐蚀性介质)", []string{"2310"}, corrosive, 2, 12, 0, "secondary"},
			{"seamless-inert", "无缝气瓶(惰性气体)", []string{"2310"}, []string{"G2", "G3"}, 5, 30, 0, "secondary"},
			{"seamless-other", "无缝气瓶(其他介质)", []string{"2310"}, nil, 3, 30, 0, "secondary"},
			{"welded-corrosive", "焊接气瓶(腐蚀性介质)", []string{"2320"}, corrosive, 2, 12, 0, "secondary"},
			{"welded-other", "焊接气瓶(其他介质)", []string{"2320"}, nil, 3, 20, 0, "secondary"},
			{"acetylene", "溶解乙炔气瓶", []string{"23T0"}, []string{"G17"}, 3, 20, 0, "secondary"},
			{"cryogenic", "低温绝热气瓶", []string{"23T0"}, []string{"G6", "G7", "G8", "G11", "G12"}, 3, 20, 0, "secondary"},
			{"composite", "纤维缠绕气瓶及其他特种气瓶", []string{"23T0"}, nil, 3, 15, 0, "secondary"},
		},
		OwnCylinderMedia:    []string{MediumLPG, MediumDME},
		ElectronicMarkMedia: []string{MediumLPG, MediumDME},
		ElectronicMarkFrom:  "2021-01", // notice §五, §六(四)
	}
}

// ClassFor returns the first class that matches the variety and medium.
func (t RuleTable) ClassFor(variety, medium string) (RuleClass, bool) {
	if i := t.classIndex(variety, medium); i >= 0 {
		return t.Classes[i], true
	}
	return RuleClass{}, false
}

// classIndex returns the index of the first class that matches, or -1.
func (t RuleTable) classIndex(variety, medium string) int {
	for i, c := range t.Classes {
		if contains(c.Varieties, variety) && (len(c.Media) == 0 || contains(c.Media, medium)) {
			return i
		}
	}
	return -1
}
