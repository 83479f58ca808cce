// Input for the gofmt session (gofmt.session): a small Go file written
// badly on purpose, for `gofmt -s` to lay out and simplify.
package shapes
import ("strings"
  "fmt")
type Point struct{X,Y int}
var corners=[]Point{Point{0,0},Point{3,0},  Point{3,4}}
var names = map[string]Point{"origin":Point{0,0}}
func Perimeter(ps []Point)int{
total:=0
for i:=range ps{ j:=(i+1)%len(ps)
total+=abs(ps[j].X-ps[i].X)+abs(ps[j].Y-ps[i].Y)}
return total}
func abs(n int)int{if n<0{return -n};return n}
func Describe(p Point) string { return strings.ToUpper(fmt.Sprint(p.X, ",", p.Y)) }
