import DbgSymbols

/// The binaries loaded in a process: the executable first, then shared libraries.
public struct ImageMap: Sendable {
    public private(set) var images: [LoadedImage]

    public init(images: [LoadedImage] = []) { self.images = images }

    public var executable: LoadedImage? { images.first }

    public mutating func add(_ image: LoadedImage) {
        images.removeAll { $0.path == image.path && $0.bias == image.bias }
        images.append(image)
    }

    public mutating func remove(path: String) { images.removeAll { $0.path == path } }

    public func image(containing runtime: UInt64) -> LoadedImage? {
        images.first { $0.contains(runtime: runtime) }
    }

    /// The function, and where in the source, for a runtime address.
    public func describe(_ runtime: UInt64) -> (image: LoadedImage, function: FunctionLocation?, source: SourceLocation?)? {
        guard let loaded = image(containing: runtime) else { return nil }
        let address = loaded.staticAddress(runtime)
        return (loaded, loaded.image.function(containing: address), loaded.image.sourceLocation(for: address))
    }
}
