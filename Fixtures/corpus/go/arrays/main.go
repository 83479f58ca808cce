// arrays: arrays of numbers, of arrays, of structs, an empty one and a
// long one; indexing and len in expressions.
//
// session:
//
//	break main.go:38
//	continue
//	locals
//	print grid
//	print grid[1]
//	print grid[1][2]
//	print points[1].y
//	print none
//	print long
//	print len(long)
//	print long[99]
//	print flags
//	print names[2]
package main

import "runtime"

type point struct {
	x, y int
}

func main() {
	nums := [5]int{1, 2, 3, 4, 5}
	grid := [2][3]int{{1, 2, 3}, {4, 5, 6}}
	points := [2]point{{1, 2}, {3, 4}}
	var none [0]int
	var long [100]int
	for i := range long {
		long[i] = i * 2
	}
	flags := [3]bool{true, false, true}
	names := [3]string{"ann", "bob", "cy"}
	runtime.KeepAlive([]interface{}{nums, grid, points, none, long, flags, names})
}
