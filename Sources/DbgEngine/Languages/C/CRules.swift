import DbgSymbols

/// C with gdb's meaning, in Delve's spelling; also the rules of languages that have none of
/// their own yet.
struct CRules: LanguageRules {
    var traceLateReads: TraceLateReads { .offTheStack }
    /// C's `char` is a character; other languages read as C keep one-byte integers numbers.
    let charactersAreText: Bool

    var intType: BuiltinType { .cInt }
    var truthType: BuiltinType { .cInt }
    var sizeType: BuiltinType { .cUnsignedLong }
    var wordType: BuiltinType { .cLong }

    func integerType(size: Int, isSigned: Bool) -> BuiltinType {
        switch (size, isSigned) {
        case (1, true): BuiltinType(name: "int8_t", size: 1, encoding: .signed, language: .c)
        case (2, true): BuiltinType(name: "short", size: 2, encoding: .signed, language: .c)
        case (4, true): .cInt
        case (4, false): .cUnsignedInt
        case (_, true): .cLong
        default: .cUnsignedLong
        }
    }

    func floatType(size: Int) -> BuiltinType {
        switch size {
        case 4: .cFloat
        case 8: .cDouble
        default: BuiltinType(name: "long double", size: 16, encoding: .float, language: .c)
        }
    }

    var functionTypeName: String { "function" }

    func keywordType(named spaced: String) -> BuiltinType? {
        BuiltinType.cKeywordTypes[BuiltinType.sortedWords(spaced)]
    }

    var dwarfNamesTypesAsWritten: Bool { false }
    var kindsLiveOnNamedTypes: Bool { false }
    var hasUnsafePointer: Bool { false }

    func integerLiteralType(_ number: UInt64, suffix: IntegerSuffix) -> BuiltinType {
        if suffix.isUnsigned {
            return suffix.longCount == 0 && number <= UInt64(UInt32.max) ? .cUnsignedInt : .cUnsignedLong
        }
        if suffix.longCount == 0 && number <= UInt64(Int32.max) { return .cInt }
        return number <= UInt64(Int64.max) ? .cLong : .cUnsignedLong
    }

    func floatLiteralType(isSingle: Bool) -> BuiltinType { isSingle ? .cFloat : .cDouble }
    var characterLiteralType: BuiltinType { .cChar }
    var booleanType: BuiltinType { .cBool }

    func stringLiteral(_ bytes: [UInt8]) -> (bytes: [UInt8], type: ValueType) {
        (bytes + [0], .array(of: .builtin(.cChar), count: UInt64(bytes.count + 1), language: .c))
    }

    var describesIntegersByConstants: Bool { false }
    var pointersToPointersShowTheirAddress: Bool { true }
    var functionPointersShowTheirFunction: Bool { true }
    func floatText(_ number: Scalar, size: Int) -> String {
        if case .extended(let extended) = number { return FloatText.cFormat(extended) }
        return FloatText.cFormat(number.asDouble, size: size)
    }
    func hasHeading(typeNamed name: String) -> Bool { false }

    var usesUsualArithmeticConversions: Bool { true }
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

    var stepping: SteppingStyle { .statements }
    var returnConvention: ReturnConvention { .systemV }
    var functionCalls: FunctionCallSupport { .systemV }
    var refusesLinesWithoutStatements: Bool { false }
    var assemblyDialect: AssemblyDialect { .gdb }

    var callingConvention: RegisterArgumentPlan.Convention { .systemV }
    var mayPassArgumentsOnTheStack: Bool { true }
    var callProbeFollowsStackCheck: Bool { false }
    var returnsProbedAtReturnInstructions: Bool { false }
    var greenThreadRegister: X86_64Register? { nil }
    var traceNamesArguments: Bool { true }
}
