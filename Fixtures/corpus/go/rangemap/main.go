// rangemap: for-range over a map. The order of a map's iteration is chosen at
// random on each run, so the breakpoint waits for one key with a condition.
//
// session:
//
//	break main.go:25
//	condition 1 k == "b"
//	continue
//	print k
//	print v
//	print stock
//	print stock["c"]
//	print len(stock)
//	next
//	next
//	print v * 2
package main

import "fmt"

func main() {
	stock := map[string]int{"a": 1, "b": 20, "c": 300}
	sum := 0
	for k, v := range stock {
		if k == "b" {
			sum += v * 2
		} else {
			sum += v
		}
	}
	fmt.Println(sum)
}
