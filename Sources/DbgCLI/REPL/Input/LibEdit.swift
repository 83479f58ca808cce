import CEdit
import Glibc

/// libedit's readline-compatible interface, looked up at run time.
///
/// histedit.h's own API needs el_set() and history(), which are C variadic functions
/// Swift cannot call; libedit's readline layer (readline, add_history, completion
/// hooks) has fixed signatures, so binding it with dlsym is well defined. The symbols
/// are in the libedit that `import CEdit` links.
struct LibEdit: @unchecked Sendable {
    // @unchecked is safe: the members are addresses in libedit (functions, and its global
    // variables), fixed for the life of the process; libedit itself is used from one
    // thread at a time (EditLineInput's lock, Completion's lock).
    typealias CompletionFunction = @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    typealias Generator = @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>?

    let readline: @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    let addHistory: @convention(c) (UnsafePointer<CChar>?) -> Int32
    let readHistory: @convention(c) (UnsafePointer<CChar>?) -> Int32
    let writeHistory: @convention(c) (UnsafePointer<CChar>?) -> Int32
    let stifleHistory: @convention(c) (Int32) -> Void
    let initialize: @convention(c) () -> Int32
    let completionMatches: @convention(c) (UnsafePointer<CChar>?, Generator?) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    // Global variables of the readline layer.
    let attemptedCompletionFunction: UnsafeMutablePointer<CompletionFunction?>
    let attemptedCompletionOver: UnsafeMutablePointer<Int32>
    let lineBuffer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let catchSignals: UnsafeMutablePointer<Int32>
    let wordBreakCharacters: UnsafeMutablePointer<UnsafePointer<CChar>?>

    static let shared: LibEdit? = load()

    private static func load() -> LibEdit? {
        // Keep a direct reference to libedit so the linker never drops it.
        _ = el_init as (@convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<FILE>?, UnsafeMutablePointer<FILE>?, UnsafeMutablePointer<FILE>?) -> OpaquePointer?)?
        var handle = dlopen(nil, RTLD_NOW)
        if handle == nil || dlsym(handle, "readline") == nil {
            handle = dlopen("libedit.so.2", RTLD_NOW | RTLD_GLOBAL)
        }
        guard let handle else { return nil }
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }
        guard let readline = symbol("readline"), let addHistory = symbol("add_history"),
              let readHistory = symbol("read_history"), let writeHistory = symbol("write_history"),
              let stifleHistory = symbol("stifle_history"), let initialize = symbol("rl_initialize"),
              let completionMatches = symbol("rl_completion_matches"),
              let attempted = symbol("rl_attempted_completion_function"),
              let over = symbol("rl_attempted_completion_over"), let lineBuffer = symbol("rl_line_buffer"),
              let catchSignals = symbol("rl_catch_signals"),
              let wordBreak = symbol("rl_completer_word_break_characters")
        else { return nil }
        return LibEdit(
            readline: unsafeBitCast(readline, to: (@convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?).self),
            addHistory: unsafeBitCast(addHistory, to: (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
            readHistory: unsafeBitCast(readHistory, to: (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
            writeHistory: unsafeBitCast(writeHistory, to: (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
            stifleHistory: unsafeBitCast(stifleHistory, to: (@convention(c) (Int32) -> Void).self),
            initialize: unsafeBitCast(initialize, to: (@convention(c) () -> Int32).self),
            completionMatches: unsafeBitCast(completionMatches, to: (@convention(c) (UnsafePointer<CChar>?, Generator?) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?).self),
            attemptedCompletionFunction: attempted.assumingMemoryBound(to: CompletionFunction?.self),
            attemptedCompletionOver: over.assumingMemoryBound(to: Int32.self),
            lineBuffer: lineBuffer.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self),
            catchSignals: catchSignals.assumingMemoryBound(to: Int32.self),
            wordBreakCharacters: wordBreak.assumingMemoryBound(to: UnsafePointer<CChar>?.self))
    }
}
