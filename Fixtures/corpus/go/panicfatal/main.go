// panicfatal: a panic that nothing recovers. The debugger stops where the
// runtime is about to kill the program, with the panicking goroutine's stack.
//
// session:
//
//	continue
//	stack
//	frame 2 args
//	breakpoints
package main

import "fmt"

type account struct {
	balance int
}

func withdraw(a *account, amount int) {
	if amount > a.balance {
		panic(fmt.Sprintf("overdrawn by %d", amount-a.balance))
	}
	a.balance -= amount
}

func main() {
	a := &account{balance: 5}
	withdraw(a, 3)
	withdraw(a, 3)
}
