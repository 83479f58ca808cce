// hardbreak: runtime.Breakpoint() stops the program where it is called, and the program
// goes on when continued.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	x := 1
	runtime.Breakpoint()
	x++
	fmt.Println("after", x)
}
