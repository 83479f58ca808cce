// samefunc — ten goroutines in the same function at the same time.
//
// Exercises: a breakpoint in work() is hit by ten goroutines; `next` and
// `step` must stay on the goroutine that stopped, not jump to another one
// that hit the same line. Each iteration of work's loop spans several lines
// and sleeps briefly, so the others keep running (and hitting) meanwhile.
// Good breakpoints: main.work, the line "acc += step" inside it.
//
// Prints the ten results in order and their total; exits 0.
package main

import (
	"fmt"
	"sync"
	"time"
)

func work(id int) int {
	acc := 0
	for i := 0; i < 10; i++ {
		step := id*100 + i
		acc += step
		if acc%7 == 0 {
			acc++
		}
		time.Sleep(time.Millisecond)
	}
	return acc
}

func main() {
	const n = 10
	results := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for id := 0; id < n; id++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			<-start // everyone starts together
			results[id] = work(id)
		}(id)
	}
	close(start)
	wg.Wait()

	total := 0
	for id, r := range results {
		fmt.Printf("work(%d) = %d\n", id, r)
		total += r
	}
	fmt.Printf("total = %d\n", total)
}
