package cyltrace

import (
	"regexp"
	"strings"
	"testing"
)

// TestMediaMatchSource compares Media() with the medium table of
// Attachment 1 §五.2.
func TestMediaMatchSource(t *testing.T) {
	row := regexp.MustCompile(`(?m)^(G\d+)\t(.+)$`)
	var want []Code
	for _, m := range row.FindAllStringSubmatch(readSeed(t), -1) {
		want = append(want, Code{m[1], strings.TrimSpace(m[2])})
	}
	if got, want := len(want), 20; got != want {
		t.Fatalf("got %d medium rows in the source, want %d", got, want)
	}
	got := Media()
	if len(got) != len(want) {
		t.Fatalf("got %d media, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("medium %d: got %+v, want %+v", i, got[i], want[i])
		}
		if c, ok := LookupMedium(want[i].Code); !ok || c != want[i] {
			t.Errorf("LookupMedium(%s): got %+v %v, want %+v", want[i].Code, c, ok, want[i])
		}
	}
}

// TestVarietiesMatchSource reads "2310:无缝气瓶 2320:焊接气瓶 23T0:特种气瓶(…)"
// from the 设备品种 row.
func TestVarietiesMatchSource(t *testing.T) {
	text := readSeed(t)
	m := regexp.MustCompile(`(?m)^\d+\t设备品种\t[^\t]*\t(.+)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatal("no 设备品种 row in the source")
	}
	var want []Code
	for _, v := range regexp.MustCompile(`(23[0-9T]0):([^\s(（]+)`).FindAllStringSubmatch(m[1], -1) {
		want = append(want, Code{v[1], v[2]})
	}
	got := Varieties()
	if len(got) != len(want) || len(want) != 3 {
		t.Fatalf("got %v, want %v (from the source)", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("variety %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestValueListsMatchSource compares the small value lists with the 备注
// column of their rows. The PDF extraction reads "RFID 标签"; the table
// value has no space (SPEC.md §2).
func TestValueListsMatchSource(t *testing.T) {
	text := readSeed(t)
	tests := []struct {
		row  string
		got  []string
		want []string
	}{
		{"使用状态", Statuses(), nil},
		{"信息化管理情况", TagTypes(), nil},
		{"节点名称", TrailNodes(), nil},
		{"检验类型", InspectionTypes(), nil},
	}
	for _, tt := range tests {
		tt.want = strings.Split(sourceRow(t, text, tt.row), "、")
		sameList(t, tt.row, tt.got, tt.want)
	}
}

func TestTagTypesExact(t *testing.T) {
	if got, want := TagRFID, "RFID标签"; got != want {
		t.Errorf("got TagRFID %q, want %q", got, want)
	}
	if contains(TagTypes(), "RFID 标签") {
		t.Error("got the extraction's spaced RFID 标签 accepted, want only the table value")
	}
}

func TestFuelGasMedia(t *testing.T) {
	for code, want := range map[string]string{MediumLPG: "液化石油气", MediumDME: "液化二甲醚"} {
		if c, _ := LookupMedium(code); c.Name != want {
			t.Errorf("medium %s: got %q, want %q", code, c.Name, want)
		}
	}
}
