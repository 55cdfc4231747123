package cyltrace

// The code tables of notice 渝市监发〔2021〕67号, Attachment 1 §二 and §五 (SPEC.md §2).
// They are typed from the source document; regions_test.go and codes_test.go
// check them against it.

// Region is one row of the region table (区域编码): the 6-digit code, the
// district's name and its registration authority (登记机构名称).
type Region struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Authority string `json:"authority"`
}

// Regions returns the 42 regions of Attachment 1 §五.1 in the source's order.
func Regions() []Region {
	return []Region{
		{"500101", "万州区", "重庆市万州区市场监督管理局"},
		{"500102", "涪陵区", "重庆市涪陵区市场监督管理局"},
		{"500103", "渝中区", "重庆市渝中区市场监督管理局"},
		{"500104", "大渡口区", "重庆市大渡口区市场监督管理局"},
		{"500105", "江北区", "重庆市江北区市场监督管理局"},
		{"500106", "沙坪坝区", "重庆市沙坪坝区市场监督管理局"},
		{"500107", "九龙坡区", "重庆市九龙坡区市场监督管理局"},
		{"500108", "南岸区", "重庆市南岸区市场监督管理局"},
		{"500109", "北碚区", "重庆市北碚区市场监督管理局"},
		{"500110", "綦江区", "重庆市綦江区市场监督管理局"},
		{"500111", "大足区", "重庆市大足区市场监督管理局"},
		{"500112", "渝北区", "重庆市渝北区市场监督管理局"},
		{"500113", "巴南区", "重庆市巴南区市场监督管理局"},
		{"500114", "黔江区", "重庆市黔江区市场监督管理局"},
		{"500115", "长寿区", "重庆市长寿区市场监督管理局"},
		{"500116", "江津区", "重庆市江津区市场监督管理局"},
		{"500117", "合川区", "重庆市合川区市场监督管理局"},
		{"500118", "永川区", "重庆市永川区市场监督管理局"},
		{"500119", "南川区", "重庆市南川区市场监督管理局"},
		{"500120", "璧山区", "重庆市璧山区市场监督管理局"},
		{"500141", "高新区", "重庆高新技术产业开发区管理委员会市场监督管理局"},
		{"500151", "铜梁区", "重庆市铜梁区市场监督管理局"},
		{"500198", "经开区", "经开区市场监督管理局"},
		{"500223", "潼南区", "重庆市潼南区市场监督管理局"},
		{"500226", "荣昌区", "重庆市荣昌区市场监督管理局"},
		{"500228", "梁平区", "重庆市梁平区市场监督管理局"},
		{"500229", "城口县", "城口县市场监督管理局"},
		{"500230", "丰都县", "丰都县市场监督管理局"},
		{"500231", "垫江县", "垫江县市场监督管理局"},
		{"500232", "武隆区", "重庆市武隆区市场监督管理局"},
		{"500233", "忠县", "忠县市场监督管理局"},
		{"500234", "开州区", "重庆市开州区市场监督管理局"},
		{"500235", "云阳县", "云阳县市场监督管理局"},
		{"500236", "奉节县", "奉节县市场监督管理局"},
		{"500237", "巫山县", "巫山县市场监督管理局"},
		{"500238", "巫溪县", "巫溪县市场监督管理局"},
		{"500240", "石柱土家族自治县", "石柱土家族自治县市场监督管理局"},
		{"500241", "秀山土家族苗族自治县", "秀山土家族苗族自治县市场监督管理局"},
		{"500242", "酉阳土家族苗族自治县", "酉阳土家族苗族自治县市场监督管理局"},
		{"500243", "彭水苗族土家族自治县", "彭水苗族土家族自治县市场监督管理局"},
		{"500298", "两江新区", "重庆两江新区市场监督管理局"},
		{"500299", "万盛经济开发区", "重庆市万盛经济技术开发区市场监督管理局"},
	}
}

// LookupRegion returns the region with the given code.
func LookupRegion(code string) (Region, bool) {
	for _, r := range Regions() {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

// Code is one entry of a small code table: its code and Chinese name.
type Code struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Media returns the filling media (充装介质编码) G1 … G20 of Attachment 1 §五.2.
// G19 and G20 both read 其他 in the source; both are accepted.
func Media() []Code {
	return []Code{
		{"G1", "压缩氧气"},
		{"G2", "压缩氮气"},
		{"G3", "压缩氩气"},
		{"G4", "压缩氢气"},
		{"G5", "压缩天然气"},
		{"G6", "液化氧气"},
		{"G7", "液化氮气"},
		{"G8", "液化氩气"},
		{"G9", "液化氯气"},
		{"G10", "液化氨气"},
		{"G11", "液化氢气"},
		{"G12", "液化天然气"},
		{"G13", "液化石油气"},
		{"G14", "液化二甲醚"},
		{"G15", "二氧化碳"},
		{"G16", "丙烷"},
		{"G17", "溶解乙炔"},
		{"G18", "一氧化二氮(笑气、氧化亚氮)"},
		{"G19", "其他"},
		{"G20", "其他"},
	}
}

// The fuel-gas media: gas cylinders (燃气气瓶) in the notice's sense.
const (
	MediumLPG = "G13" // 液化石油气
	MediumDME = "G14" // 液化二甲醚
)

// Varieties returns the equipment varieties (设备品种) of Attachment 1 §二.1.
func Varieties() []Code {
	return []Code{
		{"2310", "无缝气瓶"},
		{"2320", "焊接气瓶"},
		{"23T0", "特种气瓶"},
	}
}

// The use statuses (使用状态).
const (
	StatusInUse    = "在用"
	StatusStopped  = "停用"
	StatusScrapped = "报废"
)

// Statuses returns the use statuses in the source's order.
func Statuses() []string { return []string{StatusInUse, StatusStopped, StatusScrapped} }

// The tag types (信息化管理情况).
const (
	TagQR   = "二维码"
	TagRFID = "RFID标签"
)

// TagTypes returns the tag types in the source's order.
func TagTypes() []string { return []string{TagQR, TagRFID} }

// The trail nodes (节点名称).
const (
	NodeFilling    = "充装"
	NodeDelivery   = "配送"
	NodeSale       = "销售"
	NodeUse        = "使用"
	NodeInspection = "检验"
)

// TrailNodes returns the trail nodes in the source's order.
func TrailNodes() []string {
	return []string{NodeFilling, NodeDelivery, NodeSale, NodeUse, NodeInspection}
}

// The inspection types (检验类型).
const (
	InspectionPeriodic = "定期"
	InspectionScrap    = "报废处置"
)

// InspectionTypes returns the inspection types in the source's order.
func InspectionTypes() []string { return []string{InspectionPeriodic, InspectionScrap} }

// LookupMedium returns the medium with the given code.
func LookupMedium(code string) (Code, bool) { return lookup(Media(), code) }

// LookupVariety returns the variety with the given code.
func LookupVariety(code string) (Code, bool) { return lookup(Varieties(), code) }

func lookup(table []Code, code string) (Code, bool) {
	for _, c := range table {
		if c.Code == code {
			return c, true
		}
	}
	return Code{}, false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
