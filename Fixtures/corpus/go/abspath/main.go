// abspath: locations given with the source file's absolute path, as an
// editor sends them. ($DIR is this program's directory.)
//
// session:
//   break $DIR/main.go:20
//   continue
//   print i
//   list $DIR/main.go:17
//   clearall
//   break $DIR/main.go:22
//   continue
//   print sum
package main

import "fmt"

func main() {
	sum := 0
	for i := 0; i < 4; i++ {
		sum += i
	}
	fmt.Println(sum)
}
