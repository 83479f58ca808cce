// breakpoints: breakpoints by function, by line, with a name, with a
// condition and with a hit count condition; listed, disabled, cleared.
//
// session:
//
//	break main.step
//	break counted main.go:27
//	condition counted i == 3
//	condition -hitcount 1 > 2
//	breakpoints
//	continue
//	print i
//	continue
//	print i
//	toggle 1
//	breakpoints
//	clear counted
//	breakpoints
//	break main.nosuch
//	break main.go:9999
//	continue
package main

import "fmt"

func step(acc, i int) int {
	return acc + i
}

func main() {
	acc := 0
	for i := 1; i <= 5; i++ {
		acc = step(acc, i)
	}
	fmt.Println(acc)
}
