package cache

import "testing"

func TestBudget(t *testing.T) {
	c := New[int, string](100)
	c.Put(1, "a", 40)
	c.Put(2, "b", 40)
	if _, ok := c.Get(1); !ok { // 1 is now the most recent
		t.Fatal("1 missing")
	}
	c.Put(3, "c", 40) // over budget: 2, the least recent, goes
	if _, ok := c.Get(2); ok {
		t.Error("2 kept beyond the budget")
	}
	if v, ok := c.Get(1); !ok || v != "a" {
		t.Error("1 evicted though recently used")
	}
	if c.Bytes() != 80 || c.Len() != 2 {
		t.Errorf("%d bytes in %d values, want 80 in 2", c.Bytes(), c.Len())
	}
	c.Put(1, "A", 10) // replacing counts the new size only
	if c.Bytes() != 50 {
		t.Errorf("after replacing: %d bytes, want 50", c.Bytes())
	}
	c.Put(4, "huge", 101) // larger than the budget: not kept, nothing evicted
	if _, ok := c.Get(4); ok || c.Len() != 2 {
		t.Error("a value over the budget was kept or evicted others")
	}
	c.Remove(1)
	if c.Bytes() != 40 {
		t.Errorf("after Remove: %d", c.Bytes())
	}
}
