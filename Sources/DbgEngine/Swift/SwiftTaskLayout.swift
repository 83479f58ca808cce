import DbgSymbols

/// Where the Swift concurrency runtime keeps what dbg reads of a task: the runtime's debug
/// markers (`_swift_concurrency_debug_*` in libswift_Concurrency.so) and the task object's
/// layout for the one layout version dbg knows. A runtime with another version is not read.
struct SwiftTaskLayout: Sendable {
    /// The task objects' metadata: the first word of every task.
    let taskMetadata: UInt64
    /// Resume functions of the runtime's own, which resume the real caller from the context.
    let adapters: Set<UInt64>
    /// The adapters a new task resumes first, which start the task's function: a task whose
    /// resume function is one of these has not started.
    let startAdapters: Set<UInt64>
    /// Where in a thread's TLS the current task is: fs_base minus this (the library's static
    /// TLS block), plus `currentTaskOffset`; nil when dbg cannot tell.
    let tlsBlockOffset: UInt64?

    static let layoutVersion: UInt64 = 1
    static let taskSize: UInt64 = 0xd0
    // The task object (layout version 1).
    static let flagsOffset: UInt64 = 0x20
    static let idLowOffset: UInt64 = 0x24
    static let resumeTaskOffset: UInt64 = 0x38
    static let resumeContextOffset: UInt64 = 0x40
    static let statusOffset: UInt64 = 0x60
    static let innermostRecordOffset: UInt64 = 0x68
    static let idHighOffset: UInt64 = 0x90
    static let childParentOffset: UInt64 = 0xd0
    /// A new task's function, in the prefix the runtime writes before its first context
    /// (`AsyncContextPrefix` and `FutureAsyncContextPrefix` alike end with the entry point,
    /// the closure context and the error result).
    static let entryPointBelowContext: UInt64 = 0x18
    static let closureContextBelowContext: UInt64 = 0x10
    /// The current task's place in the library's TLS block.
    static let currentTaskOffset: UInt64 = 8

    // JobFlags (at flagsOffset): the kind in bits 0-7 (0: a task), then these.
    static let isChildTask: UInt32 = 1 << 24
    static let isFuture: UInt32 = 1 << 25
    static let isGroupChild: UInt32 = 1 << 26
    // ActiveTaskStatus flags (at statusOffset).
    static let cancelled: UInt32 = 0x100
    static let running: UInt32 = 0x800
    static let enqueued: UInt32 = 0x1000
    static let complete: UInt32 = 0x2000

    /// The layout of the concurrency runtime loaded in the program; nil when it is not
    /// loaded, or is a version dbg does not know.
    init?(program: RuntimeProgram) {
        guard let concurrency = program.images.images.first(where: { $0.path.hasSuffix("/libswift_Concurrency.so") })
        else { return nil }
        func marker(_ name: String) -> UInt64? {
            guard let symbol = concurrency.image.symbols.symbols(named: name).first,
                  let bytes = try? program.memory.read(at: concurrency.runtimeAddress(symbol.address), count: 8)
            else { return nil }
            return littleEndianValue(bytes)
        }
        guard let version = marker("_swift_concurrency_debug_internal_layout_version"), version & 0xffff_ffff == Self.layoutVersion,
              let metadata = marker("_swift_concurrency_debug_asyncTaskMetadata"), metadata != 0,
              let size = marker("_swift_concurrency_debug_asyncTaskSize"), size == Self.taskSize
        else { return nil }
        taskMetadata = metadata
        startAdapters = Set(["_swift_concurrency_debug_non_future_adapter", "_swift_concurrency_debug_future_adapter"].compactMap(marker))
        adapters = startAdapters.union(
            ["_swift_concurrency_debug_task_wait_throwing_resume_adapter",
             "_swift_concurrency_debug_task_future_wait_resume_adapter"].compactMap(marker))
        tlsBlockOffset = Self.staticTLSOffset(of: concurrency, in: program)
    }

    /// The library's static TLS offset (`l_tls_offset` of its link_map), found through the
    /// dynamic linker's `_r_debug` list and the field offset glibc publishes for thread_db
    /// (`_thread_db_link_map_l_tls_offset`, in libc's debug symbols: libc6-dbg).
    private static func staticTLSOffset(of library: LoadedImage, in program: RuntimeProgram) -> UInt64? {
        func symbol(_ name: String) -> (LoadedImage, ELFSymbol)? {
            for loaded in program.images.images {
                if let found = loaded.image.symbols.symbols(named: name).first { return (loaded, found) }
            }
            return nil
        }
        guard let (loader, debug) = symbol("_r_debug"), let (holder, descriptor) = symbol("_thread_db_link_map_l_tls_offset"),
              let field = try? program.memory.read(at: holder.runtimeAddress(descriptor.address), count: 12)
        else { return nil }
        // The descriptor: size in bits, element count, offset in the struct.
        let fieldOffset = littleEndianValue(field[8..<12])
        func word(_ address: UInt64) -> UInt64? {
            (try? program.memory.read(at: address, count: 8)).map(littleEndianValue)
        }
        // r_debug: version (int), then r_map; link_map: l_addr, l_name, l_ld, l_next.
        var map = word(loader.runtimeAddress(debug.address) &+ 8) ?? 0
        for _ in 0..<512 where map != 0 {
            if let base = word(map), base == library.bias { return word(map &+ fieldOffset) }
            map = word(map &+ 24) ?? 0
        }
        return nil
    }
}
