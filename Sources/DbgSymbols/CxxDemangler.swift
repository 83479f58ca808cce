import Glibc

/// C++ symbol names (`_ZN5swift34runJobInEstablishedExecutorContextEPNS_3JobE`) through the
/// C++ runtime's `__cxa_demangle`, as gdb shows them: `swift::runJobInEstablishedExecutorContext(swift::Job*)`.
/// Found at run time (the Swift runtime brings libstdc++); without it, names stay as they are.
public enum CxxDemangler {
    private typealias Demangle = @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int32>?
    ) -> UnsafeMutablePointer<CChar>?

    private struct Library: @unchecked Sendable {
        // @unchecked is safe: one function pointer, written before `shared` is published.
        let demangle: Demangle
        static let shared: Library? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__cxa_demangle")
            .map { Library(demangle: unsafeBitCast($0, to: Demangle.self)) }
    }

    /// The demangled name, or nil when `name` is not a C++ symbol.
    public static func demangle(_ name: String) -> String? {
        guard name.hasPrefix("_Z"), let library = Library.shared else { return nil }
        var status: Int32 = 0
        guard let result = name.withCString({ library.demangle($0, nil, nil, &status) }), status == 0 else { return nil }
        defer { free(result) }
        return String(cString: result)
    }
}
