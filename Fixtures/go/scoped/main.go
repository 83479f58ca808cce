// scoped — Go locals under watchpoints, and the goroutine's stack moving under them.
//
// Exercises: a watchpoint on a local ends when its frame returns (Delve: "Watchpoint ...
// went out of scope and was cleared"); while grow's local `mine` is watched, deep's big
// frames make the goroutine's stack grow, and the runtime copies it elsewhere: the watch
// follows the variable to its new address (Delve does both).
//
//	scoped   prints "scoped 6 10 2002"; exits 0
//
// Good breakpoints: main.tally, main.grow.
package main

import "fmt"

//go:noinline
func tally(n int) int {
	total := 0
	for i := 1; i <= n; i++ {
		total += i
	}
	return total
}

// deep recurses depth times through 512-byte frames: each level adds 1.
//
//go:noinline
func deep(depth int) int {
	var pad [64]int
	pad[depth%64] = depth
	if depth == 0 {
		return 0
	}
	return deep(depth-1) + pad[depth%64] - depth + 1
}

//go:noinline
func grow(depth int) int {
	mine := 1
	mine += deep(depth) // the stack grows, and moves, under mine
	mine *= 2
	return mine
}

func main() {
	first := tally(3)
	second := tally(4)
	grown := grow(1000)
	fmt.Println("scoped", first, second, grown)
}
