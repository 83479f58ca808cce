// nilrecover: a nil pointer dereference that the function recovers. The
// runtime turns the SIGSEGV into a panic, and a recovered panic is not a stop:
// the program runs to its breakpoint after it.
//
// session:
//
//	break main.after
//	continue
//	print msg
//	stepout
package main

import "fmt"

type node struct {
	value int
}

func read(n *node) (v int, msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	return n.value, ""
}

func after(msg string) {
	fmt.Println(msg)
}

func main() {
	_, msg := read(nil)
	after(msg)
}
