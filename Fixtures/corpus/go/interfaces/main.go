// interfaces: nil interfaces, errors of several kinds, and the empty
// interface holding each kind of value; type assertions in expressions.
//
// session:
//
//	break main.go:75
//	continue
//	print none
//	print noErr
//	print plain
//	print custom
//	print wrapped
//	print anInt
//	print aString
//	print aStruct
//	print aPointer
//	print aSlice
//	print aMap
//	print aFunc
//	print aNilPtr
//	print aFloat
//	print aBool
//	print aChan
//	print anArray
//	print anError
//	print shape
//	print shape.(main.square).side
//	print anInt.(int) + 1
//	print noErr == nil
//	print aNilPtr == nil
package main

import (
	"errors"
	"fmt"
	"runtime"
)

type notFound struct {
	name string
}

func (e *notFound) Error() string { return e.name + " not found" }

type shape interface {
	area() int
}

type square struct {
	side int
}

func (s square) area() int { return s.side * s.side }

func main() {
	var none interface{}
	var noErr error
	plain := errors.New("plain failure")
	var custom error = &notFound{name: "config"}
	wrapped := fmt.Errorf("loading: %w", custom)
	var anInt interface{} = 42
	var aString interface{} = "text"
	var aStruct interface{} = square{3}
	var aPointer interface{} = &square{4}
	var aSlice interface{} = []int{1, 2}
	var aMap interface{} = map[string]int{"k": 1}
	var aFunc interface{} = fmt.Sprint
	var aNilPtr interface{} = (*square)(nil)
	var aFloat interface{} = 2.5
	var aBool interface{} = true
	var aChan interface{} = make(chan int, 1)
	var anArray interface{} = [2]string{"x", "y"}
	var anError interface{} = plain
	var shape shape = square{5}
	runtime.KeepAlive([]interface{}{none, noErr, plain, custom, wrapped, anInt, aString, aStruct, aPointer, aSlice, aMap, aFunc, aNilPtr,
		aFloat, aBool, aChan, anArray, anError, shape})
}
