// pointers: nil pointers, pointers to structs (fields through them without
// a star), to arrays (indexed as the array), to pointers, and address-of.
//
// session:
//
//	break main.go:37
//	continue
//	print none
//	print none == nil
//	print *none
//	print p
//	print *p
//	print p.x
//	print parr
//	print parr[1]
//	print len(parr)
//	print (*parr)[2]
//	print pp
//	print **pp
//	print (*pp).y
//	print &n
//	print *&n
package main

import "runtime"

type point struct {
	x, y int
}

func main() {
	var none *point
	p := &point{1, 2}
	parr := &[4]int{10, 11, 12, 13}
	pp := &p
	n := 7
	runtime.KeepAlive([]interface{}{none, p, parr, pp, &n})
}
