// setvars: changing variables while the program is stopped: integers,
// floats, booleans, struct fields through a pointer, array and slice
// elements, and pointers. The program prints what it then sees.
//
// session:
//
//	break main.go:42
//	continue
//	set n = 42
//	set f = 2.5
//	set ok = false
//	set p.x = -7
//	set arr[1] = 99
//	set s[0] = 5
//	set q = &n
//	print n
//	print f
//	print ok
//	print *p
//	print arr
//	print s
//	print *q
//	set nosuch = 1
//	set n = "text"
package main

import "fmt"

type point struct {
	x, y int
}

func main() {
	n := 1
	f := 0.5
	ok := true
	p := &point{1, 2}
	arr := [3]int{1, 2, 3}
	s := []int{1, 2}
	other := 0
	q := &other
	fmt.Println(n, f, ok, p.x, arr, s, *q)
}
