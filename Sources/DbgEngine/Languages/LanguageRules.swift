import DbgSymbols

/// What differs between the languages dbg debugs, wherever the engine names types, reads
/// values, evaluates expressions and steps: one value per language (`SourceLanguage.rules`,
/// the only place that tells languages apart). Code outside a language's folder asks these
/// rules and never tests the language.
///
/// C's rules are gdb's meaning in Delve's spelling; Go's are Delve's.
protocol LanguageRules: Sendable {
    // MARK: Types

    /// What comparisons and literals produce without a better type: C's `int`, Go's `int`.
    var intType: BuiltinType { get }
    /// The result of a comparison or a logical operator: C's `int`, Go's `bool`.
    var truthType: BuiltinType { get }
    /// What `sizeof`, `len` and `cap` produce.
    var sizeType: BuiltinType { get }
    /// A signed machine word: the difference of two pointers, a length (C's `long`, Go's `int`).
    var wordType: BuiltinType { get }
    /// The integer type of `size` bytes (a register's parts: `eax` is C's `int`, Go's `int32`).
    func integerType(size: Int, isSigned: Bool) -> BuiltinType
    /// The floating-point type of `size` bytes (4, 8; anything else is `long double`).
    func floatType(size: Int) -> BuiltinType
    /// The name a function type has (`func`, `function`).
    var functionTypeName: String { get }
    /// A type the language names with keywords (C's `unsigned long`, in any word order), found
    /// before the binary's types; nil when the words name none.
    func keywordType(named spaced: String) -> BuiltinType?
    /// Whether the DWARF names each type as the language writes it (Go), rather than dbg
    /// spelling C's declarators in Go's order (`*struct node`, `[5]int`).
    var dwarfNamesTypesAsWritten: Bool { get }
    /// Whether a type's kind (a channel, a map) is on its named type rather than on what the
    /// name stands for (Go: `chan string` is a typedef of a pointer to `hchan<string>`).
    var kindsLiveOnNamedTypes: Bool { get }
    /// Whether a pointer with no pointee type is the language's untyped pointer
    /// (`unsafe.Pointer`), named and shown as such.
    var hasUnsafePointer: Bool { get }
    /// Whether one-byte integer types declared as characters are characters (C's `char`: shown
    /// with the character, arrays and pointers of them as text).
    var charactersAreText: Bool { get }

    // MARK: Literals

    /// The type of an integer literal: C's `int`, `long` when it does not fit, per its suffix;
    /// Go's `int` (`uint64` above int64's range).
    func integerLiteralType(_ number: UInt64, suffix: IntegerSuffix) -> BuiltinType
    /// The type of a floating-point literal (`1.5`, C's `1.5f`).
    func floatLiteralType(isSingle: Bool) -> BuiltinType
    /// The type of a character literal: C's `char`, Go's `rune` (int32).
    var characterLiteralType: BuiltinType { get }
    /// The type of `true` and `false`.
    var booleanType: BuiltinType { get }
    /// A string literal's bytes and type: C's NUL-terminated `char [N+1]`, Go's `string`.
    func stringLiteral(_ bytes: [UInt8]) -> (bytes: [UInt8], type: ValueType)

    // MARK: Values

    /// Whether an integer of a named type shows the constant it equals (`Paid (1)`), as Delve
    /// shows Go's.
    var describesIntegersByConstants: Bool { get }
    /// Whether a pointer to a pointer shows its own address rather than following it (gdb's C).
    var pointersToPointersShowTheirAddress: Bool { get }
    /// Whether a function pointer shows the function's name (C, as gdb prints it).
    var functionPointersShowTheirFunction: Bool { get }
    /// A floating-point number of `size` bytes as the language's debugger prints it (Delve's
    /// Go: plain decimal digits; gdb's C: `%g`'s form), always the shortest digits.
    func floatText(_ number: Scalar, size: Int) -> String
    /// Whether a value of type `name` gets a heading summarising it (Go's `time.Time`).
    func hasHeading(typeNamed name: String) -> Bool

    // MARK: Expressions

    /// Whether arithmetic converts its operands as C's usual arithmetic conversions do (promotion
    /// to `int`, a common type); otherwise both have one type, a literal taking the other's.
    var usesUsualArithmeticConversions: Bool { get }
    /// Whether dereferencing a nil pointer is refused with Delve's "nil pointer dereference"
    /// rather than read (and failed) at address 0.
    var refusesNilDereference: Bool { get }
    /// Whether a float out of an integer type's range converts to that type's minimum, as Go's
    /// conversion does on amd64 (CVTTSD2SQ's "integer indefinite").
    var outOfRangeFloatsConvertToMinimum: Bool { get }
    /// Whether a struct's members include those of its embedded structs (Go).
    var promotesEmbeddedMembers: Bool { get }
    /// Whether indexing a pointer to an array, and `len` of it, reach through to the array (Go)
    /// rather than stepping the pointer (C).
    var indexesThroughArrayPointers: Bool { get }
    /// Whether `real`, `imag` and `complex` are builtin functions.
    var hasComplexBuiltins: Bool { get }
    /// Whether names are qualified by package (`main.counter`, `fmt.Println`): an unknown
    /// `a.b` whose `a` is not a package blames `a`, as Delve does.
    var qualifiesNamesByPackage: Bool { get }
    /// Whether a frame's variables are visible only after the line that declares them (Go's
    /// DWARF gives declaration lines that Delve honours).
    var scopesVariablesByDeclarationLine: Bool { get }
    /// Whether `locals` lists outer blocks' variables first, each block's in declaration order
    /// (Delve's Go), rather than in the scope's own order.
    var listsLocalsOuterBlocksFirst: Bool { get }
    /// Whether variables held in registers get Delve's fake addresses (`&x` works).
    var givesRegisterVariablesFakeAddresses: Bool { get }
    /// Whether generic functions read their type parameters from a dictionary (Go's).
    var hasGenericDictionaries: Bool { get }
    /// Whether a generic function's frame holds its type parameters' metadata in artificial
    /// variables named `$τ_0_0`, `$τ_0_1`... (Swift's).
    var bindsGenericParametersByMetadataVariables: Bool { get }

    // MARK: Stepping and code

    /// How `next` and `step` choose where to stop.
    var stepping: SteppingStyle { get }
    /// Where a returning function's results are.
    var returnConvention: ReturnConvention { get }
    /// Whether a breakpoint on a line without a statement is refused (Delve, Go) rather than
    /// moved to the next line with code (gdb, C).
    var refusesLinesWithoutStatements: Bool { get }
    /// How its disassembly is spelled.
    var assemblyDialect: AssemblyDialect { get }
    /// Whether the debugger can call its functions (`call f(1)`), and by which convention.
    var functionCalls: FunctionCallSupport { get }

    // MARK: Tracing

    /// Which registers a call's arguments arrive in, at the function's entry.
    var callingConvention: RegisterArgumentPlan.Convention { get }
    /// Whether a call may pass arguments in the caller's stack area (C: a seventh argument, a
    /// struct by value), which a probe must copy as it was at the call.
    var mayPassArgumentsOnTheStack: Bool { get }
    /// Whether a call's probe goes after the stack-growth check that opens each function (Go:
    /// a goroutine whose stack grows re-enters the function, which would count twice).
    var callProbeFollowsStackCheck: Bool { get }
    /// What memory beyond the sampled stack a trace that does not stop the program (uprobes,
    /// inject) may read after the event.
    var traceLateReads: TraceLateReads { get }
    /// Whether returns are probed at the RET instructions, never by patching the return
    /// address (Go moves stacks, and a patched return address would move with them).
    var returnsProbedAtReturnInstructions: Bool { get }
    /// The register that holds the running green thread inside the language's code (Go's
    /// ABIInternal keeps the g in R14), nil where none does.
    var greenThreadRegister: X86_64Register? { get }
    /// Whether a trace line names the arguments (`checksum(n=4)`), as Delve's does for C but
    /// not for Go.
    var traceNamesArguments: Bool { get }
}

/// How `next` and `step` choose their stops.
enum SteppingStyle: Sendable {
    /// gdb's: statement starts (is_stmt rows, by line and column), inlined calls entered and
    /// left as frames of their own, hidden at their first instruction.
    case statements
    /// Delve's: the first instruction of each other line of the function.
    case lines
}

/// Where a function leaves its results.
enum ReturnConvention: Sendable {
    /// The System V ABI: rax/rdx, xmm0/xmm1, memory through rax.
    case systemV
    /// Go's register ABI (ABIInternal), results named in the DWARF.
    case goRegisterABI
    /// Swift's: a value's scalars in rax, rdx, rcx, r8 and xmm0-xmm3 (`SwiftValueLowering`).
    case swift
}

extension LanguageRules {
    var bindsGenericParametersByMetadataVariables: Bool { false }
    var traceLateReads: TraceLateReads { .anywhere }
    /// Until a language says how its functions are called, calling them is refused.
    var functionCalls: FunctionCallSupport { .notYet("calling functions of this language is not supported yet") }
}

extension SourceLanguage {
    /// The rules of the language. Languages without rules of their own (C++, Rust, assembly
    /// for now) read as C, but their one-byte integers stay numbers.
    var rules: any LanguageRules {
        switch self {
        case .go: GoRules()
        case .swift: SwiftRules()
        case .c, .cPlusPlus: CRules(charactersAreText: true)
        default: CRules(charactersAreText: false)
        }
    }
}

/// What a trace read after its event (the program has run on) may read of the program's
/// memory beyond the stack bytes sampled with the event.
enum TraceLateReads {
    /// Anything.
    case anywhere
    /// Anything but the stack of the thread (or green thread) that made the event: C builds
    /// strings in local buffers, Go a variadic call's slice in its caller's frame, which the
    /// next call overwrites as soon as the call returns. The heap's and the binary's values
    /// usually outlive the call.
    case offTheStack
    /// Nothing: Swift frees a value's storage as soon as its last use ends, and what is read
    /// later may be another value's bytes.
    case nowhere
}
