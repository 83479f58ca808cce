// floats: float32 and float64 values, exact and inexact, the special
// values, and arithmetic in expressions.
//
// session:
//
//	break main.go:37
//	continue
//	locals
//	print third
//	print f32
//	print big
//	print tiny
//	print inf
//	print nan
//	print negZero
//	print third * 3
//	print f32 + 1
//	print float32(third)
//	print int(big)
//	print half < third
package main

import (
	"math"
	"runtime"
)

func main() {
	third := 1.0 / 3
	var f32 float32 = 0.1
	half := 0.5
	big := 6.02214076e23
	tiny := 5e-324
	inf := math.Inf(1)
	nan := math.NaN()
	negZero := math.Copysign(0, -1)
	runtime.KeepAlive([]float64{third, float64(f32), half, big, tiny, inf, nan, negZero})
}
