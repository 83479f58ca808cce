// complexnums: complex64 and complex128 values, and the complex builtins
// and arithmetic in expressions.
//
// session:
//
//	break main.go:24
//	continue
//	locals
//	print c64
//	print c128
//	print real(c128)
//	print imag(c128)
//	print c128 * 2
//	print c128 + c128
//	print complex(1, 2)
package main

import "runtime"

func main() {
	var c64 complex64 = complex(1.5, -2)
	c128 := complex(3.25, 4.0)
	zero := complex128(0)
	runtime.KeepAlive([]complex128{complex128(c64), c128, zero})
}
