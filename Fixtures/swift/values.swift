// values.swift — the Swift type zoo.
//
// Exercises: a struct, a class hierarchy (Animal <- Dog), an enum with
// associated values, a generic function and a generic struct, optionals
// (some and none), arrays, a dictionary, strings (ASCII and not), a
// protocol with two conforming types, and an existential of that protocol.
// Good breakpoints: inspect (every value is an argument or a local there),
// Stack.push, describe(_:).
//
// Prints a few lines; exits 0.

protocol Describable {
    func describe() -> String
}

struct Point: Describable {
    var x: Int
    var y: Int
    func describe() -> String { "(\(x), \(y))" }
}

class Animal: Describable {
    let name: String
    var legs: Int
    init(name: String, legs: Int) {
        self.name = name
        self.legs = legs
    }
    func describe() -> String { "\(name) with \(legs) legs" }
}

final class Dog: Animal {
    var tricks: [String]
    init(name: String, tricks: [String]) {
        self.tricks = tricks
        super.init(name: name, legs: 4)
    }
    override func describe() -> String { "dog " + super.describe() + ", \(tricks.count) tricks" }
}

enum Payment {
    case cash
    case card(number: String, expiry: Int)
    case voucher(code: String, value: Double)
}

struct Stack<Element> {
    private(set) var items: [Element] = []
    mutating func push(_ item: Element) {
        items.append(item)
    }
    mutating func pop() -> Element? {
        items.popLast()
    }
}

func largest<T: Comparable>(_ values: [T]) -> T? {
    var best: T? = nil
    for v in values where best == nil || v > best! {
        best = v
    }
    return best
}

func describe(_ payment: Payment) -> String {
    switch payment {
    case .cash:
        return "cash"
    case let .card(number, expiry):
        return "card \(number) exp \(expiry)"
    case let .voucher(code, value):
        return "voucher \(code) worth \(value)"
    }
}

func inspect(point: Point, pet: Animal, payment: Payment, nickname: String?,
             scores: [Int], ages: [String: Int]) -> Int {
    let missing: String? = nil
    let things: [Describable] = [point, pet]
    var stack = Stack<String>()
    stack.push("alpha")
    stack.push("beta")
    let top = stack.pop()
    let best = largest(scores)
    let greeting = "héllo, wörld"
    let total = scores.reduce(0, +) + (ages["bob"] ?? 0)   // a good line for a breakpoint
    print("inspect: \(point.describe()) | \(pet.describe()) | \(describe(payment))")
    print("nickname=\(nickname ?? "none") missing=\(missing ?? "none") top=\(top ?? "none") best=\(best ?? -1)")
    print("\(greeting) things=\(things.count) stack=\(stack.items) total=\(total)")
    return total
}

let dog = Dog(name: "Rex", tricks: ["sit", "roll"])
let ages = ["alice": 31, "bob": 42, "carol": 27]
let result = inspect(point: Point(x: 3, y: -4), pet: dog,
                     payment: .card(number: "4111-1111", expiry: 2029),
                     nickname: "rexy", scores: [7, 3, 9, 1], ages: ages)
print("payments: \(describe(.cash)), \(describe(.voucher(code: "GIFT", value: 12.5)))")
print("largest word: \(largest(["pear", "apple", "quince"]) ?? "")")
print("result=\(result)")
