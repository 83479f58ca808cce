/// Calls of Go functions in expressions (`main.add(1, 2)`, `c.add(2)`), as Delve checks
/// them: the argument count (`not enough arguments`), each argument assignable to its
/// parameter (an untyped constant converted, a string literal copied into the program), a
/// method's receiver passed first. How they are passed is the caller's (Go's debug-call
/// protocol).
extension ExpressionEvaluator {
    func callGoFunction(_ calleeExpression: Expression, _ argumentExpressions: [Expression]) throws(EvaluationError) -> Value {
        let (callee, receiver) = try goCallee(calleeExpression)
        // Delve's `print` refuses a call, where gdb's runs it: not `.needsCall`, which the
        // REPL's print retries through `call` for C.
        guard let caller = scope.functionCaller else { throw .invalid(EvaluationError.needsCallMessage) }
        var prototype = try caller.prototype(of: callee)
        var given = argumentExpressions.map { expression in (expression.description, Result { () throws(EvaluationError) in try evaluate(expression) }) }
        if let receiver { given.insert((calleeExpression.description, .success(receiver)), at: 0) }
        if given.count < prototype.parameters.count { throw .invalid("not enough arguments") }
        if given.count > prototype.parameters.count { throw .invalid("too many arguments") }
        var arguments: [CallArgument] = []
        for (index, (written, result)) in given.enumerated() {
            let value = try result.get()
            let name = index < prototype.parameterNames.count ? prototype.parameterNames[index] : "#\(index + 1)"
            arguments.append(try goCallArgument(value, written: written, as: prototype.parameters[index], named: name, of: prototype.name))
        }
        prototype.name = prototype.name.isEmpty ? calleeExpression.description : prototype.name
        guard let result = try caller.call(prototype.address, prototype: prototype, arguments: arguments) else {
            return Value(type: .void, location: .unavailable("no return values"), context: context, name: calleeExpression.description)
        }
        return result
    }

    /// The function called, and the receiver of a method (`c.add`: `main.(*counter).add`
    /// with `c`, or `main.counter.add` with `*c`).
    private func goCallee(_ expression: Expression) throws(EvaluationError) -> (Value, receiver: Value?) {
        let failure: EvaluationError
        do throws(EvaluationError) {
            let callee = try evaluate(expression)
            guard case .function = callee.shape else { throw .invalid("\(expression) (type \(callee.typeName)) is not a function") }
            return (callee, nil)
        } catch {
            failure = error
        }
        guard case .member(let baseExpression, let name) = expression, let base = try? evaluate(baseExpression) else {
            throw .invalid("could not evaluate function or type \(expression): \(failure)")
        }
        var object = base
        if case .pointer(let pointee) = base.shape {
            object = (try? base.pointee()) ?? Value(type: pointee, location: .unavailable("nil"), context: context, name: base.name)
        }
        let typeName = types.name(of: object.type)
        guard let dot = typeName.lastIndex(of: ".") else { throw .invalid("could not evaluate function or type \(expression): \(failure)") }
        let package = typeName[..<dot], bare = typeName[typeName.index(after: dot)...]
        if let method = scope.function(named: "\(package).(*\(bare)).\(name)") {
            guard case .pointer = base.shape else { throw .invalid("not yet: calling \(expression) on a value that is not a pointer") }
            return (method, base)
        }
        if let method = scope.function(named: "\(typeName).\(name)") { return (method, object) }
        throw .invalid("could not evaluate function or type \(expression): \(failure)")
    }

    /// `value` as the parameter `name` of `function`: of the parameter's type (by its name,
    /// as Go's assignability of named types), or an untyped constant converted to it.
    private func goCallArgument(_ value: Value, written: String, as parameter: ValueType, named name: String, of function: String)
        throws(EvaluationError) -> CallArgument
    {
        let wanted = types.name(of: parameter)
        if value.isLiteral {
            switch (value.shape, types.shape(of: parameter)) {
            case (.literalString, .goString), (.goString, .goString):
                // A literal's bytes are its text, not a string header.
                guard case .bytes(let text) = value.location else { break }
                return .copied(text, pointerType: parameter)
            case (.integer, .integer), (.integer, .float), (.float, .float), (.boolean, .boolean):
                if let converted = try? convert(value, to: parameter) { return .value(converted) }
            default:
                break
            }
            throw .invalid("can not convert \(written) constant to \(wanted)")
        }
        guard types.name(of: value.type) == wanted else {
            throw .invalid("cannot use \(written) (type \(value.typeName)) as type \(wanted) in argument \(name) to \(function)")
        }
        var argument = value
        argument.type = parameter
        return .value(argument)
    }
}
