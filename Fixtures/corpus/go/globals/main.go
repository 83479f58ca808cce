// globals: package-level variables of several kinds, read from any
// function and listed by a pattern.
//
// session:
//
//	break main.bump
//	continue
//	print counter
//	print main.counter
//	print config
//	print names
//	print lookup
//	print current
//	vars main.counter
//	vars main.co
//	stepout
//	print counter
package main

import "fmt"

type settings struct {
	verbose bool
	level   int
}

var (
	counter = 10
	config  = settings{verbose: true, level: 3}
	names   = []string{"a", "b"}
	lookup  = map[string]int{"x": 1}
	current *settings
	cold    = "unchanged"
)

func bump() {
	counter++
	current = &config
}

func main() {
	bump()
	fmt.Println(counter, current.level, names, lookup, cold)
}
