import DbgFormat
import DbgService

/// Where the program stopped, as Delve's printcontext prints it:
///
///     > main.inspect() ./main.go:175 (hits goroutine(1):1 total:1) (PC: 0x4a2d32)
///
/// A thread that is not in a green thread (a C or Swift program: goroutine 0) gets
/// Delve's other form, `(hits total:1)`, which Delve prints when it has no per-goroutine
/// count.
struct StopText {
    let theme: Theme
    let paths: PathFormatter

    static let optimizedWarning = "Warning: debugging optimized function"

    /// The lines before the source listing. `listing` is nil when the position has no
    /// source (then the text already says so).
    func context(_ state: API.DebuggerState) -> (text: String, position: (file: String, line: Int)?) {
        var out = ""
        for thread in state.threads where thread.id != state.currentThread?.id && thread.breakpoint != nil {
            out += threadContext(thread)
        }
        guard let current = state.currentThread else {
            return (out + "No current thread available\n", nil)
        }
        var thread = current
        if let goroutine = state.selectedGoroutine {
            guard let running = state.threads.first(where: { $0.id == goroutine.threadID }) ?? (current.id == goroutine.threadID ? current : nil) else {
                // A parked goroutine: no thread, its saved location.
                out += locationLine(goroutine.currentLoc)
                return (out, goroutine.currentLoc.file.isEmpty ? nil : (goroutine.currentLoc.file, goroutine.currentLoc.line))
            }
            thread = running
        }
        if thread.file.isEmpty {
            // Delve's line, with the function when one is known without source (libc without
            // its debug file, the signal trampoline), as gdb names it.
            let function = thread.function.map { " in " + theme.paint($0.name, .function) } ?? ""
            out += "Stopped at: \(VariableFormatter.hex(current.pc))\(function)\n"
            out += theme.paint("=>", .arrow) + theme.paint("   1:", .lineNumber) + "\tno source available\n"
            return (out, nil)
        }
        out += threadContext(thread)
        if let reason = state.reason?.text, !reason.isEmpty {
            out += theme.paint(reason, .warning) + "\n"
        }
        for watchpoint in state.watchOutOfScope ?? [] {
            out += "\(BreakpointText.name(watchpoint)) went out of scope and was cleared\n"
        }
        return (out, (thread.file, thread.line))
    }

    /// "> main.main() ./main.go:254 (PC: 0x4a488a)" — a stop that is not a breakpoint.
    func locationLine(_ location: API.Location) -> String {
        let function = location.function?.name ?? "???"
        var out = "> " + theme.paint(function, .function) + FunctionCallText.emptyArguments(after: function) + " "
            + theme.paint("\(paths.display(location.file)):\(location.line)", .location)
            + " (PC: \(VariableFormatter.hex(location.pc)))\n"
        if location.function?.optimized == true { out += theme.paint(Self.optimizedWarning, .warning) + "\n" }
        return out
    }

    func threadContext(_ thread: API.Thread) -> String {
        guard let bp = thread.breakpoint else {
            return locationLine(API.Location(pc: thread.pc, file: thread.file, line: thread.line, function: thread.function))
                + returnValues(thread)
        }
        let function = thread.function?.name ?? "???"
        if bp.tracepoint || bp.traceReturn {
            return tracepoint(thread, bp, function: function)
        }
        let name = !bp.watchExpr.isEmpty ? "watchpoint on [\(bp.watchExpr)] " : bp.name.isEmpty ? "" : "[\(bp.name)] "
        let arguments = BreakpointInfoText.headerArguments(thread.breakpointInfo, of: bp)
        let call = arguments.isEmpty ? FunctionCallText.emptyArguments(after: function) : "(\(arguments))"
        var out = "> \(name)" + theme.paint(function, .function) + call + " "
            + theme.paint("\(paths.display(thread.file)):\(thread.line)", .location)
        if thread.goroutineID != 0, let hits = bp.hitCount[String(thread.goroutineID)] {
            out += " (hits \(thread.goroutineNoun ?? "goroutine")(\(thread.goroutineID)):\(hits) total:\(bp.totalHitCount))"
        } else {
            out += " (hits total:\(bp.totalHitCount))"
        }
        out += " (PC: \(VariableFormatter.hex(thread.pc)))\n"
        if thread.function?.optimized == true { out += theme.paint(Self.optimizedWarning, .warning) + "\n" }
        return out + watchedValues(thread.breakpointInfo) + returnValues(thread) + infoText.render(thread.breakpointInfo, of: bp)
    }

    /// At a watchpoint's hit, the value as gdb shows it: "Old value = 0" and "New value = 1",
    /// or "Value = 1" when an access left it as it was.
    private func watchedValues(_ info: API.BreakpointInfo?) -> String {
        guard let old = info?.watchOldValue, let new = info?.watchNewValue else { return "" }
        let (before, after) = (VariableFormatter.singleLine(old), VariableFormatter.singleLine(new))
        if before == after { return "Value = " + theme.paint(after, .value) + "\n" }
        return "Old value = " + theme.paint(before, .value) + "\nNew value = " + theme.paint(after, .value) + "\n"
    }

    private var infoText: BreakpointInfoText {
        BreakpointInfoText(threadText: ThreadText(theme: theme, paths: paths), stackText: StackText(theme: theme, paths: paths))
    }

    /// "> goroutine(4): main.worker(1, ...)" and, on return, ">> goroutine(4): main.worker => (16)".
    /// Without green threads: "> thread(1234): ...".
    private func tracepoint(_ thread: API.Thread, _ bp: API.Breakpoint, function: String) -> String {
        let who = thread.goroutineID != 0 ? "goroutine(\(thread.goroutineID))" : "thread(\(thread.id))"
        let name = bp.name.isEmpty ? "" : "[\(bp.name)] "
        var out = ""
        if bp.tracepoint {
            out += "> \(who): \(name)\(function)()\n"
        }
        if bp.traceReturn {
            let values = (thread.returnValues ?? []).map { VariableFormatter.singleLine($0) }
            out += ">> \(who): \(function) => (\(values.joined(separator: ",")))\n"
        }
        return out
    }

    /// A tracepoint passed during a continue, as Delve's trace prints it:
    /// `> thread(4242): checksum(i=0, seed=0)` (C), `> goroutine(25): main.hot(0, 7)` (Go),
    /// then what its `on ID CMD` commands gathered. Delve's client prints a tracepoint's stack
    /// a second time when the function has no results (kept, so that the output is Delve's).
    func tracepointHit(_ hit: API.TracepointHit) -> String {
        let who = hit.goroutineID != 0 ? "goroutine(\(hit.goroutineID))" : "thread(\(hit.threadID))"
        let breakpoint = hit.breakpoint ?? API.Breakpoint(id: hit.breakpointID, tracepoint: hit.isReturn != true)
        let stack = hit.info?.stacktrace.map(infoText.stackLines) ?? ""
        if hit.isReturn == true {
            // `>> goroutine(1): => (4)`, as Delve's trace prints a return.
            let values = (hit.returnValues ?? []).map { VariableFormatter.singleLine($0) }.joined(separator: ",")
            return ">> \(who): => (" + theme.paint(values, .value) + ")\n" + stack
        }
        let name = breakpoint.name.isEmpty ? "" : "[\(breakpoint.name)] "
        // The arguments the `on` commands loaded when they were loaded the short way; else
        // those the pass carries.
        let loaded = breakpoint.loadArgs == LoadConfigs.short ? hit.info?.arguments : nil
        let values = loaded?.filter { $0.flags & API.Variable.argumentFlag != 0 } ?? hit.arguments
        let arguments = values.map { value in
            let text = VariableFormatter.singleLine(value)
            return hit.goroutineID != 0 ? text : "\(value.name)=\(text)"
        }
        var out = "> \(who): \(name)" + theme.paint(hit.functionName, .function) + "(\(arguments.joined(separator: ", ")))\n"
        let hasResults = BreakpointInfoText.hasResults(hit.info, of: breakpoint)
        out += infoText.render(hit.info, of: breakpoint, tracepointOnNewline: !hasResults)
        if !hasResults { out += stack }
        return out
    }

    /// After `stepout`: "Values returned:" and one tab-indented line per value.
    func returnValues(_ thread: API.Thread) -> String {
        guard let values = thread.returnValues else { return "" }
        var out = "Values returned:\n"
        for value in values {
            out += "\t\(value.name): " + theme.paint(VariableFormatter.multiLine(value, indent: "\t"), .value) + "\n"
        }
        return out + "\n"
    }
}
