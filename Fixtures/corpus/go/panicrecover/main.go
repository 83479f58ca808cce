// panicrecover: a panic stopped by a deferred recover. `next` over the
// statement that panics stops in the deferred closure, which sets the named
// result, and the caller goes on.
//
// session:
//
//	break main.safeDiv
//	continue
//	next
//	next
//	next
//	next
//	next
//	print r
//	break main.go:39
//	continue
//	print q
//	print err
package main

import (
	"errors"
	"fmt"
)

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New(fmt.Sprint(r))
		}
	}()
	q = a / b
	return q, nil
}

func main() {
	q, err := safeDiv(7, 0)
	fmt.Println(q, err)
}
