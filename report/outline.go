package report

// Node is a heading with what falls under it: the blocks up to the next heading of the same or
// an outer level.
type Node struct {
	Block    *Block  // nil for the root
	Start    int     // index of the heading block (or 0 for the root)
	End      int     // index one past the last block under it
	Children []*Node // sub-headings
}

// Outline builds the heading tree. Body paragraphs before the first heading belong to the root.
func (d *Document) Outline() *Node {
	root := &Node{End: len(d.Blocks)}
	stack := []*Node{root}
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Kind != Heading {
			continue
		}
		for len(stack) > 1 && stack[len(stack)-1].Block.Level >= b.Level {
			stack[len(stack)-1].End = i
			stack = stack[:len(stack)-1]
		}
		n := &Node{Block: b, Start: i, End: len(d.Blocks)}
		parent := stack[len(stack)-1]
		parent.Children = append(parent.Children, n)
		stack = append(stack, n)
	}
	return root
}

// Path returns the headings that contain block i, outermost first; a heading contains itself.
func (d *Document) Path(i int) []*Block {
	var path []*Block
	level := 1 << 30
	for j := i; j >= 0; j-- {
		b := &d.Blocks[j]
		if b.Kind == Heading && b.Level < level {
			path = append(path, b)
			level = b.Level
			if level == 1 {
				break
			}
		}
	}
	for l, r := 0, len(path)-1; l < r; l, r = l+1, r-1 {
		path[l], path[r] = path[r], path[l]
	}
	return path
}
