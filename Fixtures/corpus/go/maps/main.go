// maps: nil and empty maps, maps of structs and of slices, keys of several
// kinds, and indexing and len in expressions. (Small maps only: their
// entries print in the order they were added.)
//
// session:
//
//	break main.go:38
//	continue
//	locals
//	print none
//	print empty
//	print ages
//	print ages["bob"]
//	print ages["nobody"]
//	print len(ages)
//	print byID
//	print byID[2].name
//	print groups
//	print groups["odd"][1]
//	print flags
//	print none == nil
package main

import "runtime"

type user struct {
	name  string
	admin bool
}

func main() {
	var none map[string]int
	empty := map[string]int{}
	ages := map[string]int{"ann": 31, "bob": 42}
	byID := map[int]user{1: {"root", true}, 2: {"guest", false}}
	groups := map[string][]int{"odd": {1, 3, 5}, "even": {2, 4}}
	flags := map[bool]string{true: "yes", false: "no"}
	runtime.KeepAlive([]interface{}{none, empty, ages, byID, groups, flags})
}
