// rangeslice: for-range over a slice of structs and over an array, with
// the index and the element copied each time round; `next` walks the loop.
//
// session:
//
//	break main.go:36
//	continue
//	print i
//	print it
//	print total
//	next
//	next
//	next
//	print i
//	print it.name
//	clear 1
//	next
//	next
//	next
//	next
//	next
//	print squares
package main

import "fmt"

type item struct {
	name  string
	price int
}

func main() {
	items := []item{{"pen", 2}, {"book", 12}, {"lamp", 30}}
	total := 0
	for i, it := range items {
		total += it.price * (i + 1)
	}
	var squares [4]int
	for i := range squares {
		squares[i] = i * i
	}
	fmt.Println(total, squares)
}
