// calls: functions for the debugger to call (`call main.add(1, 2)`), through Go's
// debug-call protocol (runtime.debugCallV2). It exercises int, string, float, struct and
// pointer arguments and results, several results, a method with a pointer receiver, a
// function that panics, and one with a line to break on while the debugger calls it. The
// program stops at main.stop (a breakpoint there is a safe point for calls); what it prints
// afterwards must not change because of the calls.
package main

import (
	"fmt"
	"os"
)

type point struct {
	X, Y int
}

type counter struct {
	n int
}

func (c *counter) add(delta int) int {
	c.n += delta
	return c.n
}

//go:noinline
func add(a, b int) int { return a + b }

//go:noinline
func greet(name string, times int) string {
	s := ""
	for i := 0; i < times; i++ {
		s += "hi " + name + ";"
	}
	return s
}

//go:noinline
func scale(x float64, by float64) float64 { return x * by }

//go:noinline
func mirror(p point) point { return point{X: p.Y, Y: p.X} }

//go:noinline
func bump(p *point, by int) *point {
	p.X += by
	return p
}

//go:noinline
func divmod(a, b int) (q int, r int) { return a / b, a % b }

//go:noinline
func boom(msg string) int {
	panic("boom: " + msg)
}

//go:noinline
func traced(n int) int {
	doubled := n * 2 // a breakpoint here stops inside a call the debugger made
	return doubled + 1
}

//go:noinline
func stop(c *counter, origin *point) {
	fmt.Fprintln(os.Stdout, "stop", c.n, origin.X, origin.Y)
}

// kept makes main's pointers escape to the heap: Delve refuses to pass a pointer to a
// goroutine's stack to a call ("stack object passed to escaping pointer").
var kept []any

func main() {
	c := &counter{n: 10}
	origin := &point{X: 3, Y: 4}
	kept = append(kept, c, origin)
	stop(c, origin)
	fmt.Println("after", add(2, 3), greet("go", 1), scale(1.5, 2), mirror(*origin))
	q, r := divmod(7, 2)
	fmt.Println("divmod", q, r)
	fmt.Println("traced", traced(1), "counter", c.add(1), "bumped", *bump(origin, 1))
	fmt.Println("recovered", recovered())
}

// recovered calls boom so that the linker keeps it, and shows the panic it makes.
func recovered() (message any) {
	defer func() { message = recover() }()
	boom("from main")
	return nil
}
