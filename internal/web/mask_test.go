package web

import "testing"

func TestPublicName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"重庆玉灵燃气有限公司", "重庆玉灵燃气有限公司"},
		{"重庆市万州区市场监督管理局", "重庆市万州区市场监督管理局"},
		{"重庆市特种设备检测研究院", "重庆市特种设备检测研究院"},
		{"重庆市万州玉灵液化气配送服务部", "重庆市万州玉灵液化气配送服务部"},
		{"南坪加气站", "南坪加气站"},
		{"渝北区燃气安全协会", "渝北区燃气安全协会"},
		{"张三", "张**"},
		{"欧阳娜娜", "欧**"},
		{"阿依古丽·买买提", "阿**"},
		{"Li Lei", "L**"},
		{"  王五 ", "王**"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := publicName(tt.in); got != tt.want {
			t.Errorf("publicName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
