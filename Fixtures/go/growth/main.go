// growth — goroutines whose stacks grow and shrink while others keep the CPUs busy.
//
// Exercises: tracing a Go program while the runtime moves goroutine stacks (each deep
// call chain starts on a small stack and outgrows it, several times) and preempts
// goroutines that never yield (spin, preempted by a signal every 10 ms).
//
//	growth [R [G]]   G goroutines (default 4) each run R rounds (default 200) of
//	                 deep(64, seed): a chain of 64 calls, each with a 512-byte frame
//
// Trace targets: main.deep (calls and returns: R*G*64 each), main.spin.
// Prints "deep=R*G*64 sum=..." (deterministic); exits 0.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
)

//go:noinline
func deep(depth int, seed int) int {
	var frame [64]int // 512 bytes: the chain needs 32 KiB, far more than a new goroutine's 8 KiB
	frame[depth%64] = seed
	if depth == 0 {
		return seed % 7
	}
	return deep(depth-1, seed+frame[depth%64]%3) + 1
}

// spin burns the CPU without a function call in its loop, so only an asynchronous
// preemption (a signal) takes its thread back.
//
//go:noinline
func spin(stop *atomic.Bool) int {
	n := 0
	for !stop.Load() {
		n++
	}
	return n
}

func arg(n int, def int) int {
	if len(os.Args) > n {
		if v, err := strconv.Atoi(os.Args[n]); err == nil && v >= 0 {
			return v
		}
	}
	return def
}

func main() {
	rounds := arg(1, 200)
	g := arg(2, 4)
	var stop atomic.Bool
	var spinners sync.WaitGroup
	for i := 0; i < 2; i++ {
		spinners.Add(1)
		go func() {
			defer spinners.Done()
			spin(&stop)
		}()
	}
	sums := make([]int, g)
	var wg sync.WaitGroup
	for seed := 0; seed < g; seed++ {
		wg.Add(1)
		go func(seed int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				// A new goroutine for each round: a fresh small stack to outgrow.
				done := make(chan int)
				go func() { done <- deep(63, seed+r) }()
				sums[seed] += <-done
			}
		}(seed)
	}
	wg.Wait()
	stop.Store(true)
	spinners.Wait()
	total := 0
	for _, s := range sums {
		total += s
	}
	fmt.Printf("deep=%d sum=%d\n", rounds*g*64, total)
}
