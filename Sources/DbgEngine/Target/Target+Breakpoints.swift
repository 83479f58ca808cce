import DbgProcess
import DbgSymbols

extension Target {
    /// Options of a new breakpoint, as `break`, `trace` and the API give them.
    public struct BreakpointRequest: Sendable {
        public var spec: String
        public var name: String
        public var condition: String?
        public var hitCondition: String?
        public var isTracepoint: Bool
        /// At a function's RET instructions, printing what it returns (Delve's TraceReturn).
        public var isTraceReturn = false
        /// Keep the breakpoint when nothing matches yet: it resolves when a library loads.
        public var allowPending: Bool
        /// The function the locations belong to, as the resolver named it (an inlined copy
        /// is named for itself, not for the function it was inlined into).
        public var functionName: String?
        /// What each hit gathers (Delve's on-commands, which CreateBreakpoint may carry).
        public var onHit = HitActions()

        public init(spec: String, name: String = "", condition: String? = nil, hitCondition: String? = nil,
                    isTracepoint: Bool = false, allowPending: Bool = false) {
            self.spec = spec
            self.name = name
            self.condition = condition
            self.hitCondition = hitCondition
            self.isTracepoint = isTracepoint
            self.allowPending = allowPending
        }
    }

    /// A breakpoint at addresses a `resolve` already found (what the API's CreateBreakpoint
    /// sends after FindLocation), or at the spec when no addresses are given.
    public func createBreakpoint(_ request: BreakpointRequest, addresses: [UInt64]) throws(EngineError) -> LogicalBreakpoint {
        guard !addresses.isEmpty else { return try createBreakpoint(request) }
        let locations = addresses.map { address in
            let described = images.describe(address)
            return LogicalBreakpoint.Location(
                address: address, functionName: request.functionName ?? described?.function?.name,
                file: described?.source?.file, line: described?.source?.line ?? 0)
        }
        return try add(request, locations: locations)
    }

    public func createBreakpoint(_ request: BreakpointRequest) throws(EngineError) -> LogicalBreakpoint {
        guard !hasEnded else { throw .exited }
        let locations: [LogicalBreakpoint.Location]
        do {
            locations = try resolve(request.spec)
        } catch {
            guard request.allowPending else { throw error }
            locations = []
        }
        return try add(request, locations: locations)
    }

    private func add(_ request: BreakpointRequest, locations: [LogicalBreakpoint.Location]) throws(EngineError) -> LogicalBreakpoint {
        guard !hasEnded else { throw .exited }
        if !request.name.isEmpty, breakpoints.values.contains(where: { $0.name == request.name }) {
            throw EngineError("a breakpoint named '\(request.name)' already exists")
        }
        var hitCondition: HitCondition?
        if let text = request.hitCondition {
            do { hitCondition = try HitCondition.parse(text) } catch { throw EngineError(error.description) }
        }
        if let condition = request.condition { _ = try BreakpointCondition(condition) }
        var breakpoint = LogicalBreakpoint(id: nextBreakpointID, spec: request.spec, locations: locations)
        breakpoint.name = request.name
        breakpoint.condition = request.condition
        breakpoint.hitCondition = hitCondition
        breakpoint.isTracepoint = request.isTracepoint || request.isTraceReturn
        breakpoint.isTraceReturn = request.isTraceReturn
        breakpoint.onHit = request.onHit
        // The same spec at the same places again is refused, as Delve does; another spec whose
        // places another breakpoint holds (`break scale` where `break work` covers an inlined
        // copy of scale) is a breakpoint of its own, as in gdb, which lets several share one address.
        if let existing = breakpoints.values.first(where: { existing in
            !existing.isPending && existing.locations.map(\.address) == locations.map(\.address)
                && Self.sameSpec(existing.spec, request.spec)
        }) {
            throw EngineError("Breakpoint exists at \(describe(existing.locations[0])) with id \(existing.id)", kind: .alreadyExists)
        }
        try addBreaklets(for: breakpoint)
        breakpoints[breakpoint.id] = breakpoint
        nextBreakpointID += 1
        return breakpoint
    }

    /// The runtime's event breakpoints (Go: unrecovered panics, fatal errors), at the entry
    /// of the runtime functions that hold them, as Delve sets them.
    func installRuntimeBreakpoints() {
        guard let executable = images.executable else { return }
        for definition in runtime.eventBreakpoints where breakpoints[definition.id] == nil {
            let locations = definition.functions.compactMap { name -> LogicalBreakpoint.Location? in
                guard let function = executable.image.functions(named: name, searchingDWARF: false).first else { return nil }
                let address = executable.runtimeAddress(function.entry)
                let source = images.describe(address)?.source
                return LogicalBreakpoint.Location(address: address, functionName: name, file: source?.file, line: source?.line ?? 0)
            }
            guard !locations.isEmpty else { continue }
            // In address order, as Delve lists a breakpoint's addresses.
            var breakpoint = LogicalBreakpoint(
                id: definition.id, spec: definition.functions.joined(separator: ","),
                locations: locations.sorted { $0.address < $1.address })
            breakpoint.name = definition.name
            breakpoint.onHit.expressions = definition.printOnHit
            guard (try? addBreaklets(for: breakpoint)) != nil else { continue }
            breakpoints[breakpoint.id] = breakpoint
        }
    }

    private static func sameSpec(_ a: String, _ b: String) -> Bool {
        a.split(whereSeparator: \.isWhitespace) == b.split(whereSeparator: \.isWhitespace)
    }

    public func breakpointList() -> [LogicalBreakpoint] { breakpoints.values.sorted { $0.id < $1.id } }

    public func breakpoint(id: Int) -> LogicalBreakpoint? { breakpoints[id] }

    public func clearBreakpoint(id: Int) throws(EngineError) -> LogicalBreakpoint {
        guard let breakpoint = breakpoints.removeValue(forKey: id) else { throw EngineError("no breakpoint with id \(id)", kind: .notFound) }
        removeBreaklets(for: breakpoint)
        removeWatchScope(of: breakpoint)
        watchedValues[id] = nil
        return breakpoint
    }

    public func toggleBreakpoint(id: Int) throws(EngineError) -> LogicalBreakpoint {
        guard var breakpoint = breakpoints[id] else { throw EngineError("no breakpoint with id \(id)", kind: .notFound) }
        breakpoint.isDisabled.toggle()
        breakpoints[id] = breakpoint
        if breakpoint.isDisabled {
            removeBreaklets(for: breakpoint)
        } else {
            try addBreaklets(for: breakpoint)
        }
        return breakpoint
    }

    /// Changes what a breakpoint does at a hit (not where it is).
    public func amendBreakpoint(id: Int, name: String?, condition: String??, hitCondition: String??,
                                perGoroutine: Bool?, isTracepoint: Bool?, onHit: HitActions?) throws(EngineError) {
        guard var breakpoint = breakpoints[id] else { throw EngineError("no breakpoint with id \(id)", kind: .notFound) }
        if let name { breakpoint.name = name }
        if let condition {
            if let text = condition { _ = try BreakpointCondition(text) }
            breakpoint.condition = condition
        }
        if let hitCondition {
            if let text = hitCondition {
                do { breakpoint.hitCondition = try HitCondition.parse(text) } catch { throw EngineError(error.description) }
            } else {
                breakpoint.hitCondition = nil
            }
        }
        if let perGoroutine { breakpoint.hitConditionPerGoroutine = perGoroutine }
        // A return tracepoint stays one: clients send it back with its `continue` flag off.
        if let isTracepoint { breakpoint.isTracepoint = isTracepoint || breakpoint.isTraceReturn }
        if let onHit { breakpoint.onHit = onHit }
        breakpoints[id] = breakpoint
        // The breaklets carry the condition, parsed. A watchpoint has none: its condition is
        // read at each hit (arming it again would take a second debug register).
        if condition != nil, !breakpoint.isDisabled, breakpoint.watch == nil { try addBreaklets(for: breakpoint) }
    }

    /// Resolves a location spec in every loaded binary (runtime addresses).
    public func resolve(_ specText: String) throws(EngineError) -> [LogicalBreakpoint.Location] {
        let spec: LocationSpec
        do { spec = try LocationSpec.parse(specText) } catch { throw EngineError(error.description, kind: .badInput) }
        if case .address(let address) = spec {
            let described = images.describe(address)
            return [LogicalBreakpoint.Location(
                address: address, functionName: described?.function?.name, file: described?.source?.file,
                line: described?.source?.line ?? 0)]
        }
        let current = currentSource()
        var found: [LogicalBreakpoint.Location] = []
        var firstError: LocationError?
        func add(_ locations: [ResolvedLocation], of loaded: LoadedImage) {
            for location in locations {
                found.append(LogicalBreakpoint.Location(
                    address: loaded.runtimeAddress(location.address), functionName: location.functionName,
                    file: location.source?.file, line: location.source?.line ?? 0))
            }
        }
        /// Returns the paths of the binaries where the spec resolved.
        @discardableResult
        func resolveInEveryImage(searchesDWARF: Bool) -> Set<String> {
            var resolvedIn = Set<String>()
            for loaded in images.images {
                // The dynamic loader's own copies of libc's functions (rtld-malloc.h's malloc
                // and realloc, inlined) are not what a name means: only its symbols count.
                if searchesDWARF && isDynamicLoader(loaded) { continue }
                do {
                    add(try StaticLocationResolver(image: loaded.image, searchesDWARF: searchesDWARF).resolve(spec, current: current), of: loaded)
                    resolvedIn.insert(loaded.path)
                } catch {
                    firstError = firstError ?? error  // the executable comes first: its error is the one shown
                }
            }
            return resolvedIn
        }
        if case .function(let name) = spec {
            // By symbol in every binary first; then, as gdb, the static functions and inlined
            // copies of that name in the shared libraries that have no symbol for it (glibc's
            // static `parse` besides the program's); only when none has it are every unit
            // of every binary read.
            let bySymbol = resolveInEveryImage(searchesDWARF: false)
            for loaded in images.images.dropFirst() where !isDynamicLoader(loaded) && !bySymbol.contains(loaded.path) {
                add(StaticLocationResolver(image: loaded.image).resolveFunctionsWithoutSymbol(named: name), of: loaded)
            }
            if found.isEmpty, images.executable?.image.importsFunction(named: name) == true {
                throw EngineError(Self.notLoadedYet(name), kind: .notLoaded)
            }
            if found.isEmpty { resolveInEveryImage(searchesDWARF: true) }
        } else {
            resolveInEveryImage(searchesDWARF: true)
        }
        guard !found.isEmpty else {
            throw EngineError(firstError?.description ?? "location '\(specText)' not found", kind: firstError?.kind ?? .notFound)
        }
        var seen = Set<UInt64>()
        return found.filter { seen.insert($0.address).inserted }
    }

    /// What `resolve` says of a function the program calls from a library not loaded yet
    /// (before the program runs): `break` makes such a breakpoint pending on it.
    static func notLoadedYet(_ name: String) -> String {
        "function \(name) is in a library not loaded yet"
    }

    func isDynamicLoader(_ loaded: LoadedImage) -> Bool {
        let name = loaded.path.split(separator: "/").last.map(String.init) ?? ""
        return name.hasPrefix("ld-linux") || name.hasPrefix("ld64") || name.hasPrefix("ld-")
    }

    /// The source position of the selected frame, for `break 42` and `break +3`.
    func currentSource() -> SourceLocation? {
        guard !hasEnded, let frames = try? backtrace(thread: selectedThread, depth: selectedFrame + 1),
              selectedFrame < frames.count
        else { return nil }
        return frames[selectedFrame].source
    }

    func describe(_ location: LogicalBreakpoint.Location) -> String {
        let function = location.functionName ?? "0x" + String(location.address, radix: 16)
        guard let file = location.file else { return function }
        return "\(function) \(file):\(location.line)"
    }

    /// Pending breakpoints whose library has appeared get their locations now.
    func resolvePendingBreakpoints() {
        for (id, breakpoint) in breakpoints where breakpoint.isPending && !breakpoint.isDisabled {
            guard let locations = try? resolve(breakpoint.spec) else { continue }
            var resolved = breakpoint
            resolved.locations = locations
            guard (try? addBreaklets(for: resolved)) != nil else { continue }
            breakpoints[id] = resolved
        }
    }
}

extension Target {
    /// The addresses of the RET instructions of the functions called `name` (Delve's
    /// FunctionReturnLocations): where return tracepoints go.
    public func returnLocations(ofFunctionNamed name: String) throws(EngineError) -> [UInt64] {
        guard !hasEnded else { throw .exited }
        var found: [UInt64] = []
        for loaded in images.images {
            // Inlined copies have no return instruction of their own.
            for function in loaded.image.functions(named: name, searchingDWARF: false) where function.inlinedCall == nil {
                let ranges = function.function?.ranges
                    ?? function.symbol.map { [AddressRange(low: $0.address, high: $0.address + $0.size)] } ?? []
                for range in ranges where !range.isEmpty && range.size < 1 << 20 {
                    let start = loaded.runtimeAddress(range.low)
                    guard let code = try? memory.read(at: start, count: Int(range.size)) else { continue }
                    found += Disassembler().decode(code, at: start).filter(\.isReturn).map(\.address)
                }
            }
        }
        guard !found.isEmpty else { throw EngineError("no return instructions found for function \(name)", kind: .notFound) }
        return found
    }
}
