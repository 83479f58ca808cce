// labels — goroutines with pprof labels.
//
// Exercises: reading a goroutine's labels (runtime.g.labels, set by pprof.Do) for
// `goroutines -l`, `goroutines -with label job=nightly` and `-group label job`. Two
// labelled goroutines and one without labels wait on a channel while main sits in ready().
// Good breakpoint: main.ready.
//
// Prints "done" and exits 0.
package main

import (
	"context"
	"fmt"
	"runtime/pprof"
	"sync"
	"time"
)

var release = make(chan struct{})

func wait(started *sync.WaitGroup) {
	started.Done()
	<-release
}

//go:noinline
func ready() {}

func main() {
	var started, finished sync.WaitGroup
	labelled := []pprof.LabelSet{
		pprof.Labels("job", "nightly", "shard", "7"),
		pprof.Labels("job", "hourly"),
	}
	for _, set := range labelled {
		started.Add(1)
		finished.Add(1)
		go pprof.Do(context.Background(), set, func(context.Context) {
			defer finished.Done()
			wait(&started)
		})
	}
	started.Add(1)
	finished.Add(1)
	go func() {
		defer finished.Done()
		wait(&started)
	}()
	started.Wait()
	// Done comes just before the receive: give the goroutines time to park in it, so
	// that every debugger sees them waiting, however loaded the machine is.
	time.Sleep(100 * time.Millisecond)
	ready()
	close(release)
	finished.Wait()
	fmt.Println("done")
}
