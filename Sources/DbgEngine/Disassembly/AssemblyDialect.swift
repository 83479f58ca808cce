import DbgSymbols

/// Whose disassembler a listing reads like: the program's language decides, as the debugger
/// its users compare dbg with does (gdb for C, Delve for Go).
public enum AssemblyDialect: Sendable {
    /// gdb's: its AT&T and Intel spellings, `<symbol+offset>` after a branch target and
    /// `# 0xADDRESS <symbol>` after a rip-relative operand.
    case gdb
    /// Go's x86asm in its Intel spelling, as Delve prints it (GoIntelSyntax). Delve's GNU
    /// flavour (x86asm's own AT&T) is not followed: AT&T listings stay gdb's.
    case go

    public init(language: SourceLanguage?) {
        self = language?.rules.assemblyDialect ?? .gdb
    }
}
