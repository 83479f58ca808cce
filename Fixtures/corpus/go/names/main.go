// names: the functions, types and source files of the program, listed by
// pattern.
//
// session:
//
//	funcs ^main\.
//	types ^main\.
//	sources names/main.go
//	funcs nosuchthing
package main

import "fmt"

type shape interface {
	area() float64
}

type square struct {
	side float64
}

func (s square) area() float64 { return s.side * s.side }

func describe(s shape) string {
	return fmt.Sprint(s.area())
}

func main() {
	show := func(s string) { fmt.Println(s) }
	show(describe(square{2}))
}
