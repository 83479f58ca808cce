// stackflags: the stack with a depth, with every frame's variables, and
// the arguments and locals filtered by name.
//
// session:
//
//	break main.go:19
//	continue
//	stack 2
//	stack -full
//	frame 1 locals
//	frame 1 locals count
//	frame 2 args
//	args -v
package main

import "fmt"

func leaf(label string, depth int) string {
	return fmt.Sprint(label, depth)
}

func branch(count int) string {
	counted := count * 2
	countdown := count - 1
	return leaf("branch", counted+countdown)
}

func root(items []string) string {
	first := items[0]
	return first + branch(len(items))
}

func main() {
	fmt.Println(root([]string{"a", "b"}))
}
