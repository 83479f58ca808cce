import Glibc

@_silgen_name("swift_demangle")
private func swiftDemangle(
    _ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: Int,
    _ outputBuffer: UnsafeMutablePointer<CChar>?, _ outputBufferSize: UnsafeMutablePointer<Int>?,
    _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?

/// Swift symbol names through the runtime's own demangler (linked with every Swift program),
/// and their short form (`values.inspect(point:pet:)`) through the toolchain's
/// `libswiftDemangle.so` where it is installed.
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

    /// The name stacks, stops and breakpoints show: the short form where it can be made, else
    /// the full one; nil when `name` is not a Swift symbol.
    public static func displayName(_ name: String) -> String? {
        shortName(name) ?? demangle(name)
    }

    /// The name as a listing shows it: argument labels without types, no result type, the
    /// module in front of the entity (`tasks.fetch(id:)`, `closure #1 in tasks.sumAll(ids:)`,
    /// `static tasks.Main.main()`). Nil when it cannot be made (then show the full name).
    public static func shortName(_ name: String) -> String? {
        guard isMangled(name), let library = SimplifyingLibrary.shared,
              let simplified = library.call(library.simplified, name), !simplified.isEmpty
        else { return nil }
        guard let module = library.call(library.moduleName, name), !module.isEmpty, module != "Swift" else { return simplified }
        return qualified(simplified, module: module)
    }

    /// `module.` before the entity a simplified name ends with.
    public static func qualified(_ simplified: String, module: String) -> String {
        if let inside = simplified.ranges(of: " in ").last {
            return String(simplified[..<inside.upperBound]) + qualified(String(simplified[inside.upperBound...]), module: module)
        }
        for prefix in ["static ", "partial apply for ", "specialized ", "merged "] where simplified.hasPrefix(prefix) {
            return prefix + qualified(String(simplified.dropFirst(prefix.count)), module: module)
        }
        guard let first = simplified.first, first.isLetter || first == "_",
              let word = simplified.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).first,
              !Self.descriptiveWords.contains(String(word))
        else { return simplified }
        return module + "." + simplified
    }

    /// First words of names that describe a compiler-made entity rather than name a declaration.
    static let descriptiveWords: Set<String> = [
        "closure", "implicit", "thunk", "type", "lazy", "outlined", "protocol", "reabstraction", "variable",
        "default", "key", "property", "generic", "nominal", "method", "dispatch", "value", "static", "partial",
        "merged", "specialized", "unsafeMutableAddressor", "globalinit", "one",
    ]

    /// libswiftDemangle's C functions, found next to the runtime this program runs with.
    private struct SimplifyingLibrary: @unchecked Sendable {
        // @unchecked is safe: the two function pointers are written once, before `shared`
        // is published, and the library is never closed.
        typealias Function = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int
        let simplified: Function
        let moduleName: Function

        static let shared: SimplifyingLibrary? = load()

        private static func load() -> SimplifyingLibrary? {
            // The toolchain keeps the runtime in usr/lib/swift/linux and this library in usr/lib;
            // an installed dbg (make install, the .deb) keeps both in its private lib/dbg.
            guard let maps = ownMaps(),
                  let runtime = maps.split(separator: "\n").lazy.compactMap({ line in
                      line.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init)
                  }).first(where: { $0.hasSuffix("/libswiftCore.so") })
            else { return nil }
            var directory = runtime
            var directories: [String] = []
            for _ in 0..<3 {
                directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)])
                directories.append(directory)
            }
            for candidate in [directories[2] + "/libswiftDemangle.so", directories[0] + "/libswiftDemangle.so", "libswiftDemangle.so"] {
                guard let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL),
                      let simplified = dlsym(handle, "swift_demangle_getSimplifiedDemangledName"),
                      let moduleName = dlsym(handle, "swift_demangle_getModuleName")
                else { continue }
                return SimplifyingLibrary(
                    simplified: unsafeBitCast(simplified, to: Function.self), moduleName: unsafeBitCast(moduleName, to: Function.self))
            }
            return nil
        }

        /// This process's /proc/self/maps (at most 4 MiB).
        private static func ownMaps() -> String? {
            let fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while bytes.count < 4 << 20 {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                bytes += chunk[0..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        func call(_ function: Function, _ name: String) -> String? {
            var buffer = [CChar](repeating: 0, count: 1024)
            let length = name.withCString { function($0, &buffer, buffer.count) }
            guard length > 0 else { return nil }
            if length < buffer.count { return String(cString: buffer) }
            buffer = [CChar](repeating: 0, count: length + 1)
            _ = name.withCString { function($0, &buffer, buffer.count) }
            return String(cString: buffer)
        }
    }
}
