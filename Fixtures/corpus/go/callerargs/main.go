// callerargs: the arguments and locals of the frames above the current
// one, selected with up, down and frame.
//
// session:
//
//	break main.inner
//	continue
//	print a
//	up
//	args
//	locals
//	up
//	args
//	frame 1 print n * 2
//	frame 2 locals
//	down
//	down
//	print a
package main

import "fmt"

func inner(a int) int {
	return a * 3
}

func middle(n int, label string) int {
	doubled := n * 2
	return inner(doubled) + len(label)
}

func outer(values []int) int {
	sum := 0
	for _, v := range values {
		sum += middle(v, "x")
	}
	return sum
}

func main() {
	fmt.Println(outer([]int{3, 4}))
}
