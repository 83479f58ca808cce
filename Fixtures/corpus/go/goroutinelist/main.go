// goroutinelist: goroutines parked in several ways while main is stopped:
// on a channel receive, in a select, on a mutex, in a WaitGroup.
//
// session:
//
//	break main.inspect
//	continue
//	goroutines -with user
//	goroutines -with userloc main.
//	goroutines -with userloc main. -t 3
//	goroutine
//	stack
package main

import (
	"sync"
	"time"
)

func receiver(ch chan int) { <-ch }

func selecter(a, b chan int) {
	select {
	case <-a:
	case <-b:
	}
}

func locker(mu *sync.Mutex) {
	mu.Lock()
	mu.Unlock()
}

func waiter(wg *sync.WaitGroup) { wg.Wait() }

func inspect() {}

func main() {
	ch := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	mu.Lock()
	go receiver(ch)
	go selecter(ch, ch)
	go locker(&mu)
	go waiter(&wg)
	time.Sleep(50 * time.Millisecond)
	inspect()
	mu.Unlock()
	wg.Done()
}
