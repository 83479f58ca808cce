import DbgProcess

/// The `FunctionCaller` of the `call` command: it runs calls on `thread` of the target. The
/// evaluator runs synchronously inside `Target.call`, on the program's executor, so the
/// target is entered with `assumeIsolated` (no hop, no await: the call's ptrace requests and
/// its wait run right there, as a continue's do).
struct TargetFunctionCaller: FunctionCaller {
    let target: Target
    let thread: ThreadID
    /// The calling frame's: results are values of its binary's types.
    let context: ValueContext
    /// The calling frame's binary: the arguments are converted with its types, so the called
    /// function must be described there too.
    let imagePath: String

    func prototype(of callee: Value) throws(EvaluationError) -> FunctionPrototype {
        let result = target.assumeIsolated { target in
            Result { () throws(EvaluationError) in try target.callPrototype(of: callee, imagePath: imagePath) }
        }
        return try result.get()
    }

    func declaredPrototype(of callee: Value, result: ValueType) throws(EvaluationError) -> FunctionPrototype {
        let outcome = target.assumeIsolated { [thread, context] target in
            Result { () throws(EvaluationError) in
                try target.declaredCallPrototype(of: callee, result: result, thread: thread, context: context)
            }
        }
        return try outcome.get()
    }

    func call(_ address: UInt64, prototype: FunctionPrototype, arguments: [CallArgument]) throws(EvaluationError) -> Value? {
        let result = target.assumeIsolated { [thread, context] target in
            Result { () throws(EvaluationError) in
                try target.startCall(prototype, arguments: arguments, thread: thread, context: context)
            }
        }
        return try result.get()
    }
}
