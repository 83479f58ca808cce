import DbgService

/// goroutines, goroutine, threads, thread.
extension REPL {
    func goroutinesCommand(_ arguments: String, _ context: CallContext) async throws {
        let options = try GoroutinesOptions(arguments)
        let state = try await client.state(nonBlocking: false)
        let current = state.selectedGoroutine?.id
        if options.grouping.groupBy != .none {
            let page = try await client.listGoroutines(
                start: 0, count: 0, filters: options.filters, grouping: options.grouping, scope: context.scope)
            var groupTexts: [String] = []
            for group in page.groups ?? [] {
                var text = "\(group.name)\n"
                for goroutine in page.goroutines.dropFirst(group.offset).prefix(group.count) {
                    text += try await goroutineEntry(goroutine, current: current, options: options, indent: "\t")
                    if options.command != nil {
                        emit(text)
                        text = ""
                        try await runIn(goroutine, options)
                    }
                }
                text += "\tTotal: \(group.total)\n"
                groupTexts.append(text)
            }
            emit(groupTexts.joined(separator: "\n"))
            if page.tooManyGroups { emit("Too many groups\n") }
            return
        }
        var all: [API.Goroutine] = []
        var start = 0
        while start >= 0 {
            let page = try await client.listGoroutines(
                start: start, count: Self.goroutinePageSize, filters: options.filters, grouping: options.grouping,
                scope: context.scope)
            all += page.goroutines
            start = page.nextStart
        }
        for goroutine in all.sorted(by: { $0.id < $1.id }) {
            emit(try await goroutineEntry(goroutine, current: current, options: options, indent: ""))
            try await runIn(goroutine, options)
        }
        // Delve prints no count when no goroutine is listed.
        if let first = all.first { emit("[\(Humanize.count(all.count, first.noun ?? "goroutine"))]\n") }
    }

    /// `goroutines -exec CMD`: CMD in the goroutine's scope, as `goroutine N CMD` runs it.
    private func runIn(_ goroutine: API.Goroutine, _ options: GoroutinesOptions) async throws {
        guard let command = options.command else { return }
        var context = CallContext(scope: API.EvalScope(goroutineID: goroutine.id, frame: 0))
        try await call(command, &context)
    }

    /// Goroutines asked of the service per request.
    static let goroutinePageSize = 1000

    /// "* Goroutine 1 - User: ..." and, with -t, its stack.
    private func goroutineEntry(_ goroutine: API.Goroutine, current: Int64?, options: GoroutinesOptions, indent: String)
        async throws -> String
    {
        let marker = goroutine.id == current ? "* " : "  "
        var text = "\(indent)\(marker)\(ThreadText.noun(goroutine)) \(threadText.goroutine(goroutine, options.which))\n"
        if options.showsLabels { text += threadText.labels(goroutine, prefix: indent + "\t") }
        if let depth = options.stackDepth {
            let frames = try await client.stacktrace(goroutineID: goroutine.id, depth: depth, full: false, config: nil)
            text += stackText.render(frames, indent: indent + "\t")
        }
        return text
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
        guard let id = Int64(parts[0]) else { throw REPLError.WrongArguments() }
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
        guard arguments.isEmpty else { throw REPLError.WrongArguments() }
        let threads = try await client.listThreads()
        let state = try await client.state(nonBlocking: false)
        for thread in threads.sorted(by: { $0.id < $1.id }) {
            emit(threadText.threadLine(thread, current: thread.id == state.currentThread?.id))
        }
    }

    func threadCommand(_ arguments: String) async throws {
        guard !arguments.isEmpty else { throw REPLError("you must specify a thread") }
        guard let id = Int(arguments) else { throw REPLError.WrongArguments() }
        let old = try await client.state(nonBlocking: false)
        let new = try await client.command(API.DebuggerCommand(name: API.DebuggerCommand.switchThread, threadID: id))
        frame = 0
        let from = old.currentThread.map { String($0.id) } ?? "<none>"
        let to = new.currentThread.map { String($0.id) } ?? "<none>"
        emit("Switched from \(from) to \(to)\n")
    }
}
