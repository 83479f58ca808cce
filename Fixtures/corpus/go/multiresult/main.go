// multiresult: functions with several results, named and unnamed. stepout
// shows every value returned; the results land in several variables at once.
//
// session:
//
//	break main.divmod
//	continue
//	print a
//	print b
//	stepout
//	next
//	print q
//	step
//	step
//	step
//	locals
//	stepout
//	next
//	locals
package main

import "fmt"

func divmod(a, b int) (int, int) {
	return a / b, a % b
}

func split(sum int) (x, y int) {
	x = sum * 4 / 9
	y = sum - x
	return
}

func main() {
	q, r := divmod(17, 5)
	x, y := split(q + r)
	fmt.Println(q, r, x, y)
}
