import DbgSymbols
import Synchronization

/// The Swift types of every binary the program has loaded, by binary: a type the program's
/// values name may be declared in a library (Foundation's `Date`, a package's dynamic
/// library), whose reflection metadata is there. One per program; each binary's `SwiftTypes`
/// is made on first use and asks the directory for types it does not declare.
public final class SwiftTypeDirectory: Sendable {
    private let state = Mutex(State())

    private struct State {
        var images: [BinaryImage] = []
        /// Per binary path: its types (nil: it has no Swift reflection metadata).
        var byPath: [String: SwiftTypes?] = [:]
        /// Per type name: the binary declaring it (nil: none does).
        var declaring: [String: String?] = [:]
    }

    public init() {}

    /// The binaries the program has mapped now (the executable first).
    public func setImages(_ images: [BinaryImage]) {
        state.withLock {
            $0.images = images
            $0.declaring = [:]
        }
    }

    /// `image`'s Swift types; nil when it has no Swift reflection metadata.
    public func types(for image: BinaryImage) -> SwiftTypes? {
        if let known = state.withLock({ $0.byPath[image.path] }) { return known }
        let made = SwiftReflection.read(image.elf).map { reflection in
            SwiftTypes(reflection: reflection) { [weak self] name in self?.types(declaring: name) }
        }
        return state.withLock { state in
            if let known = state.byPath[image.path] { return known }
            state.byPath[image.path] = .some(made)
            return made
        }
    }

    /// The types of the binary that declares the nominal type `name` (`FoundationEssentials.Date`).
    func types(declaring name: String) -> SwiftTypes? {
        let (images, known) = state.withLock { ($0.images, $0.declaring[name]) }
        if let known {
            guard let path = known, let image = images.first(where: { $0.path == path }) else { return nil }
            return types(for: image)
        }
        for image in images {
            guard let types = types(for: image), types.reflection?.descriptor(named: name) != nil else { continue }
            state.withLock { $0.declaring[name] = .some(image.path) }
            return types
        }
        state.withLock { $0.declaring[name] = .some(nil) }
        return nil
    }
}
