import DbgEngine
import DbgProcess

/// What breakpoints gather at a hit (`on ID CMD`), in the API's shape: Delve fills a
/// thread's BreakpointInfo in the state a command returns, and its client prints it after the
/// stop's header.
extension LocalDebugger {
    /// The state after a stop at a breakpoint, with what the breakpoint gathered on the thread
    /// that hit it.
    func addingBreakpointInfo(to state: API.DebuggerState, report: StopReport) async -> API.DebuggerState {
        guard case .breakpoint(let id) = report.reason, let thread = report.thread,
              let breakpoint = await target.breakpoint(id: id)
        else { return state }
        let info = await target.hitInfo(breakpointID: id, thread: thread)
        guard info != nil || report.watchChange != nil else { return state }
        var apiInfo = await apiBreakpointInfo(info ?? HitInfo(), stackDepth: breakpoint.onHit.stackDepth)
        if let change = report.watchChange {
            apiInfo.watchOldValue = Self.apiVariable(change.old)
            apiInfo.watchNewValue = Self.apiVariable(change.new)
        }
        var state = state
        for index in state.threads.indices where state.threads[index].id == Int(thread.value) {
            state.threads[index].breakpointInfo = apiInfo
        }
        if state.currentThread?.id == Int(thread.value) { state.currentThread?.breakpointInfo = apiInfo }
        return state
    }

    func apiBreakpointInfo(_ info: HitInfo, stackDepth: Int) async -> API.BreakpointInfo {
        var result = API.BreakpointInfo()
        if let (goroutine, locations, labels) = info.goroutine {
            result.goroutine = Self.apiGoroutine(goroutine, locations)
            result.goroutine?.labels = labels.isEmpty ? nil : labels
        }
        if let stack = info.stack { result.stacktrace = Self.apiStackframes(stack, depth: stackDepth) }
        if !info.values.isEmpty {
            result.variables = info.values.map { expression, value in
                switch value {
                case .success(let loaded):
                    var variable = Self.apiVariable(loaded)
                    variable.name = expression
                    return variable
                case .failure(let error):
                    var variable = API.Variable(name: expression, type: "", value: "")
                    variable.unreadable = "eval error: \(error.message)"
                    return variable
                }
            }
        }
        result.arguments = info.arguments?.map { value, isResult in
            var variable = Self.apiVariable(value)
            variable.flags |= isResult ? API.Variable.returnArgumentFlag : API.Variable.argumentFlag
            return variable
        }
        result.locals = info.locals?.map(Self.apiVariable)
        return result
    }
}
