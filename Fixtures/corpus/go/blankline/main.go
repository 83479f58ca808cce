// blankline: breakpoints asked for on lines without code (a blank line, a
// comment) and on a line that has code.
//
// session:
//
//	break main.go:17
//	break main.go:18
//	break main.go:19
//	breakpoints
//	continue
//	print x
package main

import "fmt"

func main() {
	// a comment, then a blank line

	x := 1
	x += 2
	fmt.Println(x)
}
