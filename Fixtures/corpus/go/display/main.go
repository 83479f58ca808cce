// display: expressions shown again at every stop, until removed.
//
// session:
//
//	break main.go:22
//	continue
//	display -a i
//	display -a total * 2
//	display
//	next
//	next
//	display -d 0
//	next
//	display
package main

import "fmt"

func main() {
	total := 0
	for i := 0; i < 3; i++ {
		total += i
	}
	fmt.Println(total)
}
