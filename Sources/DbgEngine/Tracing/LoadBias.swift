import DbgProcess
import DbgSymbols

/// Where a position-independent binary was loaded: its first mapping's start minus its
/// first segment's page (0 for a fixed-address executable).
enum LoadBias {
    static func of(_ image: BinaryImage, pid: Int32, path: String) -> UInt64 {
        guard image.elf.isPositionIndependent,
              let firstLoad = image.elf.segments.filter(\.isLoad).map(\.virtualAddress.value).min()
        else { return 0 }
        let mapped = ProcessSnapshot.memoryMap(of: pid).filter { $0.path == path || $0.path == image.path }
        guard let start = mapped.map(\.start).min() else { return 0 }
        return start &- (firstLoad & ~0xfff)
    }
}
