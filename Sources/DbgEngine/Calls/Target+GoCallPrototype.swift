import DbgSymbols

extension Target {
    /// A Go function's prototype: its parameters (the receiver first) and its results, which
    /// Go's DWARF lists as parameters too (DW_AT_variable_parameter), named `~r0`... or as
    /// declared.
    func goCallPrototype(of function: Function, name: String, address: UInt64, in loaded: LoadedImage)
        throws(EvaluationError) -> FunctionPrototype
    {
        guard let debugInfo = loaded.image.debugInfo,
              let scope = ScopeReader(debugInfo: debugInfo).frames(at: function.entry).first
        else { throw .invalid("cannot call \(name): its parameters cannot be read") }
        let types = symbols(of: loaded.image).typeSystem
        let arguments = scope.parameters.filter { !$0.isVariableParameter }
        let results = scope.parameters.filter(\.isVariableParameter)
        var prototype = FunctionPrototype(
            name: function.name, address: address, parameters: arguments.map { types.resolve($0.type) },
            result: results.first.map { types.resolve($0.type) }, isVariadic: false, isPrototyped: true,
            convention: .goDebugCall)
        prototype.parameterNames = arguments.map(\.name)
        prototype.namedResults = results.map { (name: $0.name, type: types.resolve($0.type)) }
        return prototype
    }
}
