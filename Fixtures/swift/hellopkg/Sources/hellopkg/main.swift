// hellopkg — the package fixture for `dbg debug`: main calls greet(_:).
// Good breakpoints: greet(_:), main.swift:10 (the call).

func greet(_ name: String) -> Int {
    let message = "Hello, \(name)!"
    print(message)
    return message.count
}

let count = greet("package")
print("\(count) characters")
