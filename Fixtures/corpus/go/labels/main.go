// labels: labeled break and continue out of nested loops; `next` jumps
// to where the label sends it.
//
// session:
//
//	break main.go:34
//	condition 1 j == 1
//	continue
//	print i
//	print j
//	next
//	next
//	next
//	next
//	print found
//	clearall
//	break main.go:45
//	continue
//	print r
//	print c
//	next
//	next
//	print row
package main

import "fmt"

func main() {
	grid := [3][3]int{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	found := 0
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if grid[i][j]%2 == 0 {
				found++
				continue outer
			}
		}
	}
	row, col := -1, -1
search:
	for r := range grid {
		for c := range grid[r] {
			if grid[r][c] == 6 {
				row, col = r, c
				break search
			}
		}
	}
	fmt.Println(found, row, col)
}
