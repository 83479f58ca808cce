// embedded: structs that embed a struct by value and by pointer. Fields
// and methods of the embedded ones are promoted: `b.s` reaches through *C.
//
// session:
//
//	break main.go:52
//	continue
//	print b
//	print b.n
//	print b.s
//	print b.C.s
//	print b.depth
//	print e
//	print e.Base.id
//	print e.id
//	print e.Named
//	print e.label
//	print orphan
//	print orphan.C
package main

import "fmt"

type C struct {
	s     string
	depth int
}

type B struct {
	*C
	n int
}

type Base struct {
	id int
}

type Named struct {
	label string
}

type Employee struct {
	Base
	*Named
	salary float64
}

func main() {
	b := B{C: &C{s: "inner", depth: 2}, n: 1}
	e := Employee{Base: Base{id: 7}, Named: &Named{label: "ops"}, salary: 1234.5}
	orphan := B{n: 3}
	fmt.Println(b.s, e.label, orphan.n)
}
