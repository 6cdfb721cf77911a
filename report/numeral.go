package report

import "strconv"

var numeralDigits = [...]string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// Numeral writes 1–99 in Chinese numerals as labels and counts in a report spell them (十二、,
// 二十是, 三个方面); other numbers in Arabic digits.
func Numeral(n int) string {
	switch {
	case n <= 0 || n > 99:
		return strconv.Itoa(n)
	case n < 10:
		return numeralDigits[n]
	case n < 20:
		return "十" + numeralDigits[n-10]
	}
	return numeralDigits[n/10] + "十" + numeralDigits[n%10]
}
