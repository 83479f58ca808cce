// strings: empty, ASCII, unicode, escapes, and strings longer than what a
// debugger loads at once; slicing and indexing in expressions.
//
// session:
//
//	break main.go:37
//	continue
//	locals
//	print empty
//	print greeting
//	print unicode
//	print escapes
//	print long
//	print len(long)
//	print greeting[0]
//	print greeting[0:5]
//	print unicode[1:4]
//	print greeting == "hello, world"
//	print string(raw[:5])
//	print raw
//	print runes
package main

import (
	"runtime"
	"strings"
)

func main() {
	empty := ""
	greeting := "hello, world"
	unicode := "héllo, 世界 👋"
	escapes := "tab\there\nnewline \"quoted\" back\\slash \x00 nul"
	long := strings.Repeat("0123456789", 12)
	raw := []byte("bytes here")
	runes := []rune("añ世")
	runtime.KeepAlive([]interface{}{empty, greeting, unicode, escapes, long, raw, runes})
}
