/// Calls of the program's functions in expressions (`add(1, 2)`, `2 * square(4)`, `fp(3)`),
/// run by the scope's `FunctionCaller`. The arguments are checked against the function's
/// prototype and converted to its parameters' types here, as C converts them; how they are
/// passed is the caller's.
extension ExpressionEvaluator {
    func callFunction(_ calleeExpression: Expression, _ argumentExpressions: [Expression], declaredResult: ValueType? = nil)
        throws(EvaluationError) -> Value
    {
        // Go's arguments follow Go's rules (assignability, untyped constants, methods).
        if case .goDebugCall = rules.functionCalls { return try callGoFunction(calleeExpression, argumentExpressions) }
        let callee = try evaluate(calleeExpression)
        guard isCallable(callee) else {
            throw .invalid("\(calleeExpression) (type \(callee.typeName)) is not a function")
        }
        guard let caller = scope.functionCaller else { throw .needsCall }
        if case .notYet(let reason) = rules.functionCalls { throw .invalid(reason) }
        var prototype: FunctionPrototype
        do {
            prototype = try caller.prototype(of: callee)
        } catch .unknownReturnType(let name) {
            guard let declaredResult else { throw .unknownReturnType(name) }
            prototype = try caller.declaredPrototype(of: callee, result: declaredResult)
        }
        prototype.name = calleeExpression.description
        let parameters = prototype.parameters
        if argumentExpressions.count < parameters.count { throw .invalid("Too few arguments in function call.") }
        if argumentExpressions.count > parameters.count, !prototype.isVariadic, prototype.isPrototyped || !parameters.isEmpty {
            throw .invalid("Too many arguments in function call.")
        }
        var arguments: [CallArgument] = []
        for (index, expression) in argumentExpressions.enumerated() {
            let value = try evaluate(expression)
            let parameter = index < parameters.count ? parameters[index] : nil
            arguments.append(try callArgument(value, written: expression.description, as: parameter, position: index + 1, of: prototype.name))
        }
        guard let result = try caller.call(prototype.address, prototype: prototype, arguments: arguments) else {
            // `void`: a value only an operator can complain about (`bump(1) + 1`).
            return Value(type: .void, location: .unavailable("void"), context: context, name: calleeExpression.description)
        }
        return result
    }

    /// A function, or a pointer to one.
    private func isCallable(_ value: Value) -> Bool {
        switch value.shape {
        case .function: return true
        case .pointer(let pointee):
            if case .function = types.shape(of: pointee) { return true }
            return false
        default: return false
        }
    }

    /// `value` as the argument at `position`: converted to the parameter's type, or without
    /// one (past a variadic function's parameters, or a function without a prototype) given
    /// C's default promotions.
    private func callArgument(_ value: Value, written: String, as parameter: ValueType?, position: Int, of function: String)
        throws(EvaluationError) -> CallArgument
    {
        let target = parameter ?? promoted(value)
        let refusal = EvaluationError.invalid(
            "cannot pass \(written) (type \(value.typeName)) as argument \(position) of \(function) (type \(types.name(of: target)))")
        switch types.shape(of: target) {
        case .pointer:
            // A string literal has no address of its own: the call puts a copy in memory.
            if case .array = value.shape, value.address == nil {
                guard let bytes = try? value.bytes() else { throw refusal }
                return .copied(bytes, pointerType: target)
            }
            if case .aggregate = value.shape { throw refusal }
            return .value(try converted(value, to: target, refusal: refusal))
        case .integer, .boolean, .enumeration, .float:
            switch value.shape {
            case .integer, .boolean, .enumeration, .float, .pointer, .function: break
            default: throw refusal
            }
            return .value(try converted(value, to: target, refusal: refusal))
        case .complex:
            guard case .complex = value.shape, types.size(of: value.type) == types.size(of: target) else { throw refusal }
            return .value(value)
        case .aggregate(let wanted, _):
            // A struct or union by value: of the parameter's own type.
            guard case .aggregate(let given, _) = value.shape, given.offset == wanted.offset || types.name(of: value.type) == types.name(of: target)
            else { throw refusal }
            var argument = value
            argument.type = target
            return .value(argument)
        default:
            throw .invalid("not yet: passing arguments of type \(types.name(of: target)) (argument \(position) of \(function))")
        }
    }

    private func converted(_ value: Value, to target: ValueType, refusal: EvaluationError) throws(EvaluationError) -> Value {
        do {
            return try convert(value, to: target)
        } catch {
            throw refusal
        }
    }

    /// C's default argument promotions: small integers and bools to `int`, `float` to
    /// `double`, arrays and functions to pointers; the rest as it is.
    private func promoted(_ value: Value) -> ValueType {
        switch value.shape {
        case .integer(let size, _, _) where size < 4: return .builtin(rules.intType)
        case .boolean, .enumeration: return .builtin(rules.intType)
        case .float(let size) where size < 8: return .builtin(rules.floatType(size: 8))
        case .array(let element, _): return .pointer(to: element, language: language)
        case .function: return .pointer(to: value.type, language: language)
        default: return value.type
        }
    }
}
