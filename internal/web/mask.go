package web

import (
	"strings"
	"unicode/utf8"
)

// orgWords are words that mark a name as an organisation's. The source's
// trail field actorName is "单位名称或姓名" (unit name or personal name);
// personal names are not for the public page.
var orgWords = []string{
	"公司", "集团", "企业", "厂", "局", "院", "所", "站", "部", "中心", "店", "协会", "商会",
	"委员会", "学校", "大学", "中学", "小学", "幼儿园", "诊所", "卫生", "超市", "市场", "商行",
	"银行", "餐厅", "餐馆", "酒楼", "宾馆", "旅馆", "食堂", "火锅", "农家乐", "合作社", "工作室",
	"实验室", "研究", "事务", "机关", "政府", "街道", "社区", "村委", "物业", "基地", "门市",
	"经营", "商贸", "贸易", "燃气", "气体", "能源", "液化气", "有限", "责任", "个体工商户",
}

// publicName returns name as the public page may show it: an organisation's
// name as it is, anything else — taken to be a person's name — as its first
// character followed by "**" (张三 → 张**). A name counts as an
// organisation's when it contains one of orgWords; everything else is masked,
// so that an unexpected form errs on the side of privacy.
func publicName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || isOrganisation(name) {
		return name
	}
	r, _ := utf8.DecodeRuneInString(name)
	return string(r) + "**"
}

func isOrganisation(name string) bool {
	for _, w := range orgWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}
