// slices: nil and empty slices, slices of structs, of pointers and of
// slices, a long one, and slicing, len and cap in expressions.
//
// session:
//
//	break main.go:45
//	continue
//	locals
//	print none
//	print empty
//	print none == nil
//	print empty == nil
//	print people
//	print people[1].name
//	print ptrs
//	print ptrs[0].age
//	print *ptrs[1]
//	print matrix
//	print matrix[1][0]
//	print long
//	print long[60:70]
//	print len(part)
//	print cap(part)
//	print part
package main

import "runtime"

type person struct {
	name string
	age  int
}

func main() {
	var none []int
	empty := []int{}
	people := []person{{"ann", 31}, {"bob", 42}}
	ptrs := []*person{&people[0], &people[1], nil}
	matrix := [][]int{{1, 2}, {3}, nil}
	long := make([]int, 80)
	for i := range long {
		long[i] = i
	}
	part := long[10:15]
	runtime.KeepAlive([]interface{}{none, empty, people, ptrs, matrix, long, part})
}
