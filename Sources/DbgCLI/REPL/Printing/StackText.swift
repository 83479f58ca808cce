import DbgService

/// Stack traces as Delve prints them:
///
///     0  0x00000000004a2d32 in main.inspect
///        at ./main.go:175
struct StackText {
    let theme: Theme
    let paths: PathFormatter

    func render(_ stack: [API.Stackframe], indent: String = "", offsets: Bool = false) -> String {
        guard !stack.isEmpty else { return "" }
        let extraNewline = offsets || stack.contains { !($0.arguments ?? []).isEmpty || !($0.locals ?? []).isEmpty }
        let width = digits(stack.count - 1)
        let continuation = indent + String(repeating: " ", count: width + 2 + indent.count)
        var out = ""
        for (index, frame) in stack.enumerated() {
            if !frame.err.isEmpty {
                out += "\(continuation)error: \(frame.err)\n"
                continue
            }
            let number = String(index)
            let address = String(frame.location.pc, radix: 16)
            let function = frame.location.function?.name ?? "???"
            out += indent + String(repeating: " ", count: width - number.count) + number
            out += "  0x" + String(repeating: "0", count: max(0, 16 - address.count)) + address
            out += " in " + theme.paint(function, .function) + "\n"
            out += "\(continuation)at \(theme.paint("\(paths.display(frame.location.file)):\(frame.location.line)", .location))\n"
            if offsets {
                out += "\(continuation)frame: \(signedHex(frame.frameOffset)) frame pointer \(signedHex(frame.framePointerOffset))\n"
            }
            for variable in (frame.arguments ?? []) + (frame.locals ?? []) {
                out += "\(continuation)    \(variable.name) = \(VariableFormatter.singleLine(variable))\n"
            }
            if extraNewline { out += "\n" }
        }
        if let last = stack.last, !last.bottom {
            out += "\(indent)(truncated)\n"
        }
        return out
    }

    /// Go's %+#x: "+0x10", "-0x8".
    private func signedHex(_ value: Int64) -> String {
        (value < 0 ? "-" : "+") + "0x" + String(value.magnitude, radix: 16)
    }

    private func digits(_ n: Int) -> Int {
        n <= 0 ? 1 : String(n).count
    }
}
