// goids — goroutines that say who they are, for checking traced goroutine ids.
//
//	goids [N [G]]   G goroutines (default 3) each print "seed=S goid=ID" (the id from
//	                runtime.Stack's "goroutine ID [running]" header) and then call
//	                work(i, seed) N times (default 10)
//
// A trace of main.work must show, for every call with seed S, goroutine(ID).
// Prints "calls=N*G"; exits 0.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

//go:noinline
func work(i int, seed int) int {
	return i*100 + seed
}

func goid() string {
	buffer := make([]byte, 64)
	buffer = buffer[:runtime.Stack(buffer, false)]
	fields := strings.Fields(string(buffer))
	if len(fields) > 1 {
		return fields[1]
	}
	return "?"
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
	n := arg(1, 10)
	g := arg(2, 3)
	var print sync.Mutex
	var wg sync.WaitGroup
	for seed := 0; seed < g; seed++ {
		wg.Add(1)
		go func(seed int) {
			defer wg.Done()
			print.Lock()
			fmt.Printf("seed=%d goid=%s\n", seed, goid())
			print.Unlock()
			for i := 0; i < n; i++ {
				work(i, seed)
			}
		}(seed)
	}
	wg.Wait()
	fmt.Printf("calls=%d\n", n*g)
}
