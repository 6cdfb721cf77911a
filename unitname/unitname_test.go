package unitname

import (
	"slices"
	"testing"

	"qicao/report"
)

var units = []report.Unit{
	{ID: 1, Name: "市发展和改革局", Kind: report.UnitDepartment},
	{ID: 2, Name: "市住房和城乡建设局", Kind: report.UnitDepartment},
	{ID: 3, Name: "市人力资源和社会保障局", Kind: report.UnitDepartment},
	{ID: 4, Name: "市卫生健康委员会", Kind: report.UnitDepartment},
	{ID: 5, Name: "市市场监督管理局", Kind: report.UnitDepartment},
	{ID: 6, Name: "市城市管理局", Kind: report.UnitDepartment},
	{ID: 7, Name: "北岗镇", Kind: report.UnitTownship},
	{ID: 8, Name: "东湖镇", Kind: report.UnitTownship},
	{ID: 9, Name: "市人民政府办公室", Kind: report.UnitWriting},
	{ID: 10, Name: "市统计局", Kind: report.UnitDepartment},
	{ID: 11, Name: "县统计局", Kind: report.UnitDepartment},
}

func ids(us []report.Unit) []int64 {
	var out []int64
	for _, u := range us {
		out = append(out, u.ID)
	}
	return out
}

func TestCandidates(t *testing.T) {
	for name, want := range map[string][]int64{
		"发改局": {1}, "住建局": {2}, "人社局": {3}, "卫健委": {4}, "市场监管局": {5}, "发改": {1},
		"市发展和改革局": {1}, "发展和改革局": {1}, " 市统计局 ": {10}, "北岗": {7}, "镇": {7, 8},
		"政府办": {9}, "统计局": {10}, "教育局": nil, "": nil,
	} {
		if got := ids(Candidates(name, units)); !slices.Equal(got, want) {
			t.Errorf("Candidates(%q) = %v, want %v", name, got, want)
		}
	}
	for _, c := range []struct {
		short, full string
		want        bool
	}{
		{"发改局", "市发展和改革局", true}, {"卫健委", "市卫生健康委员会", true}, {"市场监管局", "市市场监督管理局", true},
		{"发改", "市发展和改革局", false}, {"城管局", "市城市管理局", true}, {"城管局", "市市场监督管理局", false},
		{"局", "市统计局", false},
	} {
		if got := Abbreviates(c.short, c.full); got != c.want {
			t.Errorf("Abbreviates(%q, %q) = %v", c.short, c.full, got)
		}
	}
}
