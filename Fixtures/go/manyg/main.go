// manyg — ten thousand goroutines parked on one channel.
//
// Exercises: listing and counting many goroutines (`goroutines` must stay
// fast with 10,000 of them), their wait reason (chan receive) and their
// start location. Good breakpoint: main.allParked, called once every
// goroutine is parked; after it returns they are released and the program
// exits.
//
// Prints "parked 10000 goroutines" and "released 10000, sum ..."; exits 0.
package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

const count = 10000

func park(id int, release <-chan struct{}, ready, done *sync.WaitGroup, sum *int64, mu *sync.Mutex) {
	ready.Done()
	<-release
	mu.Lock()
	*sum += int64(id)
	mu.Unlock()
	done.Done()
}

// allBlocked reports whether every park goroutine is blocked in its receive, as the
// runtime's own dump of all goroutines shows them.
func allBlocked() bool {
	dump := make([]byte, 16<<20)
	n := runtime.Stack(dump, true)
	return strings.Count(string(dump[:n]), "[chan receive]:\nmain.park(") >= count
}

// allParked is the breakpoint target: every goroutine is parked right now.
//
//go:noinline
func allParked(n int) int {
	return n
}

func main() {
	release := make(chan struct{})
	var ready, done sync.WaitGroup
	var mu sync.Mutex
	var sum int64
	ready.Add(count)
	done.Add(count)
	for i := 0; i < count; i++ {
		go park(i, release, &ready, &done, &sum, &mu)
	}
	ready.Wait()
	// ready.Done() runs just before the receive: wait until the runtime shows every one of
	// them blocked in it (on a loaded machine a moment is not always enough).
	for !allBlocked() {
		time.Sleep(time.Millisecond)
	}

	fmt.Printf("parked %d goroutines\n", allParked(count))
	close(release)
	done.Wait()
	fmt.Printf("released %d, sum %d\n", count, sum)
}
