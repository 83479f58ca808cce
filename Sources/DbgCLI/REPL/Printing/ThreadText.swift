import DbgFormat
import DbgService

/// Threads and goroutines as Delve's `threads`, `goroutine` and `goroutines` print them.
struct ThreadText {
    let theme: Theme
    let paths: PathFormatter

    /// "* Thread 21980 at 0x4a34da ./main.go:199 main.inspect (goroutine 1)": Delve's line,
    /// and the goroutine the thread runs, if any.
    func threadLine(_ thread: API.Thread, current: Bool) -> String {
        let prefix = current ? "* " : "  "
        let goroutine = thread.goroutineID > 0 ? " (\(thread.goroutineNoun ?? "goroutine") \(thread.goroutineID))" : ""
        if let function = thread.function {
            return "\(prefix)Thread \(thread.id) at \(VariableFormatter.hex(thread.pc)) "
                + theme.paint("\(paths.display(thread.file)):\(thread.line)", .location) + " "
                + theme.paint(function.name, .function) + goroutine + "\n"
        }
        return "\(prefix)Thread \(short(thread))\(goroutine)\n"
    }

    /// "21980 at ./main.go:199".
    func short(_ thread: API.Thread?) -> String {
        guard let thread else { return "<nil>" }
        return "\(thread.id) at \(paths.display(thread.file)):\(thread.line)"
    }

    /// "./main.go:199 main.inspect (0x4a34da)".
    func location(_ location: API.Location) -> String {
        theme.paint("\(paths.display(location.file)):\(location.line)", .location) + " "
            + theme.paint(location.function?.name ?? "???", .function) + " (\(VariableFormatter.hex(location.pc)))"
    }

    enum GoroutineLocation: Sendable {
        case user, runtime, goStatement, start

        var label: String {
            switch self {
            case .user: "User"
            case .runtime: "Runtime"
            case .goStatement: "Go"
            case .start: "Start"
            }
        }
    }

    /// "1 - User: ./main.go:203 main.inspect (0x4a3662) (thread 22311) [chan receive]".
    func goroutine(_ g: API.Goroutine, _ which: GoroutineLocation) -> String {
        if !g.unreadable.isEmpty { return "(unreadable \(g.unreadable))" }
        let loc: API.Location
        switch which {
        case .user: loc = g.userCurrentLoc
        case .runtime: loc = g.currentLoc
        case .goStatement: loc = g.goStatementLoc
        case .start: loc = g.startLoc
        }
        var out = "\(g.id) - \(which.label): \(location(loc))"
        if g.threadID != 0 { out += " (thread \(g.threadID))" }
        // Waiting, and why; or a state the runtime names (a task not started yet).
        if (g.status == Self.goroutineWaiting || g.status == Self.goroutineSyscall) && g.waitReason != 0 || g.waitReasonText != nil {
            out += " [" + (g.waitReasonText ?? Self.waitReason(g.waitReason))
            if g.waitSince > 0 { out += " \(g.waitSince)" }
            out += "]"
        }
        return out
    }

    /// `goroutine` without arguments: the four locations of one goroutine, and its labels.
    func goroutineLong(_ g: API.Goroutine, prefix: String = "") -> String {
        var text = "\(prefix)\(Self.noun(g)) \(g.id):\n"
            + "\(prefix)\tRuntime: \(location(g.currentLoc))\n"
            + "\(prefix)\tUser: \(location(g.userCurrentLoc))\n"
        // A task has no go statement nor start function of its own to show; a child its parent.
        guard g.noun == nil else {
            if let parent = g.parentID { text += "\(prefix)\tParent: \(g.noun ?? "goroutine") \(parent)\n" }
            return text
        }
        text += "\(prefix)\tGo: \(location(g.goStatementLoc))\n"
            + "\(prefix)\tStart: \(location(g.startLoc))\n"
            + labels(g, prefix: prefix + "\t")
        return text
    }

    /// "Goroutine", "Task": the green thread's kind as a line starts with it.
    static func noun(_ g: API.Goroutine) -> String {
        guard let noun = g.noun, let first = noun.first else { return "Goroutine" }
        return first.uppercased() + noun.dropFirst()
    }

    /// `\tLabels: "job":"nightly", "shard":"7"`: the first five by key, as Delve shows them.
    func labels(_ g: API.Goroutine, prefix: String) -> String {
        guard let labels = g.labels, !labels.isEmpty else { return "" }
        let keys = labels.keys.sorted()
        var shown = keys.prefix(Self.labelsShown).map { GoFormat.quote($0) + ":" + GoFormat.quote(labels[$0] ?? "") }
        if keys.count > Self.labelsShown { shown.append("...") }
        return "\(prefix)Labels: " + shown.joined(separator: ", ") + "\n"
    }

    static let labelsShown = 5

    /// Go's runtime.g status values Delve reports.
    static let goroutineSyscall: UInt64 = 3
    static let goroutineWaiting: UInt64 = 4

    /// Go's waitReason strings (runtime/runtime2.go), indexed by the number the runtime stores.
    static func waitReason(_ reason: Int64) -> String {
        guard reason > 0 && reason < Int64(waitReasons.count) else { return "unknown wait reason \(reason)" }
        return waitReasons[Int(reason)]
    }

    static let waitReasons = [
        "", "GC assist marking", "IO wait", "chan receive (nil chan)", "chan send (nil chan)",
        "dumping heap", "garbage collection", "garbage collection scan", "panicwait", "select",
        "select (no cases)", "GC assist wait", "GC sweep wait", "GC scavenge wait", "chan receive",
        "chan send", "finalizer wait", "force gc (idle)", "semacquire", "sleep", "sync.Cond.Wait",
        "timer goroutine (idle)", "trace reader (blocked)", "wait for GC cycle", "GC worker (idle)",
        "preempted", "debug call",
    ]
}
