// methods: value and pointer receivers, a method value kept in a variable,
// and a call through an interface; `step` enters each method.
//
// session:
//
//	break main.main
//	continue
//	next
//	next
//	step
//	print c
//	stepout
//	next
//	step
//	step
//	print c.n
//	next
//	step
//	print r
//	stepout
//	print inc
//	print s
//	print s.(main.Rect).W
package main

import "fmt"

type Counter struct {
	n int
}

func (c *Counter) Inc() { c.n++ }

func (c Counter) Value() int { return c.n }

type Shape interface {
	Area() float64
}

type Rect struct {
	W, H float64
}

func (r Rect) Area() float64 { return r.W * r.H }

func main() {
	c := &Counter{}
	c.Inc()
	inc := c.Inc
	inc()
	var s Shape = Rect{W: 2, H: 3}
	area := s.Area()
	fmt.Println(c.Value(), area)
}
