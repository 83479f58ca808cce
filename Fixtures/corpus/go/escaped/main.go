// escaped: variables that outlive their function (their address is kept)
// live on the heap, not in the frame; they print as any other variable.
//
// session:
//
//	break main.go:30
//	continue
//	print c
//	print c.hits
//	locals
//	stepout
//	break main.go:38
//	continue
//	print n
//	print p
//	print *p
//	locals
package main

import "fmt"

type counter struct {
	hits int
	name string
}

func newCounter(name string) *counter {
	c := counter{name: name}
	c.hits = len(name)
	return &c
}

func main() {
	n := 5
	keep := &n
	*keep++
	p := newCounter("escape")
	fmt.Println(*p, n)
}
