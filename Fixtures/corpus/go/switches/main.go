// switches: an expression switch with fallthrough, a switch with no
// expression, and a type switch; `next` goes only through the cases taken.
//
// session:
//
//	break main.classify
//	continue
//	next
//	next
//	next
//	next
//	next
//	next
//	stepout
//	break main.describe
//	continue
//	next
//	next
//	next
//	print v
//	next
package main

import "fmt"

func classify(n int) string {
	kind := ""
	switch n % 3 {
	case 0:
		kind = "fizz"
		fallthrough
	case 1:
		kind += "one"
	default:
		kind = "other"
	}
	switch {
	case n > 10:
		kind += "-big"
	case n < 0:
		kind += "-negative"
	}
	return kind
}

func describe(x interface{}) string {
	switch v := x.(type) {
	case int:
		return fmt.Sprint("int ", v)
	case string:
		return "string " + v
	default:
		return "unknown"
	}
}

func main() {
	fmt.Println(classify(12))
	fmt.Println(describe("go"))
}
