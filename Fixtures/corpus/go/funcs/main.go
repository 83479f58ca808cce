// funcs: function values: nil, a top-level function, a closure, a method
// value and a method expression; calling through each.
//
// session:
//
//	break main.go:38
//	continue
//	print none
//	print top
//	print closure
//	print method
//	print expr
//	print none == nil
//	locals
//	whatis top
//	whatis expr
package main

import (
	"runtime"
	"strings"
)

type greeter struct {
	name string
}

func (g greeter) greet(other string) string { return g.name + " greets " + other }

func main() {
	var none func()
	top := strings.ToUpper
	offset := 3
	closure := func(x int) int { return x + offset }
	g := greeter{"ann"}
	method := g.greet
	expr := greeter.greet
	runtime.KeepAlive([]interface{}{none, top, closure, method, expr, top("a"), closure(1), method("bob"), expr(g, "cy")})
}
