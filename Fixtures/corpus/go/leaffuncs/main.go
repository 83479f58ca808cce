// leaffuncs: small functions that call nothing get no stack-check prologue
// from the compiler. A breakpoint on one still stops on its first line,
// before its first statement has run; `step` into one stops there too.
//
// session:
//
//	break main.stacktraceme
//	continue
//	print dummy
//	next
//	print dummy
//	stepout
//	next
//	step
//	print v
//	stepout
package main

import "fmt"

var dummy int

func stacktraceme() {
	dummy = 1
	dummy++
}

func double(v int) int {
	return v * 2
}

func main() {
	stacktraceme()
	r := double(21)
	fmt.Println(dummy, r)
}
