// structs: nested structs, an anonymous struct, an empty struct, fields
// of every kind, and a linked list deeper than a debugger loads at once.
//
// session:
//
//	break main.go:69
//	continue
//	print order
//	print order.customer.address.city
//	print order.lines[1]
//	print order.tags
//	print anon
//	print anon.label
//	print nothing
//	print list
//	print list.next.next.value
//	print *list.next.next.next
//	locals
package main

import "runtime"

type address struct {
	street, city string
}

type customer struct {
	name    string
	address address
}

type line struct {
	sku string
	qty int
}

type order struct {
	id       int
	customer customer
	lines    []line
	tags     map[string]bool
	paid     bool
	total    float64
	note     *string
}

type node struct {
	value int
	next  *node
}

func main() {
	order := order{
		id:       17,
		customer: customer{"ann", address{"1 Main St", "Springfield"}},
		lines:    []line{{"A-1", 2}, {"B-2", 1}},
		tags:     map[string]bool{"rush": true},
		total:    99.5,
	}
	anon := struct {
		label string
		count int
	}{"anonymous", 2}
	var nothing struct{}
	var list *node
	for i := 6; i > 0; i-- {
		list = &node{i, list}
	}
	runtime.KeepAlive([]interface{}{order, anon, nothing, list})
}
