// stepcalls: `step` enters the function called on the line, whatever the
// statement around the call: an assignment, a call from the standard library,
// a call in a return statement.
//
// session:
//
//	break main.main
//	continue
//	next
//	step
//	stepout
//	next
//	step
//	next
//	next
//	stepout
//	next
//	step
//	stepout
//	step
//	step
//	print z + a
//	step
//	step
package main

import (
	"fmt"
	"strings"
)

func leaf(x int) int { return x + 1 }

func nonleaf(x int) int {
	s := fmt.Sprint(x)
	return x + len(s)
}

func twice(z, a int) int {
	return leaf(z + a)
}

func main() {
	y := leaf(1)
	z := nonleaf(y)
	t := strings.ToUpper("go")
	w := twice(z, 2)
	fmt.Println(y, z, t, w)
}
