// defers — calls deferred and not yet run, for `stack -defer` and `deferred N`.
//
// transfer defers four calls (two in a loop) before its marked line; inner
// defers a closure while its caller outer has a deferred call of its own.
// Built without optimisation, every deferred call is a record on the
// goroutine's defer chain (runtime._defer), newest first.
//
// Good breakpoints: the lines marked "pending" in transfer and inner; main.note
// (called seven times, by deferred calls) for breakpoint commands (`on ID CMD`).
package main

import "fmt"

type Account struct {
	Name    string
	Balance int
}

var journal []string

func note(what string, amount int) {
	journal = append(journal, fmt.Sprintf("%s %d", what, amount))
}

func unlock(a *Account) {
	note("unlock "+a.Name, a.Balance)
}

func transfer(from, to *Account, amount int) int {
	defer unlock(from)
	defer note("transfer", amount)
	for retry := 1; retry <= 2; retry++ {
		defer note("retry", retry)
	}
	from.Balance -= amount
	to.Balance += amount // pending: four deferred calls
	return from.Balance
}

func outer(a *Account) {
	defer note("outer", a.Balance)
	inner(a)
}

func inner(a *Account) {
	bonus := 5
	defer func() {
		note("closure", a.Balance+bonus)
	}()
	a.Balance += bonus // pending: one here, one in outer
}

func main() {
	alice := &Account{Name: "alice", Balance: 100}
	bob := &Account{Name: "bob", Balance: 20}
	left := transfer(alice, bob, 30)
	outer(bob)
	fmt.Println(left, bob.Balance, fee(left))
	for _, line := range journal {
		fmt.Println(line)
	}
}

// fee has a result: Delve's client sets what a tracepoint on it gathered apart from its
// line by a blank line.
func fee(amount int) int {
	return amount / 10
}
