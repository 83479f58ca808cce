// instructions: stepping one machine instruction at a time, and the
// disassembly of a small function.
//
// session:
//
//	break main.add
//	continue
//	step-instruction
//	step-instruction
//	step-instruction
//	disassemble
//	stepout
package main

import "fmt"

func add(a, b int) int {
	return a + b
}

func main() {
	fmt.Println(add(2, 3))
}
