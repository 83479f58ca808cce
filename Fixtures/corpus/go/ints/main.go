// ints: integers of every size, signed and unsigned, at their limits, and
// arithmetic on them in expressions.
//
// session:
//
//	break main.go:41
//	continue
//	locals
//	print i8
//	print u8
//	print i16 + 1
//	print u64
//	print i64 / 3
//	print -i32
//	print b
//	print r
//	print ptr
//	print u16 % 7
//	print i8 == -128
//	print int16(u8)
//	whatis r
//	whatis b
package main

import "runtime"

func main() {
	var i8 int8 = -128
	var i16 int16 = 32767
	var i32 int32 = -2147483648
	var i64 int64 = 9223372036854775807
	var u8 uint8 = 255
	var u16 uint16 = 65535
	var u32 uint32 = 4294967295
	var u64 uint64 = 18446744073709551615
	var n int = -42
	var u uint = 42
	var ptr uintptr = 0x1000
	var b byte = 'A'
	var r rune = '世'
	runtime.KeepAlive([]interface{}{i8, i16, i32, i64, u8, u16, u32, u64, n, u, ptr, b, r})
}
