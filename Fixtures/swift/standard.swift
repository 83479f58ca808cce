// standard.swift — standard library values that a debugger shows as they describe
// themselves, not as their stored properties.
//
// Exercises: an `any Error` (a boxed existential), an `AnyObject?`, an AnyHashable, an
// ArraySlice, a StaticString, a Unicode.Scalar, an ObjectIdentifier, a Duration, a Result.
// Good breakpoint: the line marked "look here" in `look()`: every value is a local there.
//
// Prints how many values, then each as Swift's `String(reflecting:)` writes it, one per line
// as `name: text`; exits 0.

enum Failure: Error {
    case disk(code: Int)
    case network
}

final class Ticket {
    let number = 12
}

func look() {
    let failure: any Error = Failure.disk(code: 7)
    let classFailure: any Error = CancellationLike()
    let nothing: AnyObject? = nil
    let something: AnyObject? = Ticket()
    let key = AnyHashable("key")
    let middle = [10, 20, 30, 40][1...2]
    let banner: StaticString = "static text"
    let letter: Unicode.Scalar = "Z"
    let identity = ObjectIdentifier(Ticket.self)
    let timeout = Duration.milliseconds(1500)
    let outcome: Result<Int, Failure> = .failure(.network)
    let values: [(String, Any)] = [
        ("failure", failure), ("classFailure", classFailure), ("nothing", nothing as Any), ("something", something as Any),
        ("key", key), ("middle", middle), ("banner", banner), ("letter", letter), ("identity", identity),
        ("timeout", timeout), ("outcome", outcome),
    ]
    print("\(values.count) values")  // look here
    for (name, value) in values {
        print("\(name): \(String(reflecting: value))")
    }
}

/// An error that is a class instance: its box holds a reference to it.
final class CancellationLike: Error {
    let reason = "stopped"
}

look()
