import DbgProcess
import DbgSymbols

extension Target {
    /// The thread's stack, innermost frame first (inlined calls are frames of their own).
    public func backtrace(thread: ThreadID, depth: Int = 64) throws(EngineError) -> [StackFrame] {
        guard !hasEnded else { throw .exited }
        let registers = try registers(of: thread).dwarfValues
        let frames = StackUnwinder(images: images, memory: memory, maxDepth: max(depth, 1)).backtrace(from: registers)
        return Array(frames.prefix(max(depth, 1)))
    }

    /// Where a thread is: its innermost frame.
    public func location(of thread: ThreadID) throws(EngineError) -> StackFrame {
        guard let frame = try backtrace(thread: thread, depth: 1).first else {
            throw EngineError("cannot find where thread \(thread) is")
        }
        return frame
    }

    /// The scope for expressions in `frame` of `thread`: its variables, then globals.
    public func scope(thread: ThreadID, frame index: Int) throws(EngineError) -> FrameScope {
        guard index >= 0 else { throw EngineError("frame \(index) does not exist") }
        let frames = try backtrace(thread: thread, depth: index + 1)
        guard index < frames.count else { throw EngineError("frame \(index) does not exist (the stack has \(frames.count))") }
        let frame = frames[index]
        guard let loaded = frame.image ?? images.executable else { throw EngineError("no binary is mapped at the frame's pc") }
        let symbols = symbols(of: loaded.image)
        let context = ValueContext(
            types: symbols.typeSystem, memory: memory, registers: frame.registers,
            symbols: ImageSymbolLookup(images: images.images.map { ($0.image, $0.bias) }),
            writer: ProcessValueWriter(process: process, thread: thread, isInnermostFrame: frame.physicalIndex == 0),
            constants: symbols)
        return FrameScope(
            symbols: symbols, context: context, bias: loaded.bias, pc: frame.lookupPC, frame: frame.scope, cfa: frame.cfa)
    }

    /// Evaluates an expression (or `x = y` assignment) in a frame.
    func evaluate(_ expression: String, thread: ThreadID, frame: Int) throws(EngineError) -> Value {
        let scope = try scope(thread: thread, frame: frame)
        do {
            return try ExpressionEvaluator(scope: scope).evaluate(expression)
        } catch {
            throw EngineError(error.description)
        }
    }

    /// Evaluates an expression and loads its value here, on the ptrace thread, where the
    /// process's memory can be read.
    public func evaluateAndLoad(_ expression: String, thread: ThreadID, frame: Int, config: LoadConfig) throws(EngineError) -> LoadedValue {
        ValueLoader(config: config).load(try evaluate(expression, thread: thread, frame: frame))
    }

    /// Evaluates a breakpoint condition in the innermost frame of `thread`.
    func conditionHolds(_ condition: String, thread: ThreadID) throws(EngineError) -> Bool {
        let scope = try scope(thread: thread, frame: 0)
        do {
            return try ExpressionEvaluator(scope: scope).isTrue(condition)
        } catch {
            throw EngineError("error evaluating '\(condition)': \(error.description)")
        }
    }

    /// Arguments (`arguments: true`) or locals of a frame, loaded as `config` says.
    public func variables(arguments: Bool, thread: ThreadID, frame: Int, config: LoadConfig) throws(EngineError) -> [LoadedValue] {
        let scope = try scope(thread: thread, frame: frame)
        let loader = ValueLoader(config: config)
        return scope.frameVariables
            .filter { $0.variable.isParameter == arguments && !$0.variable.isArtificial }
            .map { entry in
                var loaded = loader.load(entry.value)
                if entry.variable.isShadowed { loaded.isShadowed = true }
                return loaded
            }
    }
}
