// goroutines — the Go showcase fixture.
//
// Exercises: Go values of every common kind (structs, an embedded struct,
// slices, arrays, a small map and a map with more than 8 entries, strings,
// complex numbers, an interface holding a Rect, an empty interface, an error,
// a closure with captured variables, channels, unsafe.Pointer, a nil
// pointer, an enum-like type with String()), a defer, a recovered panic, and
// goroutines parked in every common way while main sits in inspect:
//
//	worker x3     chan receive (range over jobs)
//	receiver      chan receive on the unbuffered channel
//	selecter      select
//	sleeper       time.Sleep (it is never woken: main returns first)
//	locker        sync.Mutex.Lock (main holds the mutex)
//	waiter        sync.WaitGroup.Wait
//
// Good breakpoints: main.inspect (args o and s at entry), the line marked
// "all locals are set here" in inspect, main.worker, main.safeDiv.
//
// Deterministic output; finishes by itself in well under a second.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// Status is an enum-like type.
type Status int

const (
	Pending Status = iota
	Paid
	Shipped
	Cancelled
)

func (s Status) String() string {
	switch s {
	case Pending:
		return "pending"
	case Paid:
		return "paid"
	case Shipped:
		return "shipped"
	case Cancelled:
		return "cancelled"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

type Line struct {
	SKU   string
	Qty   int
	Price float64
}

type Order struct {
	ID     int
	Client string
	Lines  []Line
	Tags   map[string]int
	Next   *Order
	Status Status
}

// Shape is an interface with two implementations.
type Shape interface {
	Area() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64   { return r.W * r.H }
func (c Circle) Area() float64 { return 3 * c.R * c.R } // pi is 3 here: exact output

// Audit is embedded in Shipment: its fields are promoted.
type Audit struct {
	By  string
	Rev int
}

type Shipment struct {
	Audit
	Order   *Order
	Carrier string
}

// Goroutines park on these while main is in inspect.
var (
	unbuffered = make(chan string) // receiver waits on it
	quit       = make(chan struct{})
	mu         sync.Mutex     // main holds it; locker waits
	gate       sync.WaitGroup // waiter waits on it
)

func worker(id int, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		results <- j * j
	}
}

func receiver(done *sync.WaitGroup, got *string) {
	defer done.Done()
	*got = <-unbuffered
}

func selecter(done *sync.WaitGroup, got *string) {
	defer done.Done()
	never := make(chan int)
	select {
	case <-quit:
		*got = "quit"
	case v := <-never:
		*got = fmt.Sprint(v)
	}
}

func locker(done *sync.WaitGroup, got *string) {
	defer done.Done()
	mu.Lock()
	*got = "locked"
	mu.Unlock()
}

func waiter(done *sync.WaitGroup, got *string) {
	defer done.Done()
	gate.Wait()
	*got = "released"
}

func sleeper() {
	time.Sleep(time.Hour)
}

// safeDiv recovers from the division by zero in a deferred function.
func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func newOrders() *Order {
	second := &Order{
		ID:     2,
		Client: "Globex",
		Lines:  []Line{{SKU: "B-200", Qty: 1, Price: 99.5}},
		Tags:   map[string]int{},
		Status: Pending,
	}
	return &Order{
		ID:     1,
		Client: "ACME Corp",
		Lines: []Line{
			{SKU: "A-100", Qty: 2, Price: 9.75},
			{SKU: "A-101", Qty: 1, Price: 120},
			{SKU: "C-300", Qty: 10, Price: 0.5},
		},
		Tags:   map[string]int{"rush": 1, "gift": 2},
		Next:   second,
		Status: Paid,
	}
}

// inspect: every kind of value is an argument or a local here.
func inspect(o *Order, s Shape) string {
	discount := 0.25
	priced := 0
	lineTotal := func(l Line) float64 { // closure: captures discount and priced
		priced++
		return float64(l.Qty) * l.Price * (1 - discount)
	}
	stock := map[string]int{ // more than 8 entries: more than one bucket
		"A-100": 12, "A-101": 3, "B-200": 0, "C-300": 250,
		"D-400": 7, "E-500": 19, "F-600": 1, "G-700": 42,
		"H-800": 5, "I-900": 8, "J-010": 60, "K-020": 2,
	}
	buffered := make(chan int, 10) // capacity 10, holds 3 values
	buffered <- 10
	buffered <- 20
	buffered <- 30
	unbuf := unbuffered
	sizes := [4]int{1, 2, 4, 8}
	skus := []string{"A-100", "A-101", "C-300"}
	z := complex(1.5, -2)
	z64 := complex64(complex(0.5, 0.25))
	raw := unsafe.Pointer(o)
	var missing *Order
	var anything interface{} = o.Lines[0]
	err := errors.New("out of stock: B-200")
	ship := Shipment{Audit: Audit{By: "alice", Rev: 3}, Order: o, Carrier: "DHL"}
	shapes := []Shape{s, Circle{R: 2}}

	total := 0.0 // all locals are set here: a good line for a breakpoint
	for _, l := range o.Lines {
		total += lineTotal(l)
	}
	area := 0.0
	for _, sh := range shapes {
		area += sh.Area()
	}
	_, _, _, _, _ = unbuf, sizes, z64, raw, anything
	return fmt.Sprintf("order %d (%s, %v) for %s: %d lines, total %.2f, next %d, next.next nil %v\n"+
		"stock %d skus, %d in channel, sizes %v, skus %s, z %v, err %q\n"+
		"shipment by %s rev %d via %s, area %.1f, missing nil %v",
		o.ID, o.Status, o.Tags, o.Client, priced, total, o.Next.ID, o.Next.Next == nil,
		len(stock), len(buffered), sizes, strings.Join(skus, ","), z, err,
		ship.By, ship.Rev, ship.Carrier, area, missing == nil)
}

func main() {
	// A worker pool: three workers do six jobs, then wait for more.
	jobs := make(chan int, 10)
	results := make(chan int, 10)
	var workers sync.WaitGroup
	for id := 1; id <= 3; id++ {
		workers.Add(1)
		go func(id int) {
			defer workers.Done()
			worker(id, jobs, results)
		}(id)
	}
	for j := 1; j <= 6; j++ {
		jobs <- j
	}
	squares := 0
	for j := 1; j <= 6; j++ {
		squares += <-results
	}

	// Park one goroutine in each common way.
	mu.Lock()
	gate.Add(1)
	var parked sync.WaitGroup
	got := make([]string, 4)
	parked.Add(4)
	go receiver(&parked, &got[0])
	go selecter(&parked, &got[1])
	go locker(&parked, &got[2])
	go waiter(&parked, &got[3])
	go sleeper()
	time.Sleep(20 * time.Millisecond) // let them all reach their parking spots

	q, err := safeDiv(10, 0)
	summary := inspect(newOrders(), Rect{W: 3, H: 4})

	// Release everyone.
	unbuffered <- "wake"
	close(quit)
	mu.Unlock()
	gate.Done()
	parked.Wait()
	close(jobs)
	workers.Wait()

	sort.Strings(got)
	fmt.Println(summary)
	fmt.Printf("workers: sum of squares %d\n", squares)
	fmt.Printf("safeDiv: q=%d err=%v\n", q, err)
	fmt.Printf("parked goroutines said: %s\n", strings.Join(got, " "))
	fmt.Printf("a growing map: %d entries\n", len(growing()))
}
