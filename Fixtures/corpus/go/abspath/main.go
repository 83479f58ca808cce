// abspath: locations given with the source file's absolute path, as an
// editor sends them. ($DIR is this program's directory.)
//
// session:
//
//	break $DIR/main.go:21
//	continue
//	print i
//	list $DIR/main.go:18
//	clearall
//	break $DIR/main.go:23
//	continue
//	print sum
package main

import "fmt"

func main() {
	sum := 0
	for i := 0; i < 4; i++ {
		sum += i
	}
	fmt.Println(sum)
}
