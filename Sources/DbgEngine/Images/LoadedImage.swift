import DbgSymbols

/// A binary mapped into the process: the image and how far from its own addresses it was
/// loaded (zero for fixed-address executables, the load base for PIEs and libraries).
public struct LoadedImage: Sendable {
    public let image: BinaryImage
    public let bias: UInt64
    /// The runtime address ranges its segments occupy.
    public let ranges: [AddressRange]

    public init(image: BinaryImage, bias: UInt64) {
        self.image = image
        self.bias = bias
        self.ranges = image.elf.segments.filter(\.isLoad).map { segment in
            AddressRange(segment.virtualAddress.value &+ bias, segment.virtualAddress.value &+ bias &+ segment.memorySize)
        }
    }

    public var path: String { image.path }

    public func contains(runtime address: UInt64) -> Bool { ranges.contains(Address(address)) }

    /// The image's own address for a runtime address.
    public func staticAddress(_ runtime: UInt64) -> Address { Address(runtime &- bias) }

    /// The runtime address of one of the image's own addresses.
    public func runtimeAddress(_ address: Address) -> UInt64 { address.value &+ bias }
}
