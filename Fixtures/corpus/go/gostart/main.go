// gostart: `next` steps over a `go` statement and stays in main; the new
// goroutine runs on its own. A gate keeps the second worker waiting, so the
// breakpoint after the gate stops it whatever the scheduler does.
//
// session:
//   break main.main
//   continue
//   next
//   next
//   next
//   next
//   next
//   print v
//   next
//   print v
//   print len(results)
//   print cap(results)
//   next
//   break main.go:29
//   continue
//   args
//   print id * 10
package main

import "fmt"

func worker(id int, gate <-chan struct{}, out chan<- int) {
	<-gate
	out <- id * 10
}

func main() {
	results := make(chan int, 2)
	open := make(chan struct{})
	close(open)
	go worker(1, open, results)
	v := <-results
	gate := make(chan struct{})
	go worker(2, gate, results)
	close(gate)
	fmt.Println(v, <-results)
}
