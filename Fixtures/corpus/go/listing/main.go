// listing: source shown around a stop, a function, a line, and a line
// near the end of the file.
//
// session:
//
//	break main.helper
//	continue
//	list
//	list main.main
//	list main.go:23
//	list main.go:26
//	list main.nosuch
//	frame 1 list
package main

import (
	"fmt"
	"strings"
)

// helper builds a banner of the given width.
func helper(width int) string {
	return strings.Repeat("=", width)
}

func main() {
	fmt.Println(helper(10))
}
