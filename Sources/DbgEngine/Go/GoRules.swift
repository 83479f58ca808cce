import DbgSymbols

/// Go as Delve reads, names, evaluates and steps it.
struct GoRules: LanguageRules {
    var intType: BuiltinType { .goInt }
    var truthType: BuiltinType { .goBool }
    var sizeType: BuiltinType { .goInt }
    var wordType: BuiltinType { .goInt }

    func integerType(size: Int, isSigned: Bool) -> BuiltinType {
        BuiltinType(name: (isSigned ? "int" : "uint") + String(size * 8), size: size,
                           encoding: isSigned ? .signed : .unsigned, language: .go)
    }

    func floatType(size: Int) -> BuiltinType {
        switch size {
        case 4: BuiltinType(name: "float32", size: 4, encoding: .float, language: .go)
        case 8: .goFloat64
        default: BuiltinType(name: "long double", size: 16, encoding: .float, language: .go)
        }
    }

    var functionTypeName: String { "func" }
    func keywordType(named spaced: String) -> BuiltinType? { nil }
    var dwarfNamesTypesAsWritten: Bool { true }
    var kindsLiveOnNamedTypes: Bool { true }
    var hasUnsafePointer: Bool { true }
    var charactersAreText: Bool { false }

    func integerLiteralType(_ number: UInt64, suffix: IntegerSuffix) -> BuiltinType {
        number > UInt64(Int64.max) ? BuiltinType(name: "uint64", size: 8, encoding: .unsigned, language: .go) : .goInt
    }

    func floatLiteralType(isSingle: Bool) -> BuiltinType { .goFloat64 }
    var characterLiteralType: BuiltinType { .goInt32 }
    var booleanType: BuiltinType { .goBool }
    func stringLiteral(_ bytes: [UInt8]) -> (bytes: [UInt8], type: ValueType) { (bytes, .builtin(.goString)) }

    var describesIntegersByConstants: Bool { true }
    var pointersToPointersShowTheirAddress: Bool { false }
    var functionPointersShowTheirFunction: Bool { false }
    func floatText(_ number: Scalar, size: Int) -> String { FloatText.format(number.asDouble, size: size) }
    func hasHeading(typeNamed name: String) -> Bool { name == "time.Time" }

    var usesUsualArithmeticConversions: Bool { false }
    var refusesNilDereference: Bool { true }
    var outOfRangeFloatsConvertToMinimum: Bool { true }
    var promotesEmbeddedMembers: Bool { true }
    var indexesThroughArrayPointers: Bool { true }
    var hasComplexBuiltins: Bool { true }
    var qualifiesNamesByPackage: Bool { true }
    var scopesVariablesByDeclarationLine: Bool { true }
    var givesRegisterVariablesFakeAddresses: Bool { true }
    var listsLocalsOuterBlocksFirst: Bool { true }
    var hasGenericDictionaries: Bool { true }

    var stepping: SteppingStyle { .lines }
    var returnConvention: ReturnConvention { .goRegisterABI }
    /// Delve calls Go functions through the runtime's debugCallV2 protocol (the call runs on
    /// the goroutine, which the runtime may move or preempt); not done yet.
    var functionCalls: FunctionCallSupport { .goDebugCall }
    var refusesLinesWithoutStatements: Bool { true }
    var assemblyDialect: AssemblyDialect { .go }

    var callingConvention: RegisterArgumentPlan.Convention { .goInternal }
    var mayPassArgumentsOnTheStack: Bool { false }
    var callProbeFollowsStackCheck: Bool { true }
    var returnsProbedAtReturnInstructions: Bool { true }
    var greenThreadRegister: X86_64Register? { .r14 }
    var traceLateReads: TraceLateReads { .offTheStack }
    var traceNamesArguments: Bool { false }
}
