package demo

import (
	"qicao/report"
	"qicao/sample"
)

const (
	leadership = "市人民政府领导"
	writing    = "市政府研究室（写作组）"
)

// townshipSlugs name the contacts' accounts, in the order of sample.Townships.
var townshipSlugs = []string{
	"donghu", "xishan", "nanping", "beigang", "qingshi", "baisha", "jinhe", "taoyuan", "yuntai",
	"lihua", "songlin", "fengming", "shiqiao", "liuxi",
}

// departments are 示例市's 市直部门 with their account slugs.
var departments = []struct{ name, slug string }{
	{"市人民政府办公室", "zhengfuban"}, {"市发展和改革局", "fagai"}, {"市财政局", "caizheng"},
	{"市统计局", "tongji"}, {"市教育局", "jiaoyu"}, {"市科学技术局", "keji"},
	{"市工业和信息化局", "gongxin"}, {"市公安局", "gongan"}, {"市民政局", "minzheng"},
	{"市司法局", "sifa"}, {"市人力资源和社会保障局", "renshe"}, {"市自然资源和规划局", "ziran"},
	{"市生态环境局", "shengtai"}, {"市住房和城乡建设局", "zhujian"}, {"市交通运输局", "jiaotong"},
	{"市水利局", "shuili"}, {"市农业农村局", "nongye"}, {"市商务局", "shangwu"},
	{"市文化广电和旅游局", "wenlv"}, {"市卫生健康委员会", "weijian"}, {"市退役军人事务局", "tuiyi"},
	{"市应急管理局", "yingji"}, {"市审计局", "shenji"}, {"市市场监督管理局", "shichang"},
	{"市医疗保障局", "yibao"}, {"市城市管理局", "chengguan"}, {"市林业局", "linye"},
	{"市数据局", "shuju"}, {"市行政审批服务局", "shenpi"}, {"市投资促进局", "touzi"},
}

func units() []report.Unit {
	us := []report.Unit{{Name: leadership, Kind: report.UnitLeadership}, {Name: writing, Kind: report.UnitWriting}}
	for _, t := range sample.Townships {
		us = append(us, report.Unit{Name: t, Kind: report.UnitTownship})
	}
	for _, d := range departments {
		us = append(us, report.Unit{Name: d.name, Kind: report.UnitDepartment})
	}
	return us
}

type person struct {
	username, name, title, unit string
	role                        report.Role
	group                       report.GroupRole
}

// people are the demo's users. All names are invented.
func people() []person {
	ps := []person{
		{"admin", "赵文博", "系统管理员", writing, report.RoleAdmin, report.GroupNone},
		{"leader1", "李明远", "市长", leadership, report.RoleLeader, report.GroupHead},
		{"leader2", "周建华", "常务副市长", leadership, report.RoleLeader, report.GroupDeputy},
		{"leader3", "吴晓燕", "副市长", leadership, report.RoleLeader, report.GroupDeputy},
		{"leader4", "郑国栋", "副市长", leadership, report.RoleLeader, report.GroupDeputy},
		{"writer1", "孙立新", "市政府研究室主任", writing, report.RoleWriter, report.GroupMember},
		{"writer2", "钱思远", "市政府研究室副主任", writing, report.RoleWriter, report.GroupNone},
		{"writer3", "冯雅琴", "市政府研究室科员", writing, report.RoleWriter, report.GroupNone},
		{"head-zhengfuban", "陈志强", "市人民政府办公室主任", "市人民政府办公室", report.RoleLeader, report.GroupMember},
		{"head-fagai", "刘海涛", "市发展和改革局局长", "市发展和改革局", report.RoleLeader, report.GroupMember},
		{"head-caizheng", "杨丽萍", "市财政局局长", "市财政局", report.RoleLeader, report.GroupMember},
		{"head-tongji", "黄德明", "市统计局局长", "市统计局", report.RoleLeader, report.GroupMember},
	}
	for i, t := range sample.Townships {
		ps = append(ps, person{"contact-" + townshipSlugs[i], contactName(i), "党政办联络员", t, report.RoleContact, report.GroupNone})
	}
	for i, d := range departments {
		ps = append(ps, person{"contact-" + d.slug, contactName(len(townshipSlugs) + i), "办公室联络员", d.name, report.RoleContact, report.GroupNone})
	}
	return ps
}

// contactName invents the n-th contact's name from common surnames and given names.
func contactName(n int) string {
	surnames := []rune("王张刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
	given := []string{"晓东", "雪梅", "志刚", "丽娟", "建军", "海燕", "文杰", "春梅", "永强", "秀英", "国华", "玉兰", "俊峰", "红霞", "德胜"}
	return string(surnames[n%len(surnames)]) + given[(n*7)%len(given)]
}
