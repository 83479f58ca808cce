import DbgFormat
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
        let extraNewline = offsets || stack.contains {
            !($0.arguments ?? []).isEmpty || !($0.locals ?? []).isEmpty || !($0.defers ?? []).isEmpty
        }
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
            for (index, call) in (frame.defers ?? []).enumerated() {
                out += deferredCall(call, number: index + 1, continuation: continuation)
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

    /// One deferred call under its frame, as Delve's `stack -defer` prints it:
    ///
    ///         defer 1: 0x000000000049cbe0 in main.note
    ///                  at ./main.go:20
    ///                  deferred by main.transfer at ./main.go:32
    private func deferredCall(_ call: API.Defer, number: Int, continuation: String) -> String {
        let header = "\(continuation)    defer \(number): "
        guard call.unreadable.isEmpty else { return "\(header)(unreadable defer: \(call.unreadable))\n" }
        let indent = String(repeating: " ", count: header.count)
        let address = String(call.deferredLoc.pc, radix: 16)
        let deferred = call.deferredLoc, statement = call.deferLoc
        return header + "0x" + String(repeating: "0", count: max(0, 16 - address.count)) + address
            + " in " + theme.paint(deferred.function?.name ?? "", .function) + "\n"
            + "\(indent)at \(theme.paint("\(paths.display(deferred.file)):\(deferred.line)", .location))\n"
            + "\(indent)deferred by \(statement.function?.name ?? "") at "
            + theme.paint("\(paths.display(statement.file)):\(statement.line)", .location) + "\n"
    }

    /// Go's %+#x: "+0x10", "-0x8".
    private func signedHex(_ value: Int64) -> String {
        (value < 0 ? "-" : "+") + "0x" + String(value.magnitude, radix: 16)
    }

    private func digits(_ n: Int) -> Int {
        n <= 0 ? 1 : String(n).count
    }
}
