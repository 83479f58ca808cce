// earlyreturn: a function with a return in each branch; `next` leaves
// from the first return taken, and stepout shows the value it returned.
//
// session:
//
//	break main.grade
//	continue
//	next
//	next
//	next
//	next
//	continue
//	next
//	next
//	next
//	next
//	next
//	next
//	stepout
package main

import "fmt"

func grade(score int) string {
	if score < 0 {
		return "invalid"
	}
	if score >= 90 {
		return "A"
	}
	if score >= 50 {
		return "pass"
	}
	return "fail"
}

func main() {
	fmt.Println(grade(95))
	fmt.Println(grade(60))
}
