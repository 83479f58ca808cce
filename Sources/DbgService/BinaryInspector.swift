import DbgEngine
import DbgSymbols

/// Answers questions about a binary without running it: where locations resolve.
public struct BinaryInspector: Sendable {
    private let resolver: StaticLocationResolver
    public var path: String { resolver.image.path }
    public var hasDebugInfo: Bool { resolver.image.hasDebugInfo }

    public init(path: String) throws(ServiceError) {
        do {
            resolver = StaticLocationResolver(image: try BinaryImage.open(path))
        } catch {
            throw ServiceError(error.description)
        }
    }

    public func findLocations(_ text: String) throws(ServiceError) -> [API.Location] {
        do {
            let spec = try LocationSpec.parse(text)
            return try resolver.resolve(spec).map { resolved in
                API.Location(
                    pc: resolved.address.value, file: resolved.source?.file ?? "", line: resolved.source?.line ?? 0,
                    function: resolved.functionName.map {
                        API.Function(name: $0, value: resolver.image.function(containing: resolved.address)?.entry.value ?? 0)
                    })
            }
        } catch let error as LocationSpecError {
            throw ServiceError(error.description)
        } catch let error as LocationError {
            throw ServiceError(error.description)
        } catch {
            throw ServiceError("\(error)")
        }
    }
}
