/// Types whose mangled names the runtime makes (`_mangledTypeName`) for
/// `SwiftMangledTypeParserTests`: the compiler's and runtime's spelling of nested generics,
/// substitutions, function attributes and compositions, rather than hand-written manglings.
enum GeneratedTypes {
    struct Größe {}
    struct OuterBox<T> {
        struct Inner<U> {}
        struct Plain {}
        enum Kind { case one }
        final class Reference {}
    }
    class Node<T> {}
    final class Leaf: Node<Int> {}
    enum Shape<T, U> {}
    struct LongNamedContainer<Element: Hashable>: Hashable {}
    struct LongNamedContainerIndex: Hashable {}
    protocol Drawable {}
    protocol Sized {}
    protocol Named: AnyObject {}
    actor Counter {}

    typealias Inout = (inout Int, String...) async throws -> Void
    typealias TypedThrows = (Int) throws(CancellationError) -> Void
    typealias MainActorSendable = @MainActor @Sendable () -> Void
    typealias Ownership = (__shared Int, __owned String) -> Void
    typealias CFunction = @convention(c) (Int32) -> Int32
    typealias IsolatedAny = @isolated(any) () async -> Void
    typealias SendingResult = () -> sending String
    typealias Labeled = (Int, String) -> (x: Int, y: Double)
    typealias Curried = (Int) -> (String) -> [Int]
    typealias Composition = any Drawable & Sized
    typealias ClassBoundComposition = any Drawable & AnyObject

    static let types: [Any.Type] = [
        Int.self, [Int].self, [Int?].self, [String: [Int]].self, Set<String>.self, Int??.self,
        (Int, String).self, (x: Int, y: Double).self, Void.self, [(Int, Int)].self,
        Inout.self, TypedThrows.self, MainActorSendable.self, Ownership.self, CFunction.self,
        IsolatedAny.self, SendingResult.self, Labeled.self, Curried.self, Optional<(Int) -> Int>.self,
        [(String) throws -> Void].self,
        (any Drawable).self, Composition.self, ClassBoundComposition.self, (any Named).self, AnyObject.self,
        Any.self, (any Named)?.self, [any Drawable].self,
        Int.Type.self, (any Drawable).Type.self, (any Drawable.Type).self, [Int].Type.self, Composition.Type.self,
        OuterBox<Int>.Inner<String>.self, OuterBox<Int>.Inner<OuterBox<Int>>.self, OuterBox<Int>.Plain.self,
        OuterBox<[String]>.Kind.self, OuterBox<OuterBox<Int>.Plain>.Reference.self,
        Dictionary<String, Int>.Keys.self, Dictionary<String, Int>.Index.self, Array<Int>.SubSequence.self,
        Node<String>.self, Leaf.self, Shape<Int, Shape<String, Bool>>.self, Größe.self, Counter.self,
        LongNamedContainer<LongNamedContainerIndex>.self, [LongNamedContainer<Int>: LongNamedContainerIndex].self,
        UnsafePointer<Int8>.self, UnsafeMutableRawPointer.self, UnsafeBufferPointer<UInt8>.self,
        Task<Int, Never>.self, CheckedContinuation<Int, any Error>.self, AsyncStream<Int>.self,
        ClosedRange<Int>.self, Range<Double>.self, Character.self, Substring.self, ObjectIdentifier.self,
        Result<Int, any Error>.self, Result<[String: Int?], CancellationError>.self, MainActor.self,
        KeyValuePairs<String, Int>.self, Unmanaged<Leaf>.self, StrideTo<Int>.self,
    ]

    /// `_mangledTypeName` of each type (no `$s`, no `D`).
    static var mangledNames: [String] { types.compactMap { _mangledTypeName($0) } }
}
