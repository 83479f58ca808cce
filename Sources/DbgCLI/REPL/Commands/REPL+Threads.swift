import DbgService

/// goroutines, goroutine, threads, thread.
extension REPL {
    func goroutinesCommand(_ arguments: String) async throws {
        var which = ThreadText.GoroutineLocation.user
        var stackDepth: Int?
        let words = Arguments.words(arguments)
        var index = 0
        while index < words.count {
            switch words[index] {
            case "-u": which = .user
            case "-r": which = .runtime
            case "-g": which = .goStatement
            case "-s": which = .start
            case "-t":
                stackDepth = 10
                if index + 1 < words.count, let depth = Int(words[index + 1]) {
                    stackDepth = depth
                    index += 1
                }
            case "-l", "-with", "-w", "-without", "-wo", "-group", "-chan", "-exec":
                throw REPLError.notSupported("goroutines \(words[index])")
            default:
                throw REPLError.usage(.goroutines)
            }
            index += 1
        }
        let state = try await client.state(nonBlocking: false)
        var all: [API.Goroutine] = []
        var start = 0
        while start >= 0 {
            let page = try await client.listGoroutines(start: start, count: 1000)
            all += page.goroutines
            start = page.next
        }
        for goroutine in all.sorted(by: { $0.id < $1.id }) {
            let marker = goroutine.id == state.selectedGoroutine?.id ? "* " : "  "
            emit("\(marker)Goroutine \(threadText.goroutine(goroutine, which))\n")
            if let stackDepth {
                let frames = try await client.stacktrace(goroutineID: goroutine.id, depth: stackDepth, full: false, config: nil)
                emit(stackText.render(frames, indent: "\t"))
            }
        }
        if !all.isEmpty { emit("[\(Humanize.count(all.count, "goroutine"))]\n") }
    }

    func goroutineCommand(_ arguments: String, _ context: inout CallContext) async throws {
        if context.prefix == .on {
            guard arguments.isEmpty else { throw REPLError("too many arguments to goroutine") }
            context.breakpoint?.goroutine = true
            return
        }
        let parts = Arguments.split2(arguments)
        if parts[0].isEmpty {
            let state = try await client.state(nonBlocking: false)
            emit("Thread \(threadText.short(state.currentThread))\n")
            if let goroutine = state.selectedGoroutine { emit(threadText.goroutineLong(goroutine)) }
            return
        }
        guard let id = Int64(parts[0]) else { throw REPLError.usage(.goroutine) }
        if parts.count > 1 {
            context.scope.goroutineID = id
            try await call(parts[1], &context)
            return
        }
        let old = try await client.state(nonBlocking: false)
        let new = try await client.command(API.DebuggerCommand(name: API.DebuggerCommand.switchGoroutine, goroutineID: id))
        frame = 0
        emit("Switched from \(old.selectedGoroutine?.id ?? 0) to \(id) (thread \(new.currentThread?.id ?? 0))\n")
    }

    func threadsCommand(_ arguments: String) async throws {
        guard arguments.isEmpty else { throw REPLError.usage(.threads) }
        let threads = try await client.listThreads()
        let state = try await client.state(nonBlocking: false)
        for thread in threads.sorted(by: { $0.id < $1.id }) {
            emit(threadText.threadLine(thread, current: thread.id == state.currentThread?.id))
        }
    }

    func threadCommand(_ arguments: String) async throws {
        guard !arguments.isEmpty else { throw REPLError("you must specify a thread") }
        guard let id = Int(arguments) else { throw REPLError.usage(.thread) }
        let old = try await client.state(nonBlocking: false)
        let new = try await client.command(API.DebuggerCommand(name: API.DebuggerCommand.switchThread, threadID: id))
        frame = 0
        let from = old.currentThread.map { String($0.id) } ?? "<none>"
        let to = new.currentThread.map { String($0.id) } ?? "<none>"
        emit("Switched from \(from) to \(to)\n")
    }
}
