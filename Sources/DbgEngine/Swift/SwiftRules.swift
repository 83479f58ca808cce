import DbgSymbols

/// Swift as LLDB and Swift itself show it: `Int` is the word, comparisons are `Bool`, no
/// implicit conversions (a literal takes the other operand's type), numbers as Swift's
/// `description` writes them.
struct SwiftRules: LanguageRules {
    var intType: BuiltinType { .swiftInt }
    var truthType: BuiltinType { .swiftBool }
    var sizeType: BuiltinType { .swiftInt }
    var wordType: BuiltinType { .swiftInt }

    func integerType(size: Int, isSigned: Bool) -> BuiltinType {
        let bits = size * 8
        let name = isSigned ? (size == 8 ? "Int" : "Int\(bits)") : (size == 8 ? "UInt" : "UInt\(bits)")
        return BuiltinType(name: name, size: size, encoding: isSigned ? .signed : .unsigned, language: .swift)
    }

    func floatType(size: Int) -> BuiltinType {
        size == 4 ? BuiltinType(name: "Float", size: 4, encoding: .float, language: .swift) : .swiftDouble
    }

    var functionTypeName: String { "function" }
    func keywordType(named spaced: String) -> BuiltinType? { nil }
    var dwarfNamesTypesAsWritten: Bool { false }
    var kindsLiveOnNamedTypes: Bool { false }
    var hasUnsafePointer: Bool { false }
    var charactersAreText: Bool { false }

    func integerLiteralType(_ number: UInt64, suffix: IntegerSuffix) -> BuiltinType {
        number <= UInt64(Int64.max) ? .swiftInt : integerType(size: 8, isSigned: false)
    }

    func floatLiteralType(isSingle: Bool) -> BuiltinType { .swiftDouble }
    var characterLiteralType: BuiltinType { .swiftInt }
    var booleanType: BuiltinType { .swiftBool }

    func stringLiteral(_ bytes: [UInt8]) -> (bytes: [UInt8], type: ValueType) {
        (bytes, .builtin(BuiltinType(name: "String", size: bytes.count, encoding: .string, language: .swift)))
    }

    var describesIntegersByConstants: Bool { false }
    var pointersToPointersShowTheirAddress: Bool { false }
    var functionPointersShowTheirFunction: Bool { true }

    /// Swift's own `description`: `12.5`, `100.0`, `1e-05`, `inf`.
    func floatText(_ number: Scalar, size: Int) -> String {
        size == 4 ? Float(number.asDouble).description : number.asDouble.description
    }

    func hasHeading(typeNamed name: String) -> Bool { false }

    var usesUsualArithmeticConversions: Bool { false }
    var refusesNilDereference: Bool { false }
    var outOfRangeFloatsConvertToMinimum: Bool { false }
    var promotesEmbeddedMembers: Bool { false }
    var indexesThroughArrayPointers: Bool { false }
    var hasComplexBuiltins: Bool { false }
    var qualifiesNamesByPackage: Bool { false }
    var scopesVariablesByDeclarationLine: Bool { false }
    var givesRegisterVariablesFakeAddresses: Bool { false }
    var listsLocalsOuterBlocksFirst: Bool { false }
    var hasGenericDictionaries: Bool { false }
    var bindsGenericParametersByMetadataVariables: Bool { true }

    var stepping: SteppingStyle { .statements }
    var returnConvention: ReturnConvention { .swift }
    var refusesLinesWithoutStatements: Bool { false }
    var assemblyDialect: AssemblyDialect { .gdb }

    var callingConvention: RegisterArgumentPlan.Convention { .swift }
    var mayPassArgumentsOnTheStack: Bool { true }
    var callProbeFollowsStackCheck: Bool { false }
    var traceLateReads: TraceLateReads { .nowhere }
    var returnsProbedAtReturnInstructions: Bool { false }
    var greenThreadRegister: X86_64Register? { nil }
    var traceNamesArguments: Bool { true }
}

extension BuiltinType {
    static let swiftInt = BuiltinType(name: "Int", size: 8, encoding: .signed, language: .swift)
    static let swiftBool = BuiltinType(name: "Bool", size: 1, encoding: .boolean, language: .swift)
    static let swiftDouble = BuiltinType(name: "Double", size: 8, encoding: .float, language: .swift)
}
