import DbgProcess

/// What a breakpoint's `on ID CMD` actions gather at a hit (Delve's BreakpointInfo), read
/// while the thread is stopped at the breakpoint.
extension Target {
    public func hitInfo(breakpointID: Int, thread: ThreadID) -> HitInfo? {
        guard !hasEnded, let breakpoint = breakpoints[breakpointID] else { return nil }
        return hitInfo(for: breakpoint, thread: thread)
    }

    /// nil when the breakpoint asks for nothing. What cannot be read is left out, as Delve
    /// leaves it; an expression that fails keeps its error, which is shown in its place.
    func hitInfo(for breakpoint: LogicalBreakpoint, thread: ThreadID) -> HitInfo? {
        let actions = breakpoint.onHit
        guard !actions.isEmpty else { return nil }
        var info = HitInfo()
        // One frame more than asked for tells whether the stack was cut.
        if actions.stackDepth > 0 { info.stack = try? backtrace(thread: thread, depth: actions.stackDepth + 2) }
        // At a return tracepoint's RET the frame is being torn down: Delve's client prints
        // only the stack there.
        if breakpoint.isTraceReturn { return info }
        if actions.goroutine, let greenThread = currentGreenThread(of: thread) {
            info.goroutine = (greenThread, locations(of: [greenThread])[0], labels(of: greenThread))
        }
        for expression in actions.expressions {
            let value: Result<LoadedValue, EngineError>
            do throws(EngineError) {
                value = .success(try evaluateAndLoad(expression, thread: thread, frame: 0, config: .default))
            } catch {
                value = .failure(error)
            }
            info.values.append((expression, value))
        }
        if let config = actions.arguments {
            info.arguments = try? parameters(thread: thread, config: config)
        }
        if let config = actions.locals {
            info.locals = try? variables(arguments: false, thread: thread, frame: 0, config: config)
        }
        return info
    }

    /// The innermost frame's parameters, results marked (Delve lists them with the
    /// arguments and its client leaves them out of a tracepoint's line).
    private func parameters(thread: ThreadID, config: LoadConfig) throws(EngineError) -> [(value: LoadedValue, isResult: Bool)] {
        let (scope, _) = try scopeAndFrame(thread: thread, greenThread: nil, frame: 0)
        let loader = ValueLoader(config: config)
        return scope.frameVariables
            .filter { $0.variable.isParameter && !$0.variable.isArtificial }
            .map { (loader.load($0.value), $0.variable.isVariableParameter) }
    }
}
