// hardbreak: runtime.Breakpoint() in the program stops it as a breakpoint
// would, in the caller's frame; `continue` goes on as if nothing happened.
//
// session:
//
//	continue
//	print x
//	stack
//	next
//	continue
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
