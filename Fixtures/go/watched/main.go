// watched — a Go global written in a loop, for watchpoints (`watch -w main.counter`,
// Delve's watch).
//
// Exercises: a hardware watchpoint on a Go package variable: each write in bump stops
// the program there (Delve and dbg the same), with the old and the new value (dbg).
//
//	watched   bump(i) sets counter to i+1 for i < 5; prints "counter 5"; exits 0
//
// Good breakpoints: main.main, main.bump.
package main

import "fmt"

var counter int

//go:noinline
func bump(i int) {
	counter = i + 1
}

func main() {
	for i := 0; i < 5; i++ {
		bump(i)
	}
	fmt.Println("counter", counter)
}
