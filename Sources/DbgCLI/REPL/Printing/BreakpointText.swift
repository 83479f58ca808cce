import DbgFormat
import DbgService

/// Breakpoints as Delve's terminal names and lists them.
struct BreakpointText {
    let theme: Theme
    let paths: PathFormatter

    /// "Breakpoint 1", "Tracepoint 2", "breakpoint mybp".
    static func name(_ bp: API.Breakpoint, capitalized: Bool = true) -> String {
        let thing = !bp.watchExpr.isEmpty ? "watchpoint" : bp.tracepoint ? "tracepoint" : "breakpoint"
        let id = !bp.watchExpr.isEmpty ? bp.watchExpr : bp.name.isEmpty ? String(bp.id) : bp.name
        return (capitalized ? thing.prefix(1).uppercased() + thing.dropFirst() : thing) + " " + id
    }

    /// "0x4a2d32 for main.inspect() ./main.go:175" (several addresses comma-separated).
    func location(_ bp: API.Breakpoint) -> String {
        let addresses = bp.addrs.isEmpty ? [bp.addr] : bp.addrs
        // A watchpoint is at data: its address alone, as Delve shows it.
        if !bp.watchExpr.isEmpty { return addresses.map(VariableFormatter.hex).joined(separator: ",") }
        var out = addresses.map(VariableFormatter.hex).joined(separator: ",") + " for "
        if let function = bp.functionName, !function.isEmpty {
            out += theme.paint(function, .function) + FunctionCallText.emptyArguments(after: function) + " "
        }
        return out + theme.paint("\(paths.display(bp.file)):\(bp.line)", .location)
    }

    /// "Breakpoint 1 set at ...", "... cleared at ...", "... toggled at ...".
    func event(_ bp: API.Breakpoint, _ verb: String) -> String {
        "\(Self.name(bp)) \(verb) at \(location(bp))\n"
    }

    /// One entry of `breakpoints`: the header line, then its attributes, tab-indented.
    func listing(_ bp: API.Breakpoint) -> String {
        var out = Self.name(bp)
        if bp.disabled {
            out += " (disabled)"
        } else if bp.addrs.isEmpty && bp.addr == 0 && !bp.exprString.isEmpty {
            // Not resolved yet (a library not loaded): kept as the user typed it.
            out += " (suspended) at \(bp.exprString)\n"
            return out + Self.attributes(bp).map { $0 + "\n" }.joined()
        } else {
            out += " (enabled)"
        }
        out += " at \(location(bp)) (\(bp.totalHitCount))\n"
        return out + Self.attributes(bp).map { $0 + "\n" }.joined()
    }

    /// Delve's formatBreakpointAttrs, in its order.
    static func attributes(_ bp: API.Breakpoint, prefix: String = "\t", includeTrace: Bool = false) -> [String] {
        var attrs: [String] = []
        if !bp.cond.isEmpty { attrs.append("\(prefix)cond \(bp.cond)") }
        if !bp.hitCond.isEmpty {
            attrs.append("\(prefix)cond \(bp.hitCondPerG ? "-per-g-hitcount" : "-hitcount") \(bp.hitCond)")
        }
        if bp.stacktrace > 0 { attrs.append("\(prefix)stack \(bp.stacktrace)") }
        if bp.goroutine { attrs.append("\(prefix)goroutine") }
        if let load = bp.loadArgs { attrs.append("\(prefix)args" + (load == LoadConfigs.long ? " -v" : "")) }
        if let load = bp.loadLocals { attrs.append("\(prefix)locals" + (load == LoadConfigs.long ? " -v" : "")) }
        for variable in bp.variables ?? [] { attrs.append("\(prefix)print \(variable)") }
        if includeTrace && bp.tracepoint { attrs.append("\(prefix)trace") }
        return attrs
    }
}
