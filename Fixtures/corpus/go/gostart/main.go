// gostart: `next` steps over a `go` statement and stays in main; the new
// goroutine runs on its own. With one P (GOMAXPROCS 1) a new goroutine runs
// only when main blocks or is preempted, and the worker yields once before
// its breakpoint, so it stops there while main waits in the channel
// receive, every time.
//
// session:
//
//	break main.main
//	continue
//	next
//	next
//	next
//	next
//	print v
//	next
//	print v
//	print len(results)
//	print cap(results)
//	next
//	break main.go:37
//	continue
//	args
//	print id * 10
//	goroutine 1
//	stack
//	goroutine
package main

import (
	"fmt"
	"runtime"
)

func worker(id int, out chan<- int) {
	runtime.Gosched()
	out <- id * 10
}

func main() {
	runtime.GOMAXPROCS(1)
	results := make(chan int, 2)
	go worker(1, results)
	v := <-results
	go worker(2, results)
	fmt.Println(v, <-results)
}
