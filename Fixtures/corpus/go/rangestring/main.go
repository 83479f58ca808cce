// rangestring: for-range over a string yields byte offsets and runes; a
// rune of several bytes moves the offset by more than one.
//
// session:
//
//	break main.go:26
//	condition 1 i == 3
//	continue
//	print i
//	print r
//	print word
//	print word[3]
//	print len(word)
//	next
//	next
//	print i
//	print r
package main

import "fmt"

func main() {
	word := "añb世c"
	count := 0
	for i, r := range word {
		count += i + int(r)
	}
	fmt.Println(count)
}
