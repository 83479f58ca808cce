// times: time.Time values, which Delve heads with the time they stand for
// (RFC 3339 to the second, in the time's location): UTC, zones read from the
// system's zoneinfo in summer and in winter, the zero time, a year before the
// common era, the local zone, a time in a struct and deeper than the load
// limit (no heading there), and a time with a monotonic clock reading (wall
// and ext set by hand: a real one differs from run to run). Durations are
// named by an equal constant of their type, whatever its package: this
// one's (main.timeout), time's own (Hour), none.
//
// session:
//
//	break main.go:58
//	continue
//	print utc
//	print summer
//	print winter
//	print zero
//	print ancient
//	print local
//	print event
//	print events
//	locals
//	set mono.wall = 13947836062454775813
//	set mono.ext = 123456789
//	print mono
//	set mono.ext = -5
//	print mono
//	print wait
//	print hour
//	print pause
package main

import (
	"fmt"
	"time"
)

const timeout = 90 * time.Second

type Event struct {
	Name string
	At   time.Time
}

func main() {
	paris, _ := time.LoadLocation("Europe/Paris")
	newYork, _ := time.LoadLocation("America/New_York")
	utc := time.Date(2024, time.March, 10, 12, 30, 45, 123456789, time.UTC)
	summer := time.Date(2023, time.July, 14, 22, 0, 0, 0, paris)
	winter := time.Date(1999, time.December, 31, 23, 59, 59, 0, newYork)
	var zero time.Time
	ancient := time.Date(-44, time.March, 15, 0, 0, 0, 0, time.UTC)
	local := time.Date(2020, time.February, 29, 6, 7, 8, 0, time.Local)
	mono := utc
	event := Event{Name: "launch", At: summer}
	events := []Event{event, {Name: "y2k", At: winter}}
	wait, hour, pause := timeout, time.Hour, 2*time.Second
	fmt.Println(utc, summer, winter, zero, ancient, local, mono, event, events, wait, hour, pause)
}
