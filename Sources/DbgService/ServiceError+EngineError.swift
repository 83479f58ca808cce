import DbgEngine

extension ServiceError {
    /// The engine's error as the service reports it: the same words, the kind carried over.
    init(_ error: EngineError) {
        self.init(error.message, kind: Self.kind(of: error.kind))
    }

    static func kind(of kind: EngineError.Kind) -> Kind {
        switch kind {
        case .notFound: return .notFound
        case .alreadyExists: return .alreadyExists
        case .notLoaded: return .notLoaded
        case .running: return .running
        case .exited: return .exited
        case .badInput: return .badInput
        case .unsupported: return .unsupported
        case .needsCall: return .needsCall
        case .failed: return .failed
        }
    }

    public static let exited = ServiceError("the program has exited; use restart", kind: .exited)
    public static let running = ServiceError("the program is running; halt it first", kind: .running)
}
