// channels: nil, unbuffered, buffered with values waiting, and closed
// channels, with len and cap; a goroutine blocked sending.
//
// session:
//
//	break main.go:32
//	continue
//	print none
//	print unbuffered
//	print len(buffered)
//	print cap(buffered)
//	print closed
//	print none == nil
//	locals
package main

import (
	"runtime"
	"time"
)

func main() {
	var none chan int
	unbuffered := make(chan string)
	buffered := make(chan int, 3)
	buffered <- 1
	buffered <- 2
	closed := make(chan bool, 1)
	close(closed)
	go func() { unbuffered <- "waiting" }()
	time.Sleep(10 * time.Millisecond)
	runtime.KeepAlive([]interface{}{none, unbuffered, buffered, closed})
}
