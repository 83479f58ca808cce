// recursion: the same function several times on the stack, each frame with
// its own argument; frames are selected by number and by up/down.
//
// session:
//
//	break main.fact
//	condition 1 n == 1
//	continue
//	stack
//	print n
//	frame 2 args
//	up
//	args
//	up
//	print n
//	down
//	down
//	print n
//	stepout
//	print n
package main

import "fmt"

func fact(n int) int {
	if n <= 1 {
		return 1
	}
	return n * fact(n-1)
}

func main() {
	fmt.Println(fact(4))
}
