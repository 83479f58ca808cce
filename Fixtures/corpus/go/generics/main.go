// generics: a generic function instantiated for two types and a generic
// type with a method. A breakpoint on the generic function stops in every
// instantiation.
//
// session:
//
//	break main.Sum
//	continue
//	print xs
//	next
//	next
//	next
//	locals
//	stepout
//	continue
//	print xs
//	whatis xs
//	stepout
//	break main.(*Stack).Push
//	continue
//	print s
//	print v
//	stack
package main

import "fmt"

type Number interface {
	~int | ~float64
}

func Sum[T Number](xs []T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) {
	s.items = append(s.items, v)
}

func main() {
	fmt.Println(Sum([]int{1, 2, 3}))
	fmt.Println(Sum([]float64{1.5, 2.5}))
	var s Stack[string]
	s.Push("a")
	s.Push("b")
	fmt.Println(s.items)
}
