import DbgFormat
import DbgService

/// What a breakpoint gathered at a hit (its `on ID CMD` commands), as Delve's
/// printBreakpointInfo prints it under the stop's header: the goroutine, the printed
/// expressions, the locals, the arguments when loaded with -v, and the stack.
struct BreakpointInfoText {
    let threadText: ThreadText
    let stackText: StackText

    /// `tracepointOnNewline`: a tracepoint's line needs no blank line after it (Delve puts
    /// one between a tracepoint whose function has results and what it gathered).
    func render(_ info: API.BreakpointInfo?, of breakpoint: API.Breakpoint, tracepointOnNewline: Bool = false) -> String {
        guard let info, !breakpoint.traceReturn else { return "" }
        var out = ""
        var separated = tracepointOnNewline
        func separate() {
            guard breakpoint.tracepoint, !separated else { return }
            separated = true
            out += "\n"
        }
        if let goroutine = info.goroutine {
            separate()
            out += threadText.goroutineLong(goroutine, prefix: "\t")
        }
        for value in info.variables ?? [] {
            separate()
            out += "\t\(value.name): \(VariableFormatter.multiLine(value, indent: "\t"))\n"
        }
        let longLocals = breakpoint.loadLocals == LoadConfigs.long
        for value in info.locals ?? [] {
            separate()
            out += "\t\(value.name): " + (longLocals ? VariableFormatter.multiLine(value, indent: "\t") : VariableFormatter.singleLine(value)) + "\n"
        }
        if breakpoint.loadArgs == LoadConfigs.long {
            for value in info.arguments ?? [] {
                separate()
                out += "\t\(value.name): \(VariableFormatter.multiLine(value, indent: "\t"))\n"
            }
        }
        if let stack = info.stacktrace {
            separate()
            out += stackLines(stack)
        }
        return out
    }

    func stackLines(_ stack: [API.Stackframe]) -> String {
        "\tStack:\n" + stackText.render(stack, indent: "\t\t")
    }

    /// The arguments on the header's line: Delve shows them there when the breakpoint loads
    /// them the short way (results left out).
    static func headerArguments(_ info: API.BreakpointInfo?, of breakpoint: API.Breakpoint) -> String {
        guard breakpoint.loadArgs == LoadConfigs.short, let arguments = info?.arguments else { return "" }
        return arguments.filter { $0.flags & API.Variable.argumentFlag != 0 }.map { VariableFormatter.singleLine($0) }
            .joined(separator: ", ")
    }

    /// Whether the function has results, as Delve's client tells from short-loaded arguments.
    static func hasResults(_ info: API.BreakpointInfo?, of breakpoint: API.Breakpoint) -> Bool {
        guard breakpoint.loadArgs == LoadConfigs.short else { return false }
        return (info?.arguments ?? []).contains { $0.flags & API.Variable.returnArgumentFlag != 0 }
    }
}
