// stepoutframes: after a stepout shows the values returned, moving up and
// down the stack shows frames, not those values again.
//
// session:
//
//	break main.area
//	continue
//	stepout
//	up
//	down
//	print a
//	next
//	print a
//	stack
package main

import "fmt"

func area(w, h int) int {
	return w * h
}

func report(w, h int) string {
	a := area(w, h)
	return fmt.Sprint("area ", a)
}

func main() {
	fmt.Println(report(3, 4))
}
