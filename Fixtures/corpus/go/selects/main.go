// selects: a select with one ready channel, a select with a default case,
// and a select over a channel that is closed.
//
// session:
//
//	break main.main
//	continue
//	next
//	next
//	next
//	next
//	next
//	next
//	next
//	next
//	next
//	print got
//	next
//	next
//	next
//	print got
package main

import "fmt"

func main() {
	ready := make(chan string, 1)
	idle := make(chan string)
	ready <- "hello"
	got := ""
	select {
	case got = <-ready:
	case got = <-idle:
	}
	select {
	case s := <-idle:
		got = s
	default:
		got += " (nothing waiting)"
	}
	close(idle)
	select {
	case s, ok := <-idle:
		got += fmt.Sprint(" closed:", s == "", ok)
	}
	fmt.Println(got)
}
