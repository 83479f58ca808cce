// stepping: every way a line can call a function, for `step` to enter.
package main

import (
	"fmt"
	"strings"
)

// leaf has no stack-check prologue: its first instruction is already its body.
func leaf(x int) int { return x + 1 }

func nonleaf(x int) int { fmt.Sprint(x); return x + 2 }

func two() (int, int) { return 3, 4 }

func makeAcc() func(int) int {
	s := 0
	return func(d int) int { s += d; return s }
}

func apply(f func(int) int, z, a int) int {
	return f(z + a)
}

// firstLine's first statement must not have run when a breakpoint on it stops.
func firstLine() int {
	dummy := 0
	dummy++
	return dummy
}

func main() {
	y := leaf(1)
	z := nonleaf(y)
	a, b := two()
	t := "abc"
	u := strings.ToUpper(t)
	acc := makeAcc()
	fmt.Println(acc(1))
	w := apply(leaf, z, a)
	fmt.Println(y, z, a, b, u, w, firstLine())
}
