import DbgSymbols

/// How machine code is shown, by the language of the code: as Delve shows it for Go (and
/// for code of no known language), and as dbg has always shown C and C++, whose instruction
/// text is gdb's (checked against gdb), in Delve's columns without padding.
enum AssemblyPresentation: Sendable {
    /// Delve's: a `TEXT name(SB) FILE` header, columns padded as Go's tabwriter pads them,
    /// only the thread's pc marked, and the instructions around the pc after `step-instruction`.
    case delve
    /// One tab between columns, no header, a caller frame's return address marked as the pc
    /// is (`frame 2 disassemble`); `step-instruction` shows the source.
    case plain

    /// The presentation of code from `file` (a source path; empty when unknown).
    init(file: String) {
        self = SourceLanguage(path: file)?.assemblyPresentation ?? .delve
    }

    var listsInstructionsAfterStepInstruction: Bool { self == .delve }
    var marksCallerFramePC: Bool { self == .plain }
}

extension SourceLanguage {
    var assemblyPresentation: AssemblyPresentation {
        switch self {
        case .c, .cPlusPlus: .plain
        case .go, .swift, .rust, .assembly, .other: .delve
        }
    }
}
