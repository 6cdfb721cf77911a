package check

func (c *checker) scanStyle(i int, t string) {
	if i < 0 {
		return
	}
	rt := c.decoded(t)
	rs, off := rt.r, rt.off
	if max := c.cfg.MaxParagraph; max > 0 && len(rs) > max {
		c.add("style-paragraph", i, 0, off[min(len(rs), 20)], "本段"+itoa(len(rs))+"字，超过"+itoa(max)+"字，可考虑分段", "")
	}
	if max := c.cfg.MaxSentence; max > 0 {
		s := 0
		for k, r := range rs {
			if r == '。' || r == '！' || r == '？' || k == len(rs)-1 {
				if n := k + 1 - s; n > max {
					c.add("style-sentence", i, off[s], off[k+1], "这句话"+itoa(n)+"字，超过"+itoa(max)+"字，可考虑拆分", "")
				}
				s = k + 1
			}
		}
	}
}

// checkOveruse hints once per watched word used more than twice per thousand characters and at
// least twenty times.
func (c *checker) checkOveruse() {
	total := 0
	for i := range c.doc.Blocks {
		total += runeLen(c.doc.Blocks[i].Text)
	}
	for idx, blocks := range c.overuse {
		n := len(blocks)
		if n < 20 || n*1000 <= total*2 {
			continue
		}
		w := c.lex.overuse[idx]
		at := c.overOff[idx][0]
		c.add("style-overuse", blocks[0], at, at+len(w), "“"+w+"”全文出现"+itoa(n)+"次，可换用更具体的说法", "")
	}
}
