// blankline: breakpoints asked for on lines without code (a blank line, a
// comment) and on a line that has code.
//
// session:
//   break main.go:15
//   break main.go:17
//   breakpoints
//   continue
//   print x
package main

import "fmt"

func main() {
	// the blank line below

	x := 1
	x += 2
	fmt.Println(x)
}
