// rangechan: a producer goroutine sends on a buffered channel and closes it;
// main ranges over it until it is closed.
//
// session:
//
//	break main.go:37
//	continue
//	print n
//	print ch
//	print len(ch)
//	next
//	next
//	next
//	print n
//	print sum
//	clearall
//	break main.go:39
//	continue
//	print sum
//	print ch
package main

import "fmt"

func produce(ch chan<- int, count int) {
	for i := 1; i <= count; i++ {
		ch <- i * i
	}
	close(ch)
}

func main() {
	ch := make(chan int, 4)
	produce(ch, 3)
	sum := 0
	for n := range ch {
		sum += n
	}
	fmt.Println(sum)
}
