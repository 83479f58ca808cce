// hot — one small function called very often, from several goroutines.
//
// Exercises: tracing (`dbg trace main.hot`) and breakpoint hit rates; the
// uprobe backend should trace it without stopping the program.
//
//	hot [N [G]]   G goroutines (default 4) each call hot(i, seed) N times
//	              (default 1000)
//
// Good breakpoint / trace target: main.hot.
// Prints "calls=N*G sum=..." (deterministic); exits 0.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

//go:noinline
func hot(i int, seed int) int {
	x := i*31 + seed
	return x % 1000
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
	n := arg(1, 1000)
	g := arg(2, 4)
	sums := make([]int, g)
	var wg sync.WaitGroup
	for seed := 0; seed < g; seed++ {
		wg.Add(1)
		go func(seed int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				sums[seed] += hot(i, seed)
			}
		}(seed)
	}
	wg.Wait()
	total := 0
	for _, s := range sums {
		total += s
	}
	fmt.Printf("calls=%d sum=%d\n", n*g, total)
}
