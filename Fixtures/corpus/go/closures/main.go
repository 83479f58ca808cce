// closures: a closure captures its variables; `step` on a line that calls a
// closure inside another call's arguments enters the closure first.
//
// session:
//
//	break main.main
//	continue
//	next
//	next
//	print acc
//	step
//	step
//	print n
//	print total
//	stepout
//	step
//	stepout
//	next
//	next
//	step
//	locals
package main

import "fmt"

func makeAcc() func(int) int {
	total := 10
	return func(n int) int {
		total += n
		return total
	}
}

func apply(f func(int) int, v int) int {
	return f(v)
}

func main() {
	acc := makeAcc()
	fmt.Println(acc(1))
	fmt.Println(apply(acc, 5))
	square := func(v int) int { return v * v }
	fmt.Println(apply(square, 4))
}
