import DbgProcess
import DbgSymbols
import Glibc

/// Where a position-independent binary was loaded: its first mapping's start minus its
/// first segment's page (0 for a fixed-address executable).
enum LoadBias {
    static func of(_ image: BinaryImage, pid: Int32, path: String) -> UInt64 {
        guard image.elf.isPositionIndependent,
              let firstLoad = image.elf.segments.filter(\.isLoad).map(\.virtualAddress.value).min()
        else { return 0 }
        // The memory map names files by their absolute, resolved path; `path` may be
        // `./hello` or go through a symbolic link.
        let names = Set([path, image.path].flatMap { [$0, canonical($0)] })
        let mapped = ProcessSnapshot.memoryMap(of: pid).filter { region in region.path.map(names.contains) ?? false }
        guard let start = mapped.map(\.start).min() else { return 0 }
        return start &- (firstLoad & ~0xfff)
    }

    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
