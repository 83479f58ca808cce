// restart: the program started again from the beginning, its breakpoints
// kept, hit counts starting over.
//
// session:
//
//	break main.tick
//	continue
//	continue
//	print n
//	restart
//	continue
//	print n
//	breakpoints
package main

import "fmt"

func tick(n int) int {
	return n * 2
}

func main() {
	for n := 1; n <= 3; n++ {
		fmt.Println(tick(n))
	}
}
