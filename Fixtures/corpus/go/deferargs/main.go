// deferargs: a deferred call's arguments are evaluated when the defer
// statement runs, not when the call runs; `deferred N` shows them.
//
// session:
//
//	break main.go:30
//	continue
//	print count
//	stack -defer
//	deferred 1 args
//	deferred 2 args
//	next
//	print count
//	next
//	step
//	args
package main

import "fmt"

func report(label string, n int) {
	fmt.Println(label, n)
}

func main() {
	count := 1
	defer report("at first", count)
	count++
	defer report("later", count)
	count += 10
	fmt.Println("count is", count)
}
