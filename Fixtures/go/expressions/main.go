// expressions: values that Go's own rules reach through, for `print` to agree with Delve:
// a pointer to an array indexes like the array, fields promote through embedded pointers,
// a byte slice converts to a string, complex numbers do arithmetic.
//
// Good breakpoint: main.inspect.
package main

import "fmt"

type Inner struct {
	s string
	v int
}

type Middle struct {
	*Inner
	depth int
}

type Outer struct {
	Middle
	n int
	*Empty
}

type Empty struct{ never int }

func inspect(outer Outer, parr *[4]int, src []byte, cpx1 complex128, cpx2 complex64) {
	fmt.Println(outer.n, parr[1], len(src), cpx1, cpx2)
}

func main() {
	parr := &[4]int{10, 11, 12, 13}
	outer := Outer{Middle: Middle{Inner: &Inner{"hello", 3}, depth: 1}, n: 4}
	src := []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n")
	inspect(outer, parr, src, complex(1, 2), complex(1.5, -0.5))
}
