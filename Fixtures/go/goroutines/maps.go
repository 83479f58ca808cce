package main

import "fmt"

// growing builds a map and returns it in the middle of growing: the insert that takes it
// past 6.5 entries a bucket doubles the buckets (the 105th: 16 buckets to 32), and Go moves
// the old buckets' entries to the new ones two buckets a write. At the return, most old
// buckets are not moved yet (the map's oldbuckets is set), which a debugger must read too.
// Good breakpoint: the return line.
func growing() map[int]string {
	m := make(map[int]string)
	for i := 0; i < 105; i++ {
		m[i] = fmt.Sprint("v", i)
	}
	return m // m is mid-growth here
}
