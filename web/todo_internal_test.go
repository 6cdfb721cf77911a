package web

import (
	"reflect"
	"testing"
	"time"
)

func TestSortTodos(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2027, 1, d, 17, 0, 0, 0, time.UTC) }
	items := []todoItem{
		{Title: "没有截止"},
		{Title: "截止10日", Due: day(10)},
		{Title: "催办早", Due: day(20), Reminded: day(3)},
		{Title: "截止8日", Due: day(8)},
		{Title: "催办晚", Reminded: day(4)},
		{Title: "甲", Due: day(10)},
	}
	sortTodos(items)
	var got []string
	for _, it := range items {
		got = append(got, it.Title)
	}
	want := []string{"催办晚", "催办早", "截止8日", "截止10日", "甲", "没有截止"} // equal deadlines by title, in code point order
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
