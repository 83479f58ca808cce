// onhits: commands attached to a breakpoint with `on` run at each hit,
// before the prompt comes back.
//
// session:
//
//	break main.visit
//	on 1 print n
//	on 1 print n * n
//	on 1 stack 2
//	breakpoints
//	continue
//	continue
//	clear 1
//	continue
package main

import "fmt"

func visit(n int) int {
	return n + 1
}

func main() {
	total := 0
	for i := 1; i <= 3; i++ {
		total += visit(i)
	}
	fmt.Println(total)
}
