// zoo.swift — the Swift value zoo: one of each kind of value a debugger must print.
//
// Exercises: structs (nested, generic), classes (a subclass seen through its base type,
// an optional reference), enums (no payload, one payload, several payloads, indirect),
// Optional (some and nil, of a value, of a class, doubly optional), tuples (labelled and
// not), Array, ContiguousArray, Dictionary, Set, strings (small, large, not ASCII, with
// escapes), Character, Double/Float/Bool/Int8/UInt64, existentials (`any Shape`, `Any`,
// a class-bound one), an actor's state, weak and unowned references, a generic class, an
// unsafe pointer, a closure, a Substring, ranges.
//
// Good breakpoint: the line marked "look here" in `look(at:)`: every value is a local there.
// At that line the program prints each local as Swift's own reflection (Mirror) sees it,
// written as dbg writes it: the tests compare dbg's `print NAME` with these lines
// ("NAME = TEXT"). Exits 0.

protocol Shape {
    func area() -> Double
}

protocol Named: AnyObject {
    var name: String { get }
}

struct Point: Equatable {
    var x: Int
    var y: Int
}

struct Circle: Shape {
    var center: Point
    var radius: Double
    func area() -> Double { 3.0 * radius * radius }
}

/// Bigger than an existential's three inline words: boxed on the heap inside `any Shape`.
struct Polygon: Shape {
    var corners: [Point]
    var label: String
    var closed: Bool
    var weight: Double
    func area() -> Double { Double(corners.count) }
}

class Animal: Named {
    let name: String
    var legs: Int
    init(name: String, legs: Int) {
        self.name = name
        self.legs = legs
    }
}

final class Dog: Animal {
    var tricks: [String]
    var best: Dog?
    init(name: String, tricks: [String]) {
        self.tricks = tricks
        super.init(name: name, legs: 4)
    }
}

enum Direction {
    case north, east, south, west
}

enum Parcel {
    case letter
    case small(grams: Int)
    case crate(label: String, grams: Int, fragile: Bool)
}

indirect enum Expr {
    case number(Int)
    case sum(Expr, Expr)
}

actor Counter {
    var hits = 3
    let label = "visits"
}

/// Holds its pet weakly and its keeper unowned.
final class Kennel {
    weak var pet: Dog?
    unowned let keeper: Dog
    init(pet: Dog, keeper: Dog) {
        self.pet = pet
        self.keeper = keeper
    }
}

final class Crate<Item> {
    var item: Item
    init(_ item: Item) { self.item = item }
}

struct Depot<Item> {
    var city: String
    var items: [Item]
}

struct Everything {
    var small = "tiny"
    var large = "a string too long to fit in sixteen bytes"
    var accents = "héllo, wörld"
    var escapes = "tab\tquote\"slash\\"
    var letter: Character = "é"
    var pi = 3.25
    var third: Float = 0.5
    var yes = true
    var byte: Int8 = -7
    var big: UInt64 = 18_000_000_000_000_000_000
}

/// The program's own view of a value (Mirror), written as dbg writes Swift values.
func show(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
        guard let some = mirror.children.first else { return "nil" }
        return "Optional(" + show(some.value) + ")"
    case .struct:
        return "\(String(reflecting: mirror.subjectType))(\(fields(mirror)))"
    case .class:
        var chain: [Mirror] = [mirror]
        while let parent = chain.last?.superclassMirror { chain.append(parent) }
        let all = chain.reversed().map { fields($0) }.filter { !$0.isEmpty }.joined(separator: ", ")
        return "\(String(reflecting: mirror.subjectType))(\(all))"
    case .enum:
        let name = String(reflecting: mirror.subjectType)
        guard let payload = mirror.children.first, let label = payload.label else { return "\(name).\(value)" }
        let inner = Mirror(reflecting: payload.value)
        if inner.displayStyle == .tuple { return "\(name).\(label)(\(fields(inner)))" }
        return "\(name).\(label)(\(show(payload.value)))"
    case .tuple:
        return "(\(fields(mirror)))"
    case .collection:
        return "[" + mirror.children.map { show($0.value) }.joined(separator: ", ") + "]"
    case .set:
        return "Set([" + mirror.children.map { show($0.value) }.joined(separator: ", ") + "])"
    case .dictionary:
        if mirror.children.isEmpty { return "[:]" }
        return "[" + mirror.children.map { entry in
            let pair = Array(Mirror(reflecting: entry.value).children)
            return show(pair[0].value) + ": " + show(pair[1].value)
        }.joined(separator: ", ") + "]"
    default:
        if let text = value as? String { return String(reflecting: text) }
        if let text = value as? Substring { return String(reflecting: String(text)) }
        if let character = value as? Character { return String(reflecting: String(character)) }
        return String(describing: value)
    }
}

/// `label: value` for each child; tuple elements without a label (`.0`) have none. Storage
/// the compiler adds (an actor's `$defaultActor`) is no property of the program's: left out.
func fields(_ mirror: Mirror) -> String {
    mirror.children.filter { !($0.label ?? "").hasPrefix("$") }.map { child in
        let label = child.label.flatMap { $0.hasPrefix(".") ? nil : $0 }
        return (label.map { $0 + ": " } ?? "") + show(child.value)
    }.joined(separator: ", ")
}

func look(at everything: Everything) -> Int {
    let origin = Point(x: 3, y: -4)
    let rex = Dog(name: "Rex", tricks: ["sit", "roll"])
    rex.best = Dog(name: "Fido", tricks: [])
    let pet: Animal = rex
    let stray: Animal? = nil
    let heading = Direction.south
    let parcels: [Parcel] = [.letter, .small(grams: 250), .crate(label: "books", grams: 12_000, fragile: false)]
    let sum = Expr.sum(.number(2), .number(40))
    let nickname: String? = "rexy"
    let missing: String? = nil
    let maybeCount: Int? = 42
    let nothing: Int? = nil
    let twice: Int?? = .some(nil)
    let pair = (7, "seven")
    let named = (lat: 59.91, lon: 10.75)
    let scores = [7, 3, 9, 1]
    let empty: [String] = []
    let contiguous: ContiguousArray<Double> = [1.5, 2.5]
    let byCity = ["Oslo": 3]
    let tags: Set<String> = ["only"]
    let noEntries: [String: Int] = [:]
    let depot = Depot(city: "Bergen", items: [origin])
    let shape: any Shape = Circle(center: origin, radius: 2)
    let bigShape: any Shape = Polygon(corners: [origin, origin], label: "triangle-ish", closed: true, weight: 0.5)
    let anything: Any = 99
    let owner: any Named = rex
    let values = Everything()
    let counter = Counter()
    let kennel = Kennel(pet: rex, keeper: rex)
    let crate = Crate(["a", "b"])
    let slot = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    slot.pointee = 7
    let double: (Int) -> Int = { $0 * 2 }
    let word = "hello world".dropFirst(6)
    let span = 1..<5
    let through = 2...4
    let locals: [(String, Any)] = [
        ("everything", everything), ("origin", origin), ("pet", pet), ("stray", stray as Any),
        ("heading", heading), ("parcels", parcels), ("sum", sum), ("nickname", nickname as Any),
        ("missing", missing as Any), ("maybeCount", maybeCount as Any), ("nothing", nothing as Any),
        ("twice", twice as Any), ("pair", pair), ("named", named), ("scores", scores), ("empty", empty),
        ("contiguous", contiguous), ("byCity", byCity), ("tags", tags), ("noEntries", noEntries),
        ("depot", depot), ("shape", shape), ("bigShape", bigShape), ("anything", anything), ("owner", owner),
        ("values", values), ("counter", counter), ("kennel", kennel), ("crate", crate), ("slot", slot),
        ("double", double), ("word", word), ("span", span), ("through", through),
    ]
    for (name, value) in locals { print("\(name) = \(show(value))") }   // look here
    return scores.count + byCity.count + (shape.area() > 0 ? 1 : 0) + (bigShape.area() > 0 ? 1 : 0)
        + (owner.name.isEmpty ? 0 : 1) + pair.0 + Int(named.lat) + slot.pointee + crate.item.count
        + (kennel.pet == nil ? 0 : 1) + double(word.count) + span.count + through.count
}

print("total = \(look(at: Everything()))")
