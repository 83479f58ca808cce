import DbgSymbols

/// A Swift generic function's values of its type parameters: its frame keeps each
/// parameter's type metadata in an artificial variable (`$τ_0_0` for the first), whose
/// metadata names the type it is bound to at this call.
extension FrameScope {
    func swiftInstantiatedType(_ type: ValueType) -> ValueType? {
        guard let name = context.types.swiftName(of: type), name.mentionsGenericParameters else { return nil }
        var arguments: [SwiftTypeName] = []
        let reader = SwiftMetadataReader(memory: context.memory)
        for index in 0..<16 {
            guard let variable = frame?.variable(named: "$τ_0_\(index)"),
                  let metadata = try? value(of: variable).pointerValue(),
                  let bound = try? reader.typeName(ofMetadata: metadata)
            else { break }
            arguments.append(bound)
        }
        guard !arguments.isEmpty, let substituted = try? name.substituting(arguments) else { return nil }
        return .swift(substituted)
    }
}

extension SwiftTypeName {
    /// Whether a generic parameter (`τ_0_0`) appears anywhere in the type.
    var mentionsGenericParameters: Bool {
        switch self {
        case .genericParameter: return true
        case .nominal(_, let arguments): return arguments.contains { $0.mentionsGenericParameters }
        case .tuple(let elements): return elements.contains { $0.type.mentionsGenericParameters }
        case .metatype(let instance, _): return instance.mentionsGenericParameters
        case .referenceStorage(_, let referent): return referent.mentionsGenericParameters
        case .function, .existential, .builtin: return false
        }
    }
}
