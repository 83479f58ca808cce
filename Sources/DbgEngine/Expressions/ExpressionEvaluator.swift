import DbgSymbols

/// Evaluates expressions in a scope, giving values (read lazily: `print` loads them within
/// its limits). Reads happen only where the operation needs a number (arithmetic, pointer
/// dereference, an index); a failed read is an error of the expression.
public struct ExpressionEvaluator: Sendable {
    public let scope: any EvaluationScope

    public init(scope: any EvaluationScope) {
        self.scope = scope
    }

    var context: ValueContext { scope.context }
    var types: TypeSystem { scope.context.types }
    var language: SourceLanguage { scope.language }
    var rules: any LanguageRules { scope.language.rules }

    /// Parses with this scope's type names, so that `(node_t *)p` reads as a cast.
    public func parse(_ text: String) throws(EvaluationError) -> Expression {
        do {
            return try ExpressionParser.parse(text) { [scope] name in
                scope.variable(named: name) == nil && scope.type(named: name) != nil
            }
        } catch {
            throw .syntax(error)
        }
    }

    public func evaluate(_ text: String) throws(EvaluationError) -> Value {
        try evaluate(try parse(text))
    }

    /// A breakpoint condition: true when the expression's value is not zero (or nil).
    public func isTrue(_ text: String) throws(EvaluationError) -> Bool {
        try truth(try evaluate(text))
    }

    public func isTrue(_ expression: Expression) throws(EvaluationError) -> Bool {
        try truth(try evaluate(expression))
    }

    public func evaluate(_ expression: Expression) throws(EvaluationError) -> Value {
        switch expression {
        case .integer, .float, .character, .string, .boolean, .null:
            return literal(expression)
        case .identifier(let name):
            return try lookup(name)
        case .register(let name):
            guard let entry = RegisterNames.lookup(name, language: language) else {
                // A runtime's `$` name (Swift's `$task`), which no register has.
                if let named = scope.variable(named: "$" + name) { return named }
                throw .unknownRegister(name)
            }
            return Value(type: entry.type, location: .register(entry.number), context: context, name: "$" + name)
        case .member(let base, let name):
            return try member(of: base, name, arrow: false)
        case .arrow(let base, let name):
            return try member(of: base, name, arrow: true)
        case .index(let base, let index):
            return try subscripted(try evaluate(base), index: try evaluate(index))
        case .slice(let base, let low, let high):
            return try sliced(try evaluate(base), low: try low.map { e throws(EvaluationError) in try evaluate(e) },
                              high: try high.map { e throws(EvaluationError) in try evaluate(e) })
        case .call(let callee, let arguments):
            return try call(callee, arguments)
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand))
        case .binary(let op, let left, let right):
            return try binary(op, left, right)
        case .conditional(let condition, let then, let otherwise):
            return try evaluate(try truth(try evaluate(condition)) ? then : otherwise)
        case .cast(let type, .call(let callee, let arguments)) where rules.functionCalls == .systemV:
            // `(size_t)strlen(s)`: the cast declares the result of a function whose debugging
            // information does not.
            let declared = try resolve(type)
            return try convert(try callFunction(callee, arguments, declaredResult: declared), to: declared)
        case .cast(let type, let operand):
            return try convert(try evaluate(operand), to: try resolve(type))
        case .sizeofType(let type):
            let resolved = try resolve(type)
            guard let size = types.size(of: resolved) else { throw .value(.unknownSize(types.name(of: resolved))) }
            return sizeValue(size)
        case .sizeofValue(let operand):
            let value = try evaluate(operand)
            guard let size = types.size(of: value.type) else { throw .value(.unknownSize(value.typeName)) }
            return sizeValue(size)
        case .assign(let target, let value):
            return try assign(target, value)
        case .typeAssertion(let base, let type):
            return try typeAsserted(try evaluate(base), to: type)
        }
    }

    // MARK: Names

    private func lookup(_ name: String) throws(EvaluationError) -> Value {
        if let variable = scope.variable(named: name) { return variable }
        if let function = scope.function(named: name) { return function }
        throw .unknownSymbol(name)
    }

    /// `a.b.c` as one dotted name, for Go's package-qualified globals (`main.counter`).
    private func dottedName(_ expression: Expression) -> String? {
        switch expression {
        case .identifier(let name): return name
        case .member(let base, let name): return dottedName(base).map { $0 + "." + name }
        default: return nil
        }
    }

    // MARK: Members and subscripts

    private func member(of baseExpression: Expression, _ name: String, arrow: Bool) throws(EvaluationError) -> Value {
        // `main.counter`, `runtime.allgs`: when the first name is no variable, the whole
        // dotted name may be a package's global (even where `main` names a function).
        if !arrow, let dotted = dottedName(baseExpression), let first = dotted.split(separator: ".").first,
           scope.variable(named: String(first)) == nil,
           let global = scope.variable(named: dotted + "." + name) ?? scope.function(named: dotted + "." + name) {
            return global
        }
        let base: Value
        do {
            base = try evaluate(baseExpression)
        } catch {
            // `main.counter`: a package name is no variable; the whole is a global's name.
            guard !arrow, case .unknownSymbol = error, let qualified = dottedName(baseExpression).map({ $0 + "." + name })
            else { throw error }
            if let global = scope.variable(named: qualified) ?? scope.function(named: qualified) { return global }
            // `it.name` with no `it`: the unknown name is `it`, as Delve says, unless `it` names a package.
            if rules.qualifiesNamesByPackage, let first = qualified.split(separator: ".").first, !scope.isPackage(String(first)) { throw error }
            throw .unknownSymbol(qualified)
        }
        if case .swift = base.shape { return try swiftMember(of: base, name) }
        var aggregate = base
        if case .pointer = base.shape {
            // `->`, and `.` on a pointer (Go's rule, and gdb's leniency in C).
            aggregate = try readValue { () throws(ValueError) in try base.pointee() }
        } else if arrow {
            throw .invalid("\(baseExpression) (type \(base.typeName)) is not a pointer")
        }
        guard case .aggregate = aggregate.shape else {
            throw .invalid("\(baseExpression) (type \(aggregate.typeName)) is not a struct")
        }
        if let member = aggregate.member(named: name) { return member }
        if rules.promotesEmbeddedMembers, let promoted = try readValue({ () throws(ValueError) in try aggregate.promotedMember(named: name) }) {
            return promoted
        }
        throw .unknownMember(name, type: aggregate.typeName)
    }

    func subscripted(_ base: Value, index indexValue: Value) throws(EvaluationError) -> Value {
        if case .goMap(let mapType) = base.shape { return try mapElement(base, mapType: mapType, key: indexValue) }
        if case .swift = base.shape { return try swiftElement(base, index: indexValue) }
        let index = try integerOperand(indexValue, role: "an index")
        switch base.shape {
        case .array(_, let count):
            if let count, index < 0 || UInt64(index) >= count {
                throw .invalid("index \(index) out of bounds [0, \(count))")
            }
            guard let element = base.element(at: index) else { throw .invalid("cannot index \(base.typeName)") }
            return element
        case .pointer:
            // Go indexes the array a pointer points to (`parr[1]`); C steps the pointer.
            if rules.indexesThroughArrayPointers, let array = try goArray(pointedToBy: base) { return try subscripted(array, index: indexValue) }
            return try readValue { () throws(ValueError) in try base.pointee(offset: index) }
        case .goSlice(let element):
            let (array, length) = try readValue { () throws(ValueError) -> (UInt64, Int64) in
                guard let array = base.member(named: "array"), let length = base.member(named: "len") else {
                    throw .unsupported("slice header without array and len")
                }
                return (try array.pointerValue(), try length.scalar().asInt64)
            }
            guard index >= 0, index < length else { throw .invalid("index \(index) out of bounds [0, \(length))") }
            let address = array &+ UInt64(index) &* types.stride(of: element)
            return Value(type: element, location: .memory(address), context: context, name: "\(base.name)[\(index)]")
        case .goString, .literalString:
            let bytes = try stringBytes(base)
            guard index >= 0, index < bytes.count else { throw .invalid("index \(index) out of bounds [0, \(bytes.count))") }
            return Value.constant([bytes[Int(index)]], type: .builtin(.goUint8), context: context)
        default:
            throw .invalid("cannot index \(base.name.isEmpty ? base.typeName : base.name) (type \(base.typeName))")
        }
    }

    // MARK: Calls: builtins and conversions

    private func call(_ callee: Expression, _ arguments: [Expression]) throws(EvaluationError) -> Value {
        if case .identifier(let name) = callee, name == "len" || name == "cap", scope.variable(named: name) == nil {
            guard arguments.count == 1 else { throw .invalid("\(name) takes one argument") }
            return try lengthBuiltin(name, try evaluate(arguments[0]))
        }
        if rules.hasComplexBuiltins, case .identifier(let name) = callee, name == "real" || name == "imag", scope.variable(named: name) == nil {
            guard arguments.count == 1 else { throw .invalid("\(name) takes one argument") }
            return try complexPart(name, try evaluate(arguments[0]))
        }
        if rules.hasComplexBuiltins, case .identifier("complex") = callee, scope.variable(named: "complex") == nil {
            guard arguments.count == 2 else { throw .invalid("complex takes two arguments") }
            return try makeComplex(real: try evaluate(arguments[0]), imaginary: try evaluate(arguments[1]))
        }
        if let type = typeNamed(by: callee) {
            guard arguments.count == 1 else { throw .invalid("a conversion takes one argument") }
            return try convert(try evaluate(arguments[0]), to: type)
        }
        return try callFunction(callee, arguments)
    }

    /// The type an expression names when used as a conversion: `int64`, `main.Status`,
    /// and Go's `(*T)` written as a dereference.
    private func typeNamed(by expression: Expression) -> ValueType? {
        switch expression {
        case .identifier(let name):
            return scope.variable(named: name) == nil ? scope.type(named: name) : nil
        case .member:
            guard let name = dottedName(expression), scope.variable(named: name) == nil else { return nil }
            if case .identifier(let package) = expression, scope.variable(named: package) != nil { return nil }
            return scope.type(named: name)
        case .unary(.dereference, let inner):
            return typeNamed(by: inner).map { .pointer(to: $0, language: language) }
        default:
            return nil
        }
    }

    /// Go: the array a `*[N]T` points to, which indexing, `len` and `cap` see through.
    func goArray(pointedToBy pointer: Value) throws(EvaluationError) -> Value? {
        let pointee = try readValue { () throws(ValueError) in try pointer.pointee() }
        guard case .array = pointee.shape else { return nil }
        guard try readValue({ () throws(ValueError) in try pointer.pointerValue() }) != 0 else {
            throw .invalid("nil pointer dereference")
        }
        return pointee
    }

    private func lengthBuiltin(_ name: String, _ value: Value) throws(EvaluationError) -> Value {
        if rules.indexesThroughArrayPointers, case .pointer = value.shape, let array = try goArray(pointedToBy: value) {
            return try lengthBuiltin(name, array)
        }
        let result: Int64
        switch value.shape {
        case .array(_, let count):
            result = Int64(clamping: count ?? 0)
        case .goSlice:
            result = try readValue { () throws(ValueError) -> Int64 in
                guard let field = value.member(named: name == "len" ? "len" : "cap") else {
                    throw .unsupported("slice header without \(name)")
                }
                return try field.scalar().asInt64
            }
        case .goString, .literalString:
            guard name == "len" else { throw .invalid("invalid argument for cap: \(value.typeName)") }
            result = Int64(try stringLength(value))
        case .goMap(let mapType):
            guard name == "len" else { throw .invalid("invalid argument for cap: \(value.typeName)") }
            result = try readValue { () throws(ValueError) in try GoMapIterator(value, mapType: mapType).count }
        case .goChannel:
            result = try channelLength(name, value)
        default:
            throw .invalid("invalid argument for \(name): \(value.typeName)")
        }
        let type = rules.wordType
        return Value.constant(littleEndianBytes(UInt64(bitPattern: result), count: 8), type: .builtin(type), context: context)
    }

    private func sizeValue(_ size: UInt64) -> Value {
        let type = rules.sizeType
        return Value.constant(littleEndianBytes(size, count: type.size), type: .builtin(type), context: context)
    }

    // MARK: Types

    func resolve(_ type: TypeExpression) throws(EvaluationError) -> ValueType {
        switch type {
        case .named(let name):
            guard let resolved = scope.type(named: name) else { throw .unknownType(name) }
            return resolved
        case .pointer(let pointee):
            return .pointer(to: try resolve(pointee), language: language)
        case .array(let element, let count):
            return .array(of: try resolve(element), count: count, language: language)
        }
    }

    // MARK: Reading

    /// Runs a read, turning its failure into an evaluation error.
    func readValue<T>(_ read: () throws(ValueError) -> T) throws(EvaluationError) -> T {
        do {
            return try read()
        } catch {
            throw .value(error)
        }
    }

    /// True when the value is not zero: conditions, `!`, `&&`, `||`, `?:`.
    func truth(_ value: Value) throws(EvaluationError) -> Bool {
        if let word = nilComparableWord(value) { return try readValue { () throws(ValueError) in try word() } != 0 }
        return !(try scalarOperand(value).isZero)
    }
}
