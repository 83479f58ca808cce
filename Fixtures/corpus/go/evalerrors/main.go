// evalerrors: expressions that cannot be evaluated each give one line of
// error, and the session goes on.
//
// session:
//
//	break main.go:37
//	continue
//	print nosuch
//	print 1 +
//	print p.nofield
//	print n.field
//	print arr[10]
//	print s[5]
//	print s[2:1]
//	print m["missing"]
//	print *n
//	print n.(int)
//	print s == 1
//	whatis nosuch
//	frame 99 print n
//	frobnicate
//	print n
package main

import "runtime"

type point struct {
	x, y int
}

func main() {
	n := 3
	p := point{1, 2}
	arr := [3]int{1, 2, 3}
	s := []int{1, 2}
	m := map[string]int{"a": 1}
	runtime.KeepAlive([]interface{}{n, p, arr, s, m})
}
