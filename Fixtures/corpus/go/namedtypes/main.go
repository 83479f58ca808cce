// namedtypes: types named over basic kinds, an enum made of constants with
// a String method, named slices and maps, and package-level constants and
// variables.
//
// session:
//
//	break main.go:57
//	continue
//	locals
//	print temp
//	print temp + 1
//	print day
//	print day == Tuesday
//	print Tuesday
//	print Pi
//	print Greeting
//	print ids
//	print index
//	print limit
//	print main.limit
//	whatis temp
//	whatis day
//	whatis ids
package main

import "runtime"

type Celsius float64

type Weekday int

const (
	Monday Weekday = iota
	Tuesday
	Wednesday
)

func (d Weekday) String() string {
	return [...]string{"Mon", "Tue", "Wed"}[d]
}

type IDs []int

type Index map[string]IDs

const Pi = 3.14159
const Greeting = "hi"

var limit = 100

func main() {
	temp := Celsius(21.5)
	day := Tuesday
	ids := IDs{3, 1, 2}
	index := Index{"odd": {1, 3}}
	limit++
	runtime.KeepAlive([]interface{}{temp, day, ids, index})
}
