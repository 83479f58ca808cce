// scope: variables not yet declared at the current line, variables of an
// inner block that shadow an outer one, and variables gone after their
// block ends.
//
// session:
//
//	break main.go:31
//	continue
//	print total
//	print i
//	locals
//	break main.go:33
//	continue
//	print x
//	print i
//	next
//	print x
//	locals
//	clear 2
//	break main.go:36
//	continue
//	print x
//	print i
//	locals
package main

import "fmt"

func main() {
	x := "outer"
	total := 0
	for i := 0; i < 2; i++ {
		x := i * 10
		total += x
	}
	fmt.Println(x, total)
}
