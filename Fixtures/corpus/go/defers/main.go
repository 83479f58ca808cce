// defers: deferred calls run when the function returns, last in first out;
// `next` past the end of the function stops in each of them, and
// `stack -defer` lists the ones still pending.
//
// session:
//
//	break main.work
//	continue
//	next
//	next
//	next
//	next
//	stack -defer
//	step
//	step
//	step
//	print result
//	step
//	step
//	step
//	step
//	step
package main

import "fmt"

var log []string

func note(what string) {
	log = append(log, what)
}

func work(n int) (result int) {
	defer note("first deferred")
	defer func() {
		result *= 2
		note("closure deferred")
	}()
	result = n + 1
	return result
}

func main() {
	fmt.Println(work(20))
	fmt.Println(log)
}
