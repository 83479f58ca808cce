import Glibc

@_silgen_name("swift_demangle")
private func swiftDemangle(
    _ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: Int,
    _ outputBuffer: UnsafeMutablePointer<CChar>?, _ outputBufferSize: UnsafeMutablePointer<Int>?,
    _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?

/// Swift symbol names through the runtime's own demangler (linked with every Swift program).
public enum SwiftDemangler {
    public static func isMangled(_ name: String) -> Bool {
        name.hasPrefix("$s") || name.hasPrefix("_$s") || name.hasPrefix("$S") || name.hasPrefix("_T0")
    }

    /// The demangled name, or nil when `name` is not a Swift symbol.
    public static func demangle(_ name: String) -> String? {
        guard isMangled(name) else { return nil }
        let utf8 = Array(name.utf8CString)
        guard let result = utf8.withUnsafeBufferPointer({ swiftDemangle($0.baseAddress, utf8.count - 1, nil, nil, 0) })
        else { return nil }
        defer { free(result) }
        return String(cString: result)
    }
}
