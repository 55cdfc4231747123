package demo

import (
	"math/rand/v2"
	"strings"
)

// word is a two-character trade name (字号) with its pinyin, which becomes the
// host name of the unit's own traceability site.
type word struct{ han, pinyin string }

// tradeNames are invented trade names of the kind Chongqing companies use.
var tradeNames = []word{
	{"玉灵", "yuling"}, {"渝通", "yutong"}, {"巴山", "bashan"}, {"嘉陵", "jialing"},
	{"缙云", "jinyun"}, {"南山", "nanshan"}, {"金佛", "jinfo"}, {"华蓥", "huaying"},
	{"鑫源", "xinyuan"}, {"恒通", "hengtong"}, {"安泰", "antai"}, {"顺达", "shunda"},
	{"瑞丰", "ruifeng"}, {"永安", "yongan"}, {"兴旺", "xingwang"}, {"宏远", "hongyuan"},
	{"福源", "fuyuan"}, {"明珠", "mingzhu"}, {"天宇", "tianyu"}, {"鼎盛", "dingsheng"},
	{"利民", "limin"}, {"万家", "wanjia"}, {"三峡", "sanxia"}, {"山城", "shancheng"},
	{"雾都", "wudu"}, {"红岩", "hongyan"}, {"蓝天", "lantian"}, {"祥瑞", "xiangrui"},
	{"东方", "dongfang"}, {"新城", "xincheng"}, {"金桥", "jinqiao"}, {"同心", "tongxin"},
	{"合力", "heli"}, {"兴达", "xingda"}, {"立信", "lixin"}, {"博瑞", "borui"},
	{"盛世", "shengshi"}, {"景泰", "jingtai"}, {"龙腾", "longteng"}, {"聚源", "juyuan"},
	{"广源", "guangyuan"}, {"正泰", "zhengtai"}, {"恒信", "hengxin"}, {"宝丰", "baofeng"},
	{"众鑫", "zhongxin"}, {"安康", "ankang"}, {"吉祥", "jixiang"}, {"平安", "pingan"},
	{"华欣", "huaxin"}, {"德润", "derun"}, {"凯达", "kaida"}, {"春晖", "chunhui"},
	{"晨光", "chenguang"}, {"锦程", "jincheng"}, {"润泽", "runze"}, {"汇通", "huitong"},
	{"宏达", "hongda"}, {"金鼎", "jinding"}, {"益民", "yimin"}, {"惠民", "huimin"},
	{"康宁", "kangning"}, {"蓉渝", "rongyu"}, {"双桥", "shuangqiao"}, {"大江", "dajiang"},
	{"翠屏", "cuiping"}, {"白鹤", "baihe"}, {"凤凰", "fenghuang"}, {"松林", "songlin"},
	{"桂花", "guihua"}, {"玉峰", "yufeng"}, {"金山", "jinshan"}, {"银河", "yinhe"},
	{"星辰", "xingchen"}, {"远航", "yuanhang"}, {"振兴", "zhenxing"}, {"昌盛", "changsheng"},
	{"嘉禾", "jiahe"}, {"丰泽", "fengze"}, {"瑞通", "ruitong"}, {"天源", "tianyuan"},
	{"海川", "haichuan"}, {"浩然", "haoran"}, {"诚信", "chengxin"}, {"信达", "xinda"},
	{"腾飞", "tengfei"}, {"中天", "zhongtian"}, {"北辰", "beichen"}, {"南华", "nanhua"},
	{"东升", "dongsheng"}, {"乾元", "qianyuan"}, {"坤泰", "kuntai"}, {"亨通", "hengtong"},
	{"川东", "chuandong"}, {"渝丰", "yufeng"}, {"长兴", "changxing"}, {"金源", "jinyuan"},
	{"鸿运", "hongyun"}, {"佳和", "jiahe"}, {"泰和", "taihe"}, {"兴隆", "xinglong"},
}

// surnames are common Chinese family names, most common first.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙陶黎贺顾毛郝龚邵万向汤冉"

// givenChars are characters common in given names.
const givenChars = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国红文辉玲鹏林斌波宇浩凯健俊帆旭宁龙亮成兵飞琴云莉兰萍燕梅蓉川渝江海松春德福永荣贵新志丹倩婷雪晨欣佳鑫"

var (
	surnameRunes = []rune(surnames)
	givenRunes   = []rune(givenChars)
)

// personName returns a plausible 2- or 3-character personal name.
func personName(r *rand.Rand) string {
	var b strings.Builder
	b.WriteRune(surnameRunes[skewed(r, len(surnameRunes))])
	b.WriteRune(givenRunes[r.IntN(len(givenRunes))])
	if r.IntN(10) < 7 {
		b.WriteRune(givenRunes[r.IntN(len(givenRunes))])
	}
	return b.String()
}

// skewed returns an index in [0, n) that favours small indexes, as real
// family names are far from uniform.
func skewed(r *rand.Rand, n int) int {
	a, b := r.IntN(n), r.IntN(n)
	return min(a, b)
}

// districtShort drops the 区/县 suffix ("万州区" → "万州") for names such as
// 万州人民医院; autonomous counties keep their first two characters.
func districtShort(name string) string {
	rs := []rune(name)
	switch {
	case strings.HasSuffix(name, "自治县"):
		return string(rs[:2])
	case strings.HasSuffix(name, "经济开发区"):
		return string(rs[:2])
	case strings.HasSuffix(name, "新区") && len(rs) > 3:
		return string(rs[:len(rs)-2])
	case len(rs) > 2 && (strings.HasSuffix(name, "区") || strings.HasSuffix(name, "县")):
		return string(rs[:len(rs)-1])
	}
	return name
}
